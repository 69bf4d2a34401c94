/** The rule set example of SPEC 4a, verbatim: the editor's tests start from it. */
import type { RuleSetDocument } from '@leaderboard/contracts';

export const SPEC_EXAMPLE: RuleSetDocument = {
  name: 'Default',
  timezone: 'Europe/Moscow',
  currency: 'RUB',
  weekStartsOn: 1,
  rules: {
    call: {
      points: 10,
      cap: 'calls',
      weights: [
        { if: { durationSec: { lt: 30 } }, factor: 0 },
        { if: { outcome: { eq: 'connected' }, scriptFollowed: { eq: true } }, factor: 1.2 },
      ],
    },
    email: { points: 2, cap: 'emails', weights: [{ if: { replied: { eq: true } }, factor: 2 }] },
    meeting: { points: 30, cap: 'meetings' },
    demo_booked: { points: 40 },
    demo_held: { points: 60 },
    lead_responded: {
      points: 20,
      cap: 'leads',
      weights: [
        { if: { responseMinutes: { lte: 15 } }, factor: 2 },
        { if: { responseMinutes: { gt: 1440 } }, factor: 0.5 },
      ],
    },
    opportunity_created: { points: 50 },
    deal_won: {
      points: 200,
      perAmount: { unit: 100000, points: 10 },
      weights: [{ if: { marginPct: { lt: 10 } }, factor: 0.5 }],
    },
  },
  dailyCaps: { calls: 300, emails: 60, meetings: 180, leads: 400 },
  workingHours: { start: '09:00', end: '19:00', weekdays: [1, 2, 3, 4, 5], outsideFactor: 0 },
  tierPeriod: 'month',
  tiers: [
    { name: 'Bronze', minPoints: 2000, payout: 500000 },
    { name: 'Silver', minPoints: 5000, payout: 1500000, gates: { dealsWon: { gte: 1 } } },
    {
      name: 'Gold',
      minPoints: 10000,
      payout: 4000000,
      gates: { dealsWon: { gte: 3 }, leadConversionPct: { gte: 15 } },
    },
  ],
};
