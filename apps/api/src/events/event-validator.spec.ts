import { contentHash, parseInstant, validateEventBatch } from './event-validator.js';

const event = {
  source: 'crm',
  externalId: 'e-1',
  type: 'call',
  rep: 'anna@example.com',
  occurredAt: '2026-11-18T10:00:00+03:00',
  attributes: { durationSec: 90, outcome: 'connected', scriptFollowed: true },
};

describe('parseInstant', () => {
  it('reads Z and offsets to the same instant', () => {
    expect(parseInstant('2026-11-18T07:00:00Z')).toBe(Date.UTC(2026, 10, 18, 7));
    expect(parseInstant('2026-11-18T10:00:00+03:00')).toBe(Date.UTC(2026, 10, 18, 7));
    expect(parseInstant('2026-11-18T02:30:00.250-04:30')).toBe(Date.UTC(2026, 10, 18, 7, 0, 0, 250));
  });

  it('refuses instants without an offset and impossible dates', () => {
    for (const text of [
      '2026-11-18T10:00:00',
      '2026-11-18',
      '2026-02-29T10:00:00Z',
      '2026-13-01T10:00:00Z',
      '2026-11-18T24:00:00Z',
      'yesterday',
    ]) {
      expect([text, parseInstant(text)]).toEqual([text, null]);
    }
    expect(parseInstant('2028-02-29T10:00:00Z')).not.toBeNull();
  });
});

describe('validateEventBatch', () => {
  it('accepts one event or a batch', () => {
    expect(validateEventBatch(event)).toMatchObject({
      ok: true,
      batch: false,
      events: [{ externalId: 'e-1', type: 'call' }],
    });
    expect(validateEventBatch({ events: [event, { ...event, externalId: 'e-2' }] })).toMatchObject({
      ok: true,
      batch: true,
    });
  });

  it('names every bad index and path', () => {
    const result = validateEventBatch({
      events: [
        event,
        { ...event, source: '' },
        { ...event, attributes: { amount: 1.5, nested: [1] } },
        { ...event, extra: 1 },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.index, p.path])).toEqual([
      [1, 'events[1].source'],
      [2, 'events[2].attributes.amount'],
      [2, 'events[2].attributes.nested'],
      [3, 'events[3].extra'],
    ]);
  });

  it('requires voids exactly on void events', () => {
    expect(validateEventBatch({ ...event, type: 'void' }).ok).toBe(false);
    expect(validateEventBatch({ ...event, voids: { source: 'crm', externalId: 'x' } }).ok).toBe(false);
    expect(
      validateEventBatch({
        ...event,
        externalId: 'v',
        type: 'void',
        voids: { source: 'crm', externalId: 'e-1' },
      }).ok,
    ).toBe(true);
  });

  it('refuses empty and oversized batches', () => {
    expect(validateEventBatch({ events: [] }).ok).toBe(false);
    expect(
      validateEventBatch({
        events: Array.from({ length: 1001 }, (_, i) => ({ ...event, externalId: `e${i}` })),
      }).ok,
    ).toBe(false);
    expect(validateEventBatch(null).ok).toBe(false);
  });
});

describe('contentHash', () => {
  it('ignores attribute order and offset notation, and sees every content change', () => {
    const a = contentHash('call', 'r', 1000, { a: 1, b: 'x' }, null, null);
    expect(contentHash('call', 'r', 1000, { b: 'x', a: 1 }, null, null)).toBe(a);
    expect(contentHash('call', 'r', 1001, { a: 1, b: 'x' }, null, null)).not.toBe(a);
    expect(contentHash('call', 'r', 1000, { a: '1', b: 'x' }, null, null)).not.toBe(a);
    expect(contentHash('email', 'r', 1000, { a: 1, b: 'x' }, null, null)).not.toBe(a);
    expect(contentHash('call', 'r', 1000, { a: 1, b: 'x' }, 's', 'x')).not.toBe(a);
  });
});
