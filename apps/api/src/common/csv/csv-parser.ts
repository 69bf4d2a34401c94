/**
 * A streaming CSV reader (RFC 4180) shared by every import: bytes in, records out, memory bounded
 * by the limits whatever the input. Quotes, doubled quotes, newlines inside quotes, CRLF, LF and a
 * lone CR; a UTF-8 byte-order mark; `,` or `;` (Excel in a Russian locale) detected from the header
 * line. A broken record (invalid UTF-8, NUL, a field over the size limit, more fields than the
 * header, text after a closing quote, an unterminated quote) is yielded with its error, never thrown;
 * only the limits of the whole file (bytes, rows, header columns) throw a `CsvLimitError`.
 */

export interface CsvLimits {
  /** Bytes of the whole file. */
  maxBytes: number;
  /** Data rows (records after the header, blank ones not counted). */
  maxRows: number;
  /** Columns of the header. */
  maxColumns: number;
  /** Bytes of one field. */
  maxFieldBytes: number;
}

/** 50 MB holds 200,000 rows of a dozen columns; a field of a known column is at most 2,000 characters. */
export const DEFAULT_CSV_LIMITS: CsvLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxRows: 200_000,
  maxColumns: 256,
  maxFieldBytes: 64 * 1024,
};

/** One record: the header first, then each data row. `row` counts records from 1 (Excel's row number). */
export interface CsvRecord {
  row: number;
  /** The physical line the record starts on (differs from `row` after a newline inside quotes). */
  line: number;
  /** The decoded fields; a field the error is about is ''. At most the header's count. */
  values: string[];
  /** What makes the record unusable, with the 0-based column when it is about one field. */
  error?: { column?: number; message: string };
}

export type CsvLimitKind = 'bytes' | 'rows' | 'columns';

/** The whole file is refused: too large, too many rows, or a header of too many columns. */
export class CsvLimitError extends Error {
  constructor(
    readonly kind: CsvLimitKind,
    message: string,
  ) {
    super(message);
    this.name = 'CsvLimitError';
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;
/** The header line is looked at for its delimiter over at most this many bytes. */
const DETECT_BYTES = 64 * 1024;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;
const AFTER_CR = 4;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Push bytes as they arrive, take the records ready so far, `end()` once. */
export class CsvParser {
  /** `,` or `;`, known once the header line (or its first 64 KB) was seen. */
  delimiter: ',' | ';' | null = null;
  private delimiterByte = COMMA;
  private pending: Buffer[] = [];
  private scanned = 0;
  private scanInQuotes = false;
  private commas = 0;
  private semicolons = 0;

  private state = FIELD_START;
  private readonly field: Buffer;
  private fieldLen = 0;
  private fieldOverflow = false;
  private fieldHasNul = false;
  private values: string[] = [];
  private fieldCount = 0;
  private recordStarted = false;
  private error: { column?: number; message: string } | undefined;
  /** Header columns once the header was read; until then the limit of columns. */
  private width: number | null = null;
  private rowNumber = 0;
  private dataRows = 0;
  private line = 1;
  private recordLine = 1;
  private bytes = 0;
  private out: CsvRecord[] = [];

  constructor(private readonly limits: CsvLimits = DEFAULT_CSV_LIMITS) {
    this.field = Buffer.allocUnsafe(limits.maxFieldBytes);
  }

  /** Feeds a chunk; gives the records it completed. */
  push(chunk: Uint8Array): CsvRecord[] {
    this.bytes += chunk.length;
    if (this.bytes > this.limits.maxBytes) {
      throw new CsvLimitError('bytes', `the file is larger than ${this.limits.maxBytes} bytes`);
    }
    if (this.delimiter === null) this.detect(chunk);
    else this.tokenize(chunk);
    return this.take();
  }

  /** The input is complete: gives the last records. */
  end(): CsvRecord[] {
    if (this.delimiter === null) this.decide();
    if (this.state === QUOTED) this.fail('a quoted field is not closed (unterminated quote)');
    if (this.recordStarted) {
      this.endField();
      this.endRecord();
    }
    return this.take();
  }

  private take(): CsvRecord[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Counts unquoted `,` and `;` of the header line; the most frequent one wins (`,` on a tie). */
  private detect(chunk: Uint8Array): void {
    this.pending.push(Buffer.from(chunk));
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === QUOTE) this.scanInQuotes = !this.scanInQuotes;
      else if (!this.scanInQuotes) {
        if (b === COMMA) this.commas++;
        else if (b === SEMICOLON) this.semicolons++;
        else if (b === LF || b === CR) return this.decide();
      }
      if (++this.scanned >= DETECT_BYTES) return this.decide();
    }
  }

  private decide(): void {
    this.delimiter = this.semicolons > this.commas ? ';' : ',';
    this.delimiterByte = this.delimiter === ';' ? SEMICOLON : COMMA;
    let bytes = Buffer.concat(this.pending);
    this.pending = [];
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      bytes = bytes.subarray(3);
    }
    this.tokenize(bytes);
  }

