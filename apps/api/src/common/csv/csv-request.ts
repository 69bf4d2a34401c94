import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../domain-error.js';
import { CsvLimitError, DEFAULT_CSV_LIMITS, type CsvLimits } from './csv-parser.js';

/**
 * Hands the raw body of a CSV upload, as a stream of chunks, to `consume`; never buffers it and
 * never goes through the JSON parser (that one reads only `application/json`, refused here). Turns
 * the reader's limits into answers: the size and the row count 413, the header's columns 422.
 * Whatever happens, the rest of the body is drained, so the client gets the answer, not a reset.
 */
export async function consumeCsvUpload<T>(
  req: Request,
  consume: (chunks: AsyncIterable<Uint8Array>, limits: CsvLimits) => Promise<T>,
  limits: CsvLimits = DEFAULT_CSV_LIMITS,
): Promise<T> {
  try {
    if (req.is('application/json') || req.is('application/x-www-form-urlencoded') || req.is('multipart/*')) {
      throw new UnsupportedMediaTypeException('Send the file itself as the body, as text/csv');
    }
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > limits.maxBytes) {
      throw new PayloadTooLargeException(`The file is larger than ${limits.maxBytes} bytes`);
    }
    return await consume(req.iterator({ destroyOnReturn: false }), limits);
  } catch (error) {
    if (!(error instanceof CsvLimitError)) throw error;
    if (error.kind === 'columns') {
      throw new DomainError('BATCH_INVALID', `The file is refused: ${error.message}`, [
        { index: 1, path: 'row 1', message: error.message },
      ]);
    }
    throw new PayloadTooLargeException(`The file is refused: ${error.message}`);
  } finally {
    if (!req.readableEnded) req.resume();
  }
}
