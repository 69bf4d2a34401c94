import { KeyedMap } from './keyed-map.js';

describe('KeyedMap', () => {
  it('keys by (source, externalId) without collisions between joined strings', () => {
    const m = new KeyedMap<number>();
    expect(m.add('a', 'bc', 1)).toBe(true);
    expect(m.add('ab', 'c', 2)).toBe(true);
    expect(m.add('a', 'bc', 3)).toBe(false);
    expect(m.get('a', 'bc')).toBe(1);
    expect(m.get('ab', 'c')).toBe(2);
    expect(m.has('x', 'bc')).toBe(false);
    expect(m.size).toBe(2);
    expect([...m.values()].sort()).toEqual([1, 2]);
  });
});
