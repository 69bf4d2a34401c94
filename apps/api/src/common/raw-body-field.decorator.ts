import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * One field of the request body exactly as parsed from JSON, not the DTO's class-transformer copy.
 * For documents a domain validator checks by hand (a rule set): class-transformer rebuilds nested
 * objects and silently drops keys such as `constructor`, `toString` or `valueOf`, so a condition
 * `{ constructor: { ne: 'x' } }` became `{}` (always true) and was stored so. The DTO still checks
 * the body's shape; the global ValidationPipe leaves custom decorators alone.
 */
export const RawBodyField = createParamDecorator((field: string, context: ExecutionContext): unknown => {
  const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
  return typeof body === 'object' && body !== null && Object.prototype.hasOwnProperty.call(body, field)
    ? (body as Record<string, unknown>)[field]
    : undefined;
});
