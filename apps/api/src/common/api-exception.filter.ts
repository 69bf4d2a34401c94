import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { ErrorBody, ErrorCode, ErrorDetail } from '@leaderboard/contracts';
import type { Response } from 'express';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable.js';
import { DomainError } from './domain-error.js';
import { errorBody } from './error-body.js';

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'VALIDATION_FAILED',
  415: 'VALIDATION_FAILED',
  422: 'VALIDATION_FAILED',
};

/** A body-parser error (malformed JSON, payload too large) as it reaches the filter. */
interface BodyParserError {
  type: string;
  status?: number;
  statusCode?: number;
  message: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof ((error as BodyParserError).status ?? (error as BodyParserError).statusCode) === 'number'
  );
}

/** What the filter answers: a status, the SPEC section 9 body and any extra headers. */
export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/** `Retry-After` for a refusal that says when to come back (429, 503), in whole seconds. */
function retryAfter(error: DomainError): Pick<ErrorResponse, 'headers'> {
  const seconds =
    error.retryAfterSec ?? (error.code === 'UNAVAILABLE' ? DATABASE_RETRY_AFTER_SECONDS : undefined);
  return seconds === undefined ? {} : { headers: { 'Retry-After': String(Math.max(1, Math.ceil(seconds))) } };
}

/** Maps any error to a status and the SPEC section 9 body. */
export function toErrorResponse(exception: unknown, logger: Logger): ErrorResponse {
  if (exception instanceof DomainError) {
    return {
      status: exception.status,
      body: errorBody(exception.code, exception.message, exception.details),
      ...retryAfter(exception),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const messages =
      typeof response === 'object' && response !== null && 'message' in response
        ? (response as { message: unknown }).message
        : null;
    const details: ErrorDetail[] = Array.isArray(messages)
      ? messages.map((m) => ({ message: String(m) }))
      : [];
    const message = typeof messages === 'string' ? messages : exception.message;
    if (status >= 500) logger.error(exception.stack ?? exception.message);
    return {
      status,
      body: errorBody(
        CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'),
        message,
        details,
      ),
    };
  }
  if (isBodyParserError(exception)) {
    const status = exception.status ?? exception.statusCode ?? 400;
    const message =
      exception.type === 'entity.too.large'
        ? 'The request body is too large'
        : exception.type === 'entity.parse.failed'
          ? 'The request body is not valid JSON'
          : exception.message;
    return { status, body: errorBody(status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED', message) };
  }
  if (isDatabaseUnavailable(exception)) {
    logger.warn(
      `Database unreachable: ${exception instanceof Error ? exception.message : String(exception)}`,
    );
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      body: errorBody('UNAVAILABLE', 'The database cannot be reached; try again shortly'),
      headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
    };
  }
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: errorBody('INTERNAL', 'Internal server error') };
}

/** The one exception filter: DomainError, Nest HTTP errors, body-parser errors, anything else. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body, headers } = toErrorResponse(exception, this.logger);
    if (response.headersSent) return;
    if (headers) response.set(headers);
    response.status(status).json(body);
  }
}
