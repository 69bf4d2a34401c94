import { validateEventBatch } from './event-validator.js';

const event = {
  source: 'crm',
  externalId: 'e-1',
  type: 'call',
  rep: 'anna@example.com',
  occurredAt: '2026-11-18T10:00:00+03:00',
  attributes: { durationSec: 90, outcome: 'connected', scriptFollowed: true },
};

describe('validateEventBatch', () => {
  it('accepts one event or a batch', () => {
    expect(validateEventBatch(event, Date.now())).toMatchObject({
      ok: true,
      batch: false,
      events: [{ externalId: 'e-1', type: 'call' }],
    });
    expect(
      validateEventBatch({ events: [event, { ...event, externalId: 'e-2' }] }, Date.now()),
    ).toMatchObject({
      ok: true,
      batch: true,
    });
  });

  it('names every bad index and path', () => {
    const result = validateEventBatch(
      {
        events: [
          event,
          { ...event, source: '' },
          { ...event, attributes: { amount: 1.5, nested: [1] } },
          { ...event, extra: 1 },
        ],
      },
      Date.now(),
    );
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
    expect(validateEventBatch({ ...event, type: 'void' }, Date.now()).ok).toBe(false);
    expect(validateEventBatch({ ...event, voids: { source: 'crm', externalId: 'x' } }, Date.now()).ok).toBe(
      false,
    );
    expect(
      validateEventBatch(
        {
          ...event,
          externalId: 'v',
          type: 'void',
          voids: { source: 'crm', externalId: 'e-1' },
        },
        Date.now(),
      ).ok,
    ).toBe(true);
  });

  it('refuses empty and oversized batches', () => {
    expect(validateEventBatch({ events: [] }, Date.now()).ok).toBe(false);
    expect(
      validateEventBatch(
        {
          events: Array.from({ length: 1001 }, (_, i) => ({ ...event, externalId: `e${i}` })),
        },
        Date.now(),
      ).ok,
    ).toBe(false);
    expect(validateEventBatch(null, Date.now()).ok).toBe(false);
  });
});

describe('typed attributes (SPEC 3, issue 13)', () => {
  const NOW = Date.parse('2026-12-04T12:00:00Z');
  /** The problems of one event with these attributes (type call unless given), as [path, message]. */
  const problemsOf = (attributes: Record<string, unknown>, type = 'call', occurredAt = event.occurredAt) => {
    const result = validateEventBatch({ ...event, type, occurredAt, attributes }, NOW);
    return result.ok ? [] : result.problems.map((p) => p.path);
  };

  it('refuses a duration that is not a whole number of seconds from 0 to a day', () => {
    for (const durationSec of ['12', true, null, 'abc', -1, 1.5, 86_401, 1e300])
      expect([durationSec, problemsOf({ durationSec })]).toEqual([durationSec, ['attributes.durationSec']]);
    for (const durationSec of [0, 12, 86_400]) expect(problemsOf({ durationSec })).toEqual([]);
  });

  it('checks enums and booleans where SPEC 3 names them', () => {
    expect(problemsOf({ outcome: 'answered' })).toEqual(['attributes.outcome']);
    expect(problemsOf({ scriptFollowed: 'yes' })).toEqual(['attributes.scriptFollowed']);
    expect(problemsOf({ replied: 1 }, 'email')).toEqual(['attributes.replied']);
    expect(problemsOf({ kind: 'upsell' }, 'deal_won')).toEqual(['attributes.kind']);
    expect(problemsOf({ from: 'mql', to: 'won' }, 'lead_qualified')).toEqual(['attributes.to']);
    expect(problemsOf({ from: 'mql', to: 'sql' }, 'lead_qualified')).toEqual([]);
    // `from`/`to` of a stage change are the CRM's own stage names; `outcome` of a meeting is free.
    expect(problemsOf({ from: 'Proposal', to: 'Negotiation' }, 'deal_stage_changed')).toEqual([]);
    expect(problemsOf({ outcome: 'rescheduled' }, 'meeting')).toEqual([]);
  });

  it('takes money as integer minor units within bounds, margin never above the amount', () => {
    const deal = (attributes: Record<string, unknown>) => problemsOf(attributes, 'deal_won');
    expect(deal({ amount: 1_000_000, margin: -50_000, mrr: 0, currency: 'RUB', kind: 'new' })).toEqual([]);
    expect(deal({ amount: -1 })).toEqual(['attributes.amount']);
    expect(deal({ amount: -1e12 })).toEqual(['attributes.amount']);
    expect(deal({ amount: 1e13 + 1 })).toEqual(['attributes.amount']);
    expect(deal({ amount: '100' })).toEqual(['attributes.amount']);
    expect(deal({ mrr: -5 })).toEqual(['attributes.mrr']);
    expect(deal({ amount: 100, margin: 101 })).toEqual(['attributes.margin']);
    expect(problemsOf({ mrr: null }, 'customer_churned')).toEqual(['attributes.mrr']);
  });

  it('takes currency only from the shipped ISO 4217 list', () => {
    for (const currency of ['XXXX', 'XXX', 'rub', 'ABC', 643])
      expect(problemsOf({ amount: 1, currency }, 'deal_won')).toEqual(['attributes.currency']);
    expect(problemsOf({ amount: 1, currency: 'EUR' }, 'deal_won')).toEqual([]);
  });

  it('needs leadCreatedAt as an ISO instant with an offset, not after the event', () => {
    const lead = (leadCreatedAt: unknown) => problemsOf({ leadCreatedAt }, 'lead_responded');
    expect(lead('2026-11-18T09:50:00+03:00')).toEqual([]);
    for (const bad of ['2026-11-18T09:50:00', 'yesterday', 1763449200000, '2026-11-18T10:00:01+03:00'])
      expect([bad, lead(bad)]).toEqual([bad, ['attributes.leadCreatedAt']]);
  });

  it('refuses derived attributes sent by a client', () => {
    expect(problemsOf({ responseMinutes: 1 }, 'lead_responded')).toEqual(['attributes.responseMinutes']);
    expect(problemsOf({ marginPct: 90 }, 'deal_won')).toEqual(['attributes.marginPct']);
  });

  it('keeps unknown attributes free but bounded in count and size', () => {
    expect(problemsOf({ crmStage: 'x', score: 1.5, flag: false, note: null })).toEqual([]);
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`a${i}`, i]));
    expect(problemsOf(many)).toEqual(['attributes']);
    const wide = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`t${i}`, 'x'.repeat(2000)]));
    expect(problemsOf(wide)).toEqual(['attributes']);
  });

  it('bounds occurredAt to 2000-01-01 .. 24 hours after the server time', () => {
    for (const at of [
      '0001-01-01T00:00:00Z',
      '1999-12-31T23:59:59Z',
      '9999-12-31T23:59:59Z',
      '2026-12-05T12:00:01Z',
    ])
      expect([at, problemsOf({}, 'meeting', at)]).toEqual([at, ['occurredAt']]);
    for (const at of ['2000-01-01T00:00:00Z', '2026-12-05T12:00:00Z', '2026-12-05T15:00:00+03:00'])
      expect(problemsOf({}, 'meeting', at)).toEqual([]);
  });
});
