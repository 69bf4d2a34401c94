import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { ErrorDetail } from '@leaderboard/contracts';
import { DomainError } from './domain-error.js';
import { assertPlainPayload } from './request-guard.js';

/** At most this many problems are listed in one refusal. */
const MAX_DETAILS = 100;

function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * ValidationPipe that first bounds the payload (shape, NUL, lone surrogates; see request-guard.ts)
 * before class-transformer walks it: HTTP bodies are bounded by the JSON parser already, Socket.IO
 * messages only here.
 */
class BoundedValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (this.toValidate(metadata)) assertPlainPayload(value);
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** The global pipe: whitelist DTOs, refuse unknown fields, map failures to 400 VALIDATION_FAILED. */
export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      // A body of 99,000 unknown members answered 6 MB of "should not exist": the first 100 tell enough.
      return new DomainError(
        'VALIDATION_FAILED',
        details.length > MAX_DETAILS
          ? `The request is not valid (${details.length} problems, the first ${MAX_DETAILS} listed)`
          : 'The request is not valid',
        details.slice(0, MAX_DETAILS),
      );
    },
  });
}
