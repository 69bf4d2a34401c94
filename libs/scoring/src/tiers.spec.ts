import { compileRuleSet } from './rule-set.js';
import { emptyStats, gateValue, tierFor, tierStanding } from './stats.js';
import { testVersion } from './test-kit.js';

describe('tiers', () => {
  const tiers = compileRuleSet(testVersion()).tiers;
  const stats = (over: Partial<ReturnType<typeof emptyStats>>) => ({ ...emptyStats(), ...over });

  it('gives the highest tier whose threshold and gates all hold', () => {
    expect(tierFor(tiers, 1_999_999, stats({}))).toBeNull();
    expect(tierFor(tiers, 2_000_000, stats({}))?.name).toBe('Bronze');
    expect(tierFor(tiers, 6_000_000, stats({}))?.name).toBe('Bronze');
    expect(tierFor(tiers, 6_000_000, stats({ dealsWon: 1 }))?.name).toBe('Silver');
    expect(
      tierFor(tiers, 20_000_000, stats({ dealsWon: 3, leadsResponded: 20, leadsConverted: 3 }))?.name,
    ).toBe('Gold');
  });

  it('never buys Gold with activity alone', () => {
    expect(
      tierFor(tiers, 50_000_000, stats({ dealsWon: 0, leadsResponded: 100, leadsConverted: 100 }))?.name,
    ).toBe('Bronze');
    expect(
      tierFor(tiers, 50_000_000, stats({ dealsWon: 3, leadsResponded: 20, leadsConverted: 2 }))?.name,
    ).toBe('Silver');
    // No responded lead: conversion is unknown and the gate fails.
    expect(tierFor(tiers, 50_000_000, stats({ dealsWon: 5 }))?.name).toBe('Silver');
  });

  it('computes lead conversion as conversions x 100 / responded leads', () => {
    expect(gateValue(stats({ leadsResponded: 8, leadsConverted: 1 }), 'leadConversionPct')).toBe(12.5);
    expect(gateValue(stats({}), 'leadConversionPct')).toBeNull();
    expect(gateValue(stats({ demosHeld: 2, callsConnected: 7 }), 'demosHeld')).toBe(2);
    expect(gateValue(stats({ demosHeld: 2, callsConnected: 7 }), 'callsConnected')).toBe(7);
  });

  describe('standing: what the next tier still needs', () => {
    it('starts below Bronze with only points missing', () => {
      expect(tierStanding(tiers, 760_000, stats({}))).toEqual({
        current: null,
        next: {
          name: 'Bronze',
          minPoints: 2000,
          payout: 500000,
          missing: [{ what: 'points', have: 760_000, need: { gte: 2_000_000 }, more: 1_240_000 }],
        },
      });
    });

    it('names a missing won deal as one more, even with the points already there', () => {
      const standing = tierStanding(tiers, 6_000_000, stats({}));
      expect(standing.current?.name).toBe('Bronze');
      expect(standing.next?.name).toBe('Silver');
      expect(standing.next?.missing).toEqual([{ what: 'dealsWon', have: 0, need: { gte: 1 }, more: 1 }]);
    });

    it('gives a rate gate its value and no count, and no rate without leads', () => {
      const some = tierStanding(
        tiers,
        4_000_000,
        stats({ dealsWon: 1, leadsResponded: 10, leadsConverted: 1 }),
      );
      expect(some.next?.name).toBe('Silver');
      expect(
        tierStanding(tiers, 12_000_000, stats({ dealsWon: 2, leadsResponded: 10, leadsConverted: 1 })).next,
      ).toEqual({
        name: 'Gold',
        minPoints: 10000,
        payout: 4000000,
        missing: [
          { what: 'dealsWon', have: 2, need: { gte: 3 }, more: 1 },
          { what: 'leadConversionPct', have: 10, need: { gte: 15 }, more: null },
        ],
      });
      expect(tierStanding(tiers, 12_000_000, stats({ dealsWon: 3 })).next?.missing).toEqual([
        { what: 'leadConversionPct', have: null, need: { gte: 15 }, more: null },
      ]);
    });

    it('has no next tier at the top, and every missing list is empty exactly when the tier holds', () => {
      const top = tierStanding(
        tiers,
        20_000_000,
        stats({ dealsWon: 3, leadsResponded: 20, leadsConverted: 3 }),
      );
      expect(top).toEqual({ current: { name: 'Gold', payout: 4000000 }, next: null });
      for (const milli of [0, 1_999_999, 2_000_000, 5_000_000, 10_000_000])
        for (const dealsWon of [0, 1, 3])
          for (const converted of [0, 2, 3]) {
            const s = stats({ dealsWon, leadsResponded: 20, leadsConverted: converted });
            const standing = tierStanding(tiers, milli, s);
            if (standing.next) expect(tierFor(tiers, milli, s)?.name).not.toBe(standing.next.name);
            if (standing.next && standing.next.missing.length === 0)
              throw new Error('next tier already held');
          }
    });
  });
});
