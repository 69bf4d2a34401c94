import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { BoardSubscribeAck } from '@leaderboard/contracts';
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
    const { error } =
      exception instanceof DomainError
        ? errorBody(exception.code, exception.message, exception.details)
        : errorBody('INTERNAL', 'Something went wrong');
    if (!(exception instanceof DomainError)) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    ack?.({ ok: false, error });
  }
}
