import { CapBucket, type CapItem } from './cap-bucket.js';

const item = (minute: number, value: number, cap = 30, externalId = `e${minute}`): CapItem => ({
  occurredAt: minute * 60_000,
  source: 'crm',
  externalId,
  value,
  capMilli: cap,
  awarded: 0,
  usedBefore: Number.NaN,
});

function recorder() {
  const calls: Array<[string, number, number]> = [];
  const onAward = (it: CapItem, previous: number): void => {
    calls.push([it.externalId, previous, it.awarded]);
  };
  return { calls, onAward };
}

describe('CapBucket', () => {
  it('appends in order touching only the new item', () => {
    const b = new CapBucket<CapItem>('calls', 0);
    const r = recorder();
    for (let m = 0; m < 4; m++) b.insert(item(m, 10), r.onAward);
    expect(r.calls).toEqual([
      ['e0', 0, 10],
      ['e1', 0, 10],
      ['e2', 0, 10],
    ]);
    expect(b.used()).toBe(30);
    expect(b.items.map((i) => i.awarded)).toEqual([10, 10, 10, 0]);
  });

  it('re-allocates from a late insert and stops once usage is unchanged', () => {
    const b = new CapBucket<CapItem>('calls', 0);
    const noop = recorder();
    for (const m of [1, 2, 3, 4, 5]) b.insert(item(m, 10), noop.onAward);
    const r = recorder();
    b.insert(item(0, 5), r.onAward);
    // e0 takes 5, e1 and e2 keep 10 (25 used), e3 drops to 5; e4 saw 30 used before and still does: stop.
    expect(r.calls).toEqual([
      ['e0', 0, 5],
      ['e3', 10, 5],
    ]);
    expect(b.items.map((i) => i.awarded)).toEqual([5, 10, 10, 5, 0, 0]);
    // A zero-value late item changes nobody.
    const z = recorder();
    b.insert(item(0, 0, 30, 'zero'), z.onAward);
    expect(z.calls).toEqual([]);
  });

  it('ties are ordered by (source, externalId), whatever the arrival', () => {
    const b = new CapBucket<CapItem>('calls', 0);
    const r = recorder();
    b.insert(item(0, 20, 30, 'b'), r.onAward);
    b.insert(item(0, 20, 30, 'a'), r.onAward);
    expect(b.items.map((i) => [i.externalId, i.awarded])).toEqual([
      ['a', 20],
      ['b', 10],
    ]);
  });

  it('removal hands the freed room to later items', () => {
    const b = new CapBucket<CapItem>('calls', 0);
    const noop = recorder();
    const items = [item(0, 20), item(1, 20), item(2, 20)];
    for (const it of items) b.insert(it, noop.onAward);
    const r = recorder();
    (items[0] as CapItem).awarded = 0;
    b.remove(items[0] as CapItem, r.onAward);
    expect(r.calls).toEqual([
      ['e1', 10, 20],
      ['e2', 0, 10],
    ]);
    expect(b.used()).toBe(30);
  });
});
