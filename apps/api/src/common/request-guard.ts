import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { ErrorDetail } from '@leaderboard/contracts';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from './domain-error.js';

/**
 * The one place that bounds what a request may carry before any DTO, class-transformer or SQL
 * sees it (issue 13, items 3 and 8):
 * - a JSON body nested deeper than `MAX_JSON_DEPTH`, holding more than `MAX_JSON_VALUES` values
 *   or an object of more than `MAX_OBJECT_KEYS` members is refused from its raw bytes, before
 *   `JSON.parse` (a deeply nested body is slow to parse and then overflows the stack of
 *   class-transformer; the figures are in ARCHITECTURE.md, "Request bounds before parsing");
 * - a JSON body that is not valid UTF-8 is refused (decoding would store U+FFFD silently);
 * - no string of the body or the query, and no object key, may hold NUL (PostgreSQL cannot store
 *   it in text or jsonb) or a lone surrogate (not Unicode: PostgreSQL refuses it in jsonb and
 *   stores U+FFFD in text); the refusal names each field path, e.g. `events.3.attributes.note`.
 * The body size is bounded by the JSON parser's limit (`JSON_BODY_LIMIT`).
 */

/** Arrays and objects inside each other. The deepest legitimate document, a rule-set draft
 *  (`document.rules.<type>.weights[i].if.<attr>.in[]`), is 9 deep. */
export const MAX_JSON_DEPTH = 32;

/**
 * Values in one body (scalars, arrays and objects). The largest legitimate body, 1,000 events with
 * 64 attributes each, holds about 75,000. class-transformer spends time on each value, so a body
 * of millions of tiny values holds the process for seconds.
 */
export const MAX_JSON_VALUES = 100_000;

/**
 * Members of one object. Event attributes are at most 64; class-transformer's time grows with the
 * square of an object's keys.
 */
export const MAX_OBJECT_KEYS = 1_000;

/** At most this many bad strings are listed in one refusal. */
const MAX_DETAILS = 20;

const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/** A refusal raised inside the JSON parser (body-parser turns its `status` into the answer). */
class JsonBodyRefused extends Error {
  readonly status = 400;
  readonly expose = true;
  constructor(
    message: string,
    readonly type: string,
  ) {
    super(message);
  }
}

export interface JsonShapeLimits {
  depth: number;
  values: number;
  objectKeys: number;
}

const BODY_LIMITS: JsonShapeLimits = {
  depth: MAX_JSON_DEPTH,
  values: MAX_JSON_VALUES,
  objectKeys: MAX_OBJECT_KEYS,
};

/**
 * What is wrong with the shape of JSON text, or null: nested deeper than `limits.depth`, more
 * values than `limits.values` (counted as commas plus arrays and objects plus one: never fewer than
 * there are), or an object with more than `limits.objectKeys` members. One pass over the bytes, no
 * recursion, no parse; brackets and commas inside strings do not count.
 */
export function jsonShapeProblem(bytes: Uint8Array, limits: JsonShapeLimits = BODY_LIMITS): string | null {
  // Per open container (at most limits.depth + 1 deep): its commas so far, or -1 for an array.
  const commas = new Int32Array(Math.min(limits.depth, 1_000) + 2);
  let depth = 0;
  let values = 1;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === COMMA) {
      if (++values > limits.values) return `The request body holds more than ${limits.values} values`;
      if (depth > 0 && commas[depth] >= 0 && ++commas[depth] >= limits.objectKeys) {
        return `An object in the request body has more than ${limits.objectKeys} members`;
      }
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (++depth > limits.depth) return `The request body is nested deeper than ${limits.depth} levels`;
      if (++values > limits.values) return `The request body holds more than ${limits.values} values`;
      commas[depth] = byte === OPEN_BRACE ? 0 : -1;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      if (depth > 0) depth--;
    }
  }
  return null;
}

/**
 * The JSON parser's `verify` hook: runs on the raw body before `JSON.parse`. Throwing here
 * answers 400 through the exception filter.
 */
export function verifyJsonBody(req: IncomingMessage, _res: unknown, body: Buffer, encoding: string): void {
  const problem = jsonShapeProblem(body);
  if (problem !== null) throw new JsonBodyRefused(problem, 'entity.too.complex');
  if (/^utf-?8$/i.test(encoding)) {
    if (!isUtf8(body)) throw new JsonBodyRefused('The request body is not valid UTF-8', 'entity.not.utf8');
    // Valid UTF-8 cannot encode a surrogate, and JSON refuses a raw control character in a string:
    // NUL or a lone surrogate can only come from a `\u` escape, and a reserved key is spelt out
    // or escaped. Without either, no string needs a look.
    if (!body.includes('\\u') && !RESERVED_KEYS.some((key) => body.includes(key))) {
      bodiesWithoutEscapes.add(req);
    }
  }
}