  private tokenize(chunk: Uint8Array): void {
    const delimiter = this.delimiterByte;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      switch (this.state) {
        case AFTER_CR:
          // A lone CR ended the record; the LF of a CRLF is skipped, any other byte starts the next.
          this.state = FIELD_START;
          if (b === LF) break;
          this.startField(b, delimiter);
          break;
        case FIELD_START:
          this.startField(b, delimiter);
          break;
        case UNQUOTED:
          if (b === delimiter) {
            this.endField();
            this.state = FIELD_START;
          } else if (b === CR || b === LF) this.endLine(b);
          else this.add(b);
          break;
        case QUOTED:
          if (b === QUOTE) this.state = QUOTE_SEEN;
          else {
            if (b === LF) this.line++;
            this.add(b);
          }
          break;
        default: // QUOTE_SEEN
          if (b === QUOTE) {
            this.add(QUOTE);
            this.state = QUOTED;
          } else if (b === delimiter) {
            this.endField();
            this.state = FIELD_START;
          } else if (b === CR || b === LF) this.endLine(b);
          else {
            this.fail('text after a closing quote (a quote inside a quoted field is written "")');
            this.add(b);
            this.state = UNQUOTED;
          }
      }
    }
  }

  private startField(b: number, delimiter: number): void {
    this.recordStarted = true;
    if (b === QUOTE) this.state = QUOTED;
    else if (b === delimiter) this.endField();
    else if (b === CR || b === LF) this.endLine(b);
    else {
      this.add(b);
      this.state = UNQUOTED;
    }
  }

  private add(b: number): void {
    if (b === NUL) this.fieldHasNul = true;
    if (this.fieldLen < this.field.length) this.field[this.fieldLen++] = b;
    else this.fieldOverflow = true;
  }

  private fail(message: string, column?: number): void {
    if (this.error === undefined) this.error = column === undefined ? { message } : { column, message };
  }

  private endLine(b: number): void {
    this.endField();
    this.endRecord();
    this.line++;
    this.recordLine = this.line;
    this.state = b === CR ? AFTER_CR : FIELD_START;
  }

  private endField(): void {
    const column = this.fieldCount++;
    const width = this.width ?? this.limits.maxColumns;
    if (column >= width) {
      if (this.width === null) {
        throw new CsvLimitError('columns', `the header has more than ${this.limits.maxColumns} columns`);
      }
      this.resetField();
      return;
    }
    let value = '';
    if (this.fieldOverflow) this.fail(`the field is longer than ${this.limits.maxFieldBytes} bytes`, column);
    else if (this.fieldHasNul) this.fail('the field holds a NUL character', column);
    else {
      try {
        value = utf8.decode(this.field.subarray(0, this.fieldLen));
      } catch {
        this.fail('the field is not valid UTF-8 (save the file as "CSV UTF-8")', column);
      }
    }
    this.values.push(value);
    this.resetField();
  }

  private resetField(): void {
    this.fieldLen = 0;
    this.fieldOverflow = false;
    this.fieldHasNul = false;
  }

  private endRecord(): void {
    const row = ++this.rowNumber;
    const { values, error, fieldCount } = this;
    this.values = [];
    this.fieldCount = 0;
    this.error = undefined;
    this.recordStarted = false;
    const header = this.width === null;
    let problem = error;
    if (!header && fieldCount > (this.width ?? 0) && problem === undefined) {
      problem = { message: `the row has ${fieldCount} fields, the header ${this.width}` };
    }
    if (problem === undefined && values.every((value) => value === '')) return; // a blank row
    if (header) this.width = values.length;
    else if (++this.dataRows > this.limits.maxRows) {
      throw new CsvLimitError('rows', `the file has more than ${this.limits.maxRows} rows`);
    }
    this.emit(row, values, problem);
  }

  private emit(row: number, values: string[], error: CsvRecord['error']): void {
    this.out.push(
      error === undefined
        ? { row, line: this.recordLine, values }
        : { row, line: this.recordLine, values, error },
    );
  }
}

/** Reads a byte stream (an HTTP request, a file) record by record; the first record is the header. */
export async function* readCsv(
  source: AsyncIterable<Uint8Array | string>,
  limits: CsvLimits = DEFAULT_CSV_LIMITS,
): AsyncGenerator<CsvRecord, void, undefined> {
  const parser = new CsvParser(limits);
  for await (const chunk of source) {
    yield* parser.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  }
  yield* parser.end();
}
