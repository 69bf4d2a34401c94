import { compileRuleSet } from './rule-set.js';
import { emptyStats, gateValue, tierFor } from './stats.js';
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
});