/**
 * Keys Nest's ValidationPipe deletes from a body in place (`__proto__`, `constructor`) or that
 * name an object's own machinery: silently dropped, a rule condition `{ constructor: {...} }` would
 * become `{}` (always true). Refused instead, wherever they stand.
 */
const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Requests whose JSON body holds no `\u` escape nor reserved key (see `verifyJsonBody`). */
const bodiesWithoutEscapes = new WeakSet<IncomingMessage>();

/** NUL, or a surrogate that is not half of a pair (`u` mode reads a pair as one code point). */
const BAD_CHARACTER = /[\0\p{Cs}]/u;

function problemOf(text: string): string | null {
  const match = BAD_CHARACTER.exec(text);
  if (match === null) return null;
  return match[0] === '\0'
    ? 'must not contain NUL (U+0000)'
    : 'must not contain a lone surrogate (not valid Unicode)';
}

/**
 * Every string and object key of a parsed JSON value (or query) that holds NUL or a lone
 * surrogate, as `{ path, message }` (at most 20). Recursion is safe: the depth was bounded
 * before parsing (`verifyJsonBody`), and query strings nest at most a few levels.
 */
export function badStrings(value: unknown, root = ''): ErrorDetail[] {
  const found: ErrorDetail[] = [];
  // The path is kept as a stack of keys and joined only for a finding (no string per node).
  const keys: Array<string | number> = root === '' ? [] : [root];
  const report = (message: string): void => {
    found.push({ path: keys.length === 0 ? '(body)' : keys.join('.'), message });
  };
  const visit = (node: unknown): void => {
    if (found.length >= MAX_DETAILS) return;
    if (typeof node === 'string') {
      const message = problemOf(node);
      if (message !== null) report(message);
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        keys.push(i);
        visit(node[i]);
        keys.pop();
      }
    } else if (typeof node === 'object' && node !== null) {
      for (const key of Object.keys(node)) {
        const message = problemOf(key);
        if (message !== null) report(`a key ${message}`);
        keys.push(key);
        if (RESERVED_KEYS.includes(key)) report(`"${key}" is a reserved name, not a field`);
        visit((node as Record<string, unknown>)[key]);
        keys.pop();
      }
    }
  };
  visit(value);
  return found.slice(0, MAX_DETAILS);
}

/**
 * `jsonShapeProblem` for a value parsed elsewhere (Socket.IO messages), before class-transformer
 * walks it: the same limits, counted the same way, with an explicit stack (no recursion).
 */
export function valueShapeProblem(value: unknown, limits: JsonShapeLimits = BODY_LIMITS): string | null {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let values = 1;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > limits.depth) return `The payload is nested deeper than ${limits.depth} levels`;
    const children = Array.isArray(node) ? (node as unknown[]) : Object.values(node);
    if (!Array.isArray(node) && children.length > limits.objectKeys) {
      return `An object in the payload has more than ${limits.objectKeys} members`;
    }
    // As counted in JSON text: the container, and one more per comma between its members.
    values += 1 + Math.max(children.length - 1, 0);
    if (values > limits.values) return `The payload holds more than ${limits.values} values`;
    for (const child of children) stack.push([child, depth + 1]);
  }
  return null;
}

/** Refuses a parsed payload of a bad shape or holding NUL or a lone surrogate (DomainError). */
export function assertPlainPayload(value: unknown): void {
  const problem = valueShapeProblem(value);
  if (problem !== null) throw new DomainError('VALIDATION_FAILED', problem);
  const details = badStrings(value);
  if (details.length > 0) {
    throw new DomainError('VALIDATION_FAILED', 'The payload holds text that cannot be stored', details);
  }
}

/**
 * The path's segments as route parameters will read them (percent-decoded) that hold NUL or a lone
 * surrogate (`/users/a%00b`); a segment that does not decode is left to the router's own 400.
 */
export function badPathSegments(path: string): ErrorDetail[] {
  const found: ErrorDetail[] = [];
  for (const [index, segment] of path.split('/').entries()) {
    if (!segment.includes('%')) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      continue;
    }
    const problem = problemOf(decoded);
    if (problem !== null) found.push({ path: `path segment ${index}`, message: problem });
  }
  return found;
}

/** Express middleware after the JSON parser: refuses bad strings in the path, the body and the query. */
export function rejectBadStrings(req: Request, _res: Response, next: NextFunction): void {
  const details = [
    ...badPathSegments(req.path),
    ...(bodiesWithoutEscapes.has(req) ? [] : badStrings(req.body)),
    ...badStrings(req.query, 'query'),
  ];
  if (details.length === 0) return next();
  next(new DomainError('VALIDATION_FAILED', 'The request holds text that cannot be stored', details));
}
