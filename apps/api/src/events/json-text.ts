/** JSON text of scalar values on the ingest path (content hash, stored payload). */

/** Characters that JSON.stringify escapes in a string (a lone surrogate among them). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Exactly JSON.stringify(value) for a string, number, boolean or null; faster for plain strings. */
export function jsonOf(value: unknown): string {
  if (typeof value === 'string') return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 'null';
  return JSON.stringify(value);
}
