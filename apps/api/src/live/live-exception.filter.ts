import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { BoardSubscribeAck, ErrorBody } from '@leaderboard/contracts';

type BoardSubscribeAckError = ErrorBody['error'];
import { isDatabaseUnavailable } from '../common/database-unavailable.js';
import { DomainError } from '../common/domain-error.js';
import { errorBody } from '../common/error-body.js';

/**
 * Gateway errors answer the message's acknowledgement with `{ ok: false, error }` (the body of
 * SPEC section 9), instead of Nest's default `exception` event the client would not wait for.
 */
@Catch()
export class LiveExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(LiveExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ack = host
      .getArgs()
      .find((arg): arg is (answer: BoardSubscribeAck) => void => typeof arg === 'function');
    ack?.({ ok: false, error: this.errorOf(exception) });
  }

  /** The error of the answer: a domain error as it is, an unreachable database as UNAVAILABLE. */
  private errorOf(exception: unknown): BoardSubscribeAckError {
    if (exception instanceof DomainError) {
      return errorBody(exception.code, exception.message, exception.details).error;
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(
        `Database unreachable: ${exception instanceof Error ? exception.message : String(exception)}`,
      );
      return errorBody('UNAVAILABLE', 'The database cannot be reached; try again shortly').error;
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return errorBody('INTERNAL', 'Something went wrong').error;
  }
}
