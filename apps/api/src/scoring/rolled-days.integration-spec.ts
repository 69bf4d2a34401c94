import type {
  AdjustmentView,
  BoardResponse,
  BreakdownResponse,
  PeriodCloseView,
  RuleSetDocument,
} from '@leaderboard/contracts';
import type { EventInput } from '@leaderboard/contracts';
import { ApiClient } from '../test-support/api-client.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/**
 * Memory bounded by what is open: an app that rolls September out of memory (late window 35 days,
 * the machine's clock in December 2026) against one that keeps every event, fed the same events.
 * Late events and voids into the rolled-out, closed month must move the same figures.
 */
const sept = (day: number, hh = 11, mm = 0): string =>
  `2026-09-${String(day).padStart(2, '0')}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+03:00`;

function septemberEvents(): EventInput[] {
  const events: EventInput[] = [];
  for (let day = 1; day <= 30; day += 3)
    for (let i = 0; i < 40; i++)
      events.push({
        source: 'pbx',
        externalId: `c-${day}-${i}`,
        type: 'call',
        rep: i % 3 === 0 ? 'vera@example.com' : 'anna@example.com',
        occurredAt: sept(day, 10 + (i % 8), i),
        attributes: { durationSec: 120, outcome: 'connected', scriptFollowed: i % 2 === 0 },
      } as EventInput);
  events.push({
    source: 'crm',
    externalId: 'deal-1',
    type: 'deal_won',
    rep: 'vera@example.com',
    occurredAt: sept(20),
    attributes: { amount: 30_000_000, margin: 6_000_000 },
  } as EventInput);
  return events;
}

/** A competition over most of September: calls a point each (at most 20 a day), won deals 200. */
const SEPT_PUSH: RuleSetDocument = {
  name: 'September push',
  timezone: 'Europe/Moscow',
  currency: 'RUB',
  weekStartsOn: 1,
  rules: { call: { points: 1, cap: 'calls' }, deal_won: { points: 200 } },
  dailyCaps: { calls: 20 },
  tierPeriod: 'month',
  tiers: [],
};

describe('rolled-out months: scored from the ledger on demand, exactly as the full engine', () => {
  let rolled: TestApp;
  let full: TestApp;
  beforeAll(async () => {
    rolled = await createTestApp({ scoringLateWindowDays: 35 });
    full = await createTestApp({ scoringLateWindowDays: 0 });
  }, 120_000);
  afterAll(async () => {
    await rolled?.close();
    await full?.close();
  }, 60_000);

  const both = async <T>(f: (t: TestApp, api: ApiClient) => Promise<T>): Promise<[T, T]> => [
    await f(rolled, new ApiClient(rolled)),
    await f(full, new ApiClient(full)),
  ];
  const keyed = (t: TestApp) => new Map(t.scoring.engine.repProfiles().map((p) => [p.id, p.key]));
  const adjustments = async (t: TestApp) => {
    await t.scoring.settled();
    const res = await t.http().get('/api/adjustments').set('Authorization', `Bearer ${t.adminToken}`);
    expect(res.status).toBe(200);
    const keys = keyed(t);
    return (res.body as AdjustmentView[])
      .map((a) => ({
        rep: keys.get(a.repId),
        periodKey: a.periodKey,
        deltaMilliPoints: a.deltaMilliPoints,
        deltaPayout: a.deltaPayout,
        tierBefore: a.tierBefore,
        tierNow: a.tierNow,
        status: a.status,
        causes: a.causes.map((c) => [c.externalId, c.previousMilliPoints, c.milliPoints]).sort(),
      }))
      .sort((a, b) => String(a.rep).localeCompare(String(b.rep)));
  };
  const breakdown = async (t: TestApp, api: ApiClient, key: string, query: string) => {
    const id = t.scoring.engine.repProfiles().find((p) => p.key === key)?.id as string;
    const b: BreakdownResponse = await api.breakdown(id, query);
    return {
      milliPoints: b.milliPoints,
      caps: b.caps,
      items: b.lineItems.map((i) => [i.externalId, i.milliPoints, i.voided, i.capped]),
      tier: b.tierProgress,
    };
  };
  const totals = async (t: TestApp, api: ApiClient, query: string) => {
    await t.scoring.settled();
    const board = await api.board(query);
    return board.rows.map((r) => [r.key, r.milliPoints, r.tier, r.rank]);
  };

  it('closes, restarts, takes a late event and a void into the closed month, and breaks it down', async () => {
    await both(async (_t, api) => {
      const team = await api.team('Floor');
      await api.rep('anna@example.com', 'Anna', team.id);
      await api.rep('vera@example.com', 'Vera', team.id);
      await api.ingest(septemberEvents());
      // One event in the open window.
      await api.ingest([
        {
          source: 'pbx',
          externalId: 'open-1',
          type: 'call',
          rep: 'anna@example.com',
          occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
          attributes: { durationSec: 120, outcome: 'connected' },
        } as EventInput,
      ]);
    });

    // A restart: September is not in memory, only the open event.
    await rolled.scoring.rebuild();
    const memory = rolled.scoring.memory();
    expect(memory.horizonDay).toBeGreaterThan(
      rolled.scoring.engine.calendar.tz.dayNumberAt(Date.parse(sept(30, 23))),
    );
    expect(memory.events).toBe(1);
    expect(full.scoring.memory().events).toBe(septemberEvents().length + 1);

    const [rolledClose, fullClose] = await both(async (t) => {
      const res = await t
        .http()
        .post('/api/periods/2026-09/close')
        .set('Authorization', `Bearer ${t.adminToken}`);
      expect(res.status).toBe(200);
      const view = res.body as PeriodCloseView;
      return {
        hash: view.contentHash.length,
        rows: view.rows.map((r) => [r.key, r.milliPoints, r.tier, r.payout]),
      };
    });
    expect(rolledClose).toEqual(fullClose);
    expect(rolledClose.rows.length).toBe(2);

    await rolled.scoring.rebuild();
    expect(rolled.scoring.memory().events).toBe(1);

    // A competition whose window lies before the horizon: its scorer reads the window from the ledger.
    const [rolledCompetition, fullCompetition] = await both(async (t) => {
      const res = await t
        .http()
        .post('/api/competitions')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .send({
          name: 'September push',
          from: sept(10, 0),
          to: sept(28, 0),
          mode: 'individual',
          ruleSet: SEPT_PUSH,
        });
      expect(res.status).toBe(201);
      return (res.body as { id: string }).id;
    });
    const competitionRows = async (t: TestApp, api: ApiClient) => {
      await t.scoring.settled();
      const id = t === rolled ? rolledCompetition : fullCompetition;
      const board: BoardResponse = await api.board(`scope=competition:${id}`);
      return board.rows.map((r) => [r.name, r.milliPoints, r.rank]);
    };
    const [cr0, cf0] = await both(competitionRows);
    expect(cr0).toEqual(cf0);
    expect(cr0.length).toBe(2);

    // A late deal into the closed month, and a void of a September call.
    await both(async (_t, api) => {
      await api.ingest([
        {
          source: 'crm',
          externalId: 'late-deal',
          type: 'deal_won',
          rep: 'anna@example.com',
          occurredAt: sept(25, 12),
          attributes: { amount: 50_000_000, margin: 10_000_000 },
        } as EventInput,
        {
          source: 'pbx',
          externalId: 'void-1',
          type: 'void',
          rep: 'vera@example.com',
          occurredAt: new Date(Date.now() - 60_000).toISOString(),
          attributes: {},
          voids: { source: 'pbx', externalId: 'c-4-0' },
        } as EventInput,
      ]);
    });
    expect(rolled.scoring.memory().events).toBe(2);

    const [a1, a2] = await both((t) => adjustments(t));
    expect(a1).toEqual(a2);
    expect(a1.length).toBe(2);
    expect(a1.flatMap((a) => a.causes.map((c) => c[0]))).toEqual(
      expect.arrayContaining(['late-deal', 'c-4-0']),
    );

    const [cr1, cf1] = await both(competitionRows);
    expect(cr1).toEqual(cf1);
    expect(cr1).not.toEqual(cr0);

    for (const q of ['period=quarter&at=2026-09-15T12:00:00Z', 'period=week&at=2026-09-25T12:00:00Z']) {
      const [r, f] = await both((t, api) => totals(t, api, q));
      expect(r).toEqual(f);
    }
    for (const key of ['anna@example.com', 'vera@example.com']) {
      const [r, f] = await both((t, api) => breakdown(t, api, key, 'period=month&at=2026-09-15T12:00:00Z'));
      expect(r).toEqual(f);
      expect(r.items.length).toBeGreaterThan(10);
    }

    // And again after a restart: the stored summaries carry the late event and the void.
    await rolled.scoring.rebuild();
    expect(await adjustments(rolled)).toEqual(a2);
    const [r, f] = await both((t, api) => totals(t, api, 'period=quarter&at=2026-09-15T12:00:00Z'));
    expect(r).toEqual(f);
    expect(await competitionRows(rolled, new ApiClient(rolled))).toEqual(cf1);
  }, 300_000);
});
