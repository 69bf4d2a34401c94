import type { RuleSetDocument } from '@leaderboard/contracts';
import { DEFAULT_RULE_SET } from './default-rule-set.js';
import { previewRuleSet } from './preview.js';
import { testEvent, testRep, testVersion } from './test-kit.js';

const at = (day: string, hhmm = '10:00'): number => Date.parse(`2026-11-${day}T${hhmm}:00+03:00`);

describe('previewRuleSet', () => {
  const reps = [
    testRep('anna', 'Anna'),
    testRep('boris', 'Boris'),
    { ...testRep('old', 'Old'), active: false },
  ];
  const events = [
    testEvent('m1', 'meeting', 'anna', at('16')),
    testEvent('m2', 'meeting', 'anna', at('17')),
    testEvent('d1', 'deal_won', 'boris', at('17'), { amount: 0 }),
    testEvent('d0', 'deal_won', 'boris', at('02'), { amount: 0 }), // before the window
    testEvent('d2', 'deal_won', 'anna', at('18'), { amount: 50_000_000, margin: 50_000_000 }),
    testEvent('v', 'void', 'anna', at('19'), {}, { source: 'crm', externalId: 'd2' }),
  ];
  const draft: RuleSetDocument = {
    ...DEFAULT_RULE_SET,
    currency: 'EUR',
    rules: { ...DEFAULT_RULE_SET.rules, meeting: { points: 1000, cap: 'meetings' } },
    dailyCaps: { ...DEFAULT_RULE_SET.dailyCaps, meetings: 5000 },
    tiers: [{ name: 'Star', minPoints: 2000, payout: 777 }],
  };

  it('compares window totals, ranks, tiers and payouts now vs draft', () => {
    const res = previewRuleSet({
      events,
      reps,
      versions: [testVersion()],
      draft,
      from: at('16', '00:00'),
      to: at('23', '00:00'),
    });
    expect(res.currency).toBe('EUR');
    expect(res.from).toBe('2026-11-15T21:00:00.000Z');
    expect(res.rows).toEqual([
      {
        repId: 'anna',
        name: 'Anna',
        now: { points: 60, milliPoints: 60_000, rank: 2, tier: null, payout: 0 },
        draft: { points: 2000, milliPoints: 2_000_000, rank: 1, tier: 'Star', payout: 777 },
      },
      {
        repId: 'boris',
        name: 'Boris',
        now: { points: 200, milliPoints: 200_000, rank: 1, tier: null, payout: 0 },
        draft: { points: 200, milliPoints: 200_000, rank: 2, tier: null, payout: 0 },
      },
    ]);
  });

  it('gives tiers on window stats: a gate counts only deals inside the window', () => {
    const gated: RuleSetDocument = {
      ...draft,
      tiers: [{ name: 'Closer', minPoints: 100, payout: 5, gates: { dealsWon: { gte: 2 } } }],
    };
    const res = previewRuleSet({
      events,
      reps,
      versions: [testVersion()],
      draft: gated,
      from: at('16', '00:00'),
      to: at('23', '00:00'),
    });
    expect(res.rows.map((r) => r.draft.tier)).toEqual([null, null]);
    const wide = previewRuleSet({
      events,
      reps,
      versions: [testVersion()],
      draft: gated,
      from: at('01', '00:00'),
      to: at('23', '00:00'),
    });
    expect(wide.rows.find((r) => r.repId === 'boris')?.draft).toMatchObject({
      tier: 'Closer',
      payout: 5,
      points: 400,
    });
  });
});
