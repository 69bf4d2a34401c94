import type { LineItem } from '@leaderboard/contracts';

/** A 10-point call line item of 25 Nov 2026; `extra` overrides any field. */
export function lineItem(extra: Partial<LineItem> = {}): LineItem {
  return {
    eventId: 'e1',
    source: 'crm',
    externalId: 'x1',
    type: 'call',
    occurredAt: '2026-11-25T09:00:00.000Z',
    attributes: {},
    base: 10_000,
    factors: [],
    capped: 0,
    cap: 'calls',
    milliPoints: 10_000,
    points: 10,
    reasons: [],
    voided: false,
    ...extra,
  };
}
