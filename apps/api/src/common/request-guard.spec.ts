import fc from 'fast-check';
import { badStrings, jsonDepthExceeds, valueDepthExceeds } from './request-guard.js';

/** Nesting depth of a parsed JSON value (arrays and objects), by recursion: the reference. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

/** JSON values whose strings hold brackets, quotes and backslashes (which must not count). */
const tricky = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', '\u0000') });
const json = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.integer(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(tricky, tie('node'), { maxKeys: 4 }),
  ),
})).node;

describe('request guard', () => {
  it('counts the depth of JSON text exactly as the parsed value has it, whatever the strings hold', () => {
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 6 }), (value, max) => {
        const text = Buffer.from(JSON.stringify(value));
        expect(jsonDepthExceeds(text, max)).toBe(depthOf(value) > max);
        expect(valueDepthExceeds(value, max)).toBe(depthOf(value) > max);
      }),
    );
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
});
