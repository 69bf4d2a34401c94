import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';

/** `@Param('id', uuidParam)`: a malformed id answers VALIDATION_FAILED instead of a database error. */
export const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainError('VALIDATION_FAILED', 'id must be a UUID', [{ path: 'id', message: 'must be a UUID' }]),
});
