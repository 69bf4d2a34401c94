/** The digests vendors sign with, and the one comparison of a signature: constant time. */
import { createHash, createHmac, timingSafeEqual, type BinaryLike } from 'node:crypto';

/** Constant-time comparison of two strings (false at once when their lengths differ). */
export function safeEqual(actual: string, expected: string): boolean {
  const a = Buffer.from(actual, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function hmac(algorithm: 'sha1' | 'sha256', key: string, data: BinaryLike): Buffer {
  return createHmac(algorithm, key).update(data).digest();
}

export function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}
