import fc from 'fast-check';
import {
  badPathSegments,
  badStrings,
  jsonShapeProblem,
  valueShapeProblem,
  type JsonShapeLimits,
} from './request-guard.js';

/** Nesting depth of a parsed JSON value (arrays and objects), by recursion: the reference. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

/** JSON values whose strings hold brackets, commas, quotes and backslashes (which must not count). */
const tricky = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', ',', '"', '\\', 'a', '\u0000') });
const json = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.integer(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 5 }),
    fc.dictionary(tricky, tie('node'), { maxKeys: 5 }),
  ),
})).node;
const limits = fc.record({
  depth: fc.integer({ min: 0, max: 6 }),
  values: fc.integer({ min: 1, max: 40 }),
  objectKeys: fc.integer({ min: 1, max: 5 }),
});

describe('request guard', () => {
  it('counts the depth of JSON text exactly as the parsed value has it, whatever the strings hold', () => {
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 6 }), (value, max) => {
        const text = Buffer.from(JSON.stringify(value));
        const only: JsonShapeLimits = { depth: max, values: Infinity, objectKeys: Infinity };
        expect(jsonShapeProblem(text, only) !== null).toBe(depthOf(value) > max);
        expect(valueShapeProblem(value, only) !== null).toBe(depthOf(value) > max);
      }),
    );
  });

  it('refuses the same bodies from the raw text as from the parsed value (depth, values, keys)', () => {
    fc.assert(
      fc.property(json, limits, (value, bounds) => {
        const fromText = jsonShapeProblem(Buffer.from(JSON.stringify(value)), bounds);
        expect(fromText !== null).toBe(valueShapeProblem(value, bounds) !== null);
      }),
    );
  });

  it('counts the members of each object, not of arrays', () => {
    const keys = (n: number) =>
      JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, [1, 2]])));
    const bounds = { depth: 32, values: 1_000, objectKeys: 10 };
    expect(jsonShapeProblem(Buffer.from(keys(10)), bounds)).toBeNull();
    expect(jsonShapeProblem(Buffer.from(keys(11)), bounds)).toContain('more than 10 members');
    expect(jsonShapeProblem(Buffer.from(JSON.stringify([Array(50).fill(0)])), bounds)).toBeNull();
  });

  it('finds NUL and lone surrogates in strings and keys with their paths, and passes emoji', () => {
    expect(
      badStrings({
        events: [{}, { attributes: { note: 'a\u0000', ok: '🚀', 'k\ud800': 1 } }],
        name: '\udfff',
      }),
    ).toEqual([
      { path: 'events.1.attributes.note', message: 'must not contain NUL (U+0000)' },
      { path: 'events.1.attributes', message: 'a key must not contain a lone surrogate (not valid Unicode)' },
      { path: 'name', message: 'must not contain a lone surrogate (not valid Unicode)' },
    ]);
    expect(badStrings('\u0000')).toEqual([{ path: '(body)', message: 'must not contain NUL (U+0000)' }]);
    expect(badStrings({ a: ['🚀', 'é', '\ud83d\ude80'], b: 1 })).toEqual([]);
  });

  it('finds NUL and lone surrogates in percent-decoded path segments, leaving undecodable ones to the router', () => {
    expect(badPathSegments('/api/connectors/c1/users/a%00b')).toEqual([
      { path: 'path segment 5', message: 'must not contain NUL (U+0000)' },
    ]);
    expect(badPathSegments('/api/reps/%ED%A0%80')).toEqual([]);
    expect(badPathSegments('/api/x/%uD800')).toEqual([]);
    expect(badPathSegments('/api/connectors/c1/users/%D0%90%F0%9F%98%80')).toEqual([]);
    expect(badPathSegments('/api/connectors/c1/users/plain')).toEqual([]);
  });
});
