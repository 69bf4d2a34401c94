import type { IncomingMessage } from 'node:http';
import { raw, type NextFunction, type Request, type Response } from 'express';

/** The largest webhook body accepted (form-encoded or JSON, any type): 413 above. */
export const HOOK_BODY_LIMIT = '1mb';

const bodies = new WeakMap<IncomingMessage, Buffer>();
const readRaw = raw({ type: () => true, limit: HOOK_BODY_LIMIT });

/**
 * Mounted on `/api/hooks` before the JSON parser: keeps the body exactly as received (signatures
 * cover the raw bytes) and leaves `req.body` empty, so neither the JSON parser (it sees the body
 * read) nor the string guard after it walks a webhook's bytes.
 */
export function hookBody(req: Request, res: Response, next: NextFunction): void {
  readRaw(req, res, (error?: unknown) => {
    if (error) return next(error);
    bodies.set(req, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    req.body = {};
    next();
  });
}

/** The raw body `hookBody` kept (empty for a request without one). */
export function rawHookBody(req: IncomingMessage): Buffer {
  return bodies.get(req) ?? Buffer.alloc(0);
}
