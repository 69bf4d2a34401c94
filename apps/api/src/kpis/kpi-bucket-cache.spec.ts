import { KpiBucketCache, type KpiCacheEntry } from './kpi-bucket-cache.js';

const entry = (value: string, cursor = 1n): KpiCacheEntry<string> => ({
  value,
  cursor,
  touches: [{ from: null, to: new Date(0), types: null }],
});

describe('KpiBucketCache', () => {
  it('holds at most its capacity, dropping the least recently used entry', () => {
    const cache = new KpiBucketCache<string>(3);
    cache.set('a', entry('A'));
    cache.set('b', entry('B'));
    cache.set('c', entry('C'));
    expect(cache.get('a')?.value).toBe('A'); // a is now the most recently used
    cache.set('d', entry('D'));
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.keys()).toEqual(['c', 'a', 'd']);
    cache.set('e', entry('E'));
    expect(cache.keys()).toEqual(['a', 'd', 'e']);
  });

  it('replacing an entry neither grows the cache nor evicts another', () => {
    const cache = new KpiBucketCache<string>(2);
    cache.set('a', entry('A'));
    cache.set('b', entry('B'));
    cache.set('a', entry('A2', 7n));
    expect(cache.keys()).toEqual(['b', 'a']);
    expect(cache.get('a')).toMatchObject({ value: 'A2', cursor: 7n });
    cache.delete('b');
    expect(cache.keys()).toEqual(['a']);
  });

  it('forgets everything when the ledger is another one, not when it is the same', () => {
    const cache = new KpiBucketCache<string>(4);
    cache.useLedger('16384');
    cache.set('a', entry('A'));
    cache.useLedger('16384');
    expect(cache.size).toBe(1);
    cache.useLedger('16999'); // TRUNCATE gave events a new file
    expect(cache.size).toBe(0);
    expect(cache.get('a')).toBeUndefined();
  });

  it('refuses a capacity below one entry', () => {
    expect(() => new KpiBucketCache<string>(0)).toThrow(RangeError);
    expect(() => new KpiBucketCache<string>(1.5)).toThrow(RangeError);
    expect(new KpiBucketCache<string>(1).capacity).toBe(1);
  });
});
