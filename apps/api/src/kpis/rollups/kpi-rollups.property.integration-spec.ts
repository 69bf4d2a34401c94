import type { EventInput, KpiResponse, TeamView } from '@leaderboard/contracts';
import fc from 'fast-check';
import type { TestApp } from '../../test-support/test-app.js';
import { ApiClient } from '../../test-support/api-client.js';
import { TEST_SETTINGS } from '../../test-support/test-settings.js';
import { useTestApp } from '../../test-support/use-test-app.js';
import { KpisService, parseScope } from '../kpis.service.js';
import { KpiRollups } from './kpi-rollups.js';

const DAY = 86_400_000;
/** 1 June 2025, 00:00 Moscow: events fall in June..September, read at the end of September. */
const START = Date.parse('2025-06-01T00:00:00+03:00');
const AT = Date.parse('2025-09-30T20:00:00+03:00');
const REPS = ['anna', 'boris', 'carl', 'dora'] as const;
const DEALS = ['d1', 'd2', 'd3'];

type Step =
  | { kind: 'events'; events: Array<Omit<EventInput, 'source' | 'externalId'>> }
  | { kind: 'void'; target: number; late: boolean }
  | { kind: 'hire' }
  | { kind: 'read'; scope: number; periods: number; period: 'month' | 'week' | 'quarter' };

const instant = fc
  .record({ day: fc.integer({ min: 0, max: 121 }), minute: fc.integer({ min: 0, max: 24 * 60 - 1 }) })
  .map(({ day, minute }) => START + day * DAY + minute * 60_000);
const iso = (t: number): string => new Date(t).toISOString();
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const money = fc.integer({ min: 0, max: 500 }).map((n) => n * 1000);

/** An event of any KPI type, with the attributes the KPIs read (sometimes missing). */
const event = fc
  .record({
    rep: fc.constantFrom(...REPS),
    at: instant,
    type: fc.constantFrom(
      'call',
      'email',
      'lead_responded',
      'lead_qualified',
      'opportunity_created',
      'deal_stage_changed',
      'deal_won',
      'deal_lost',
      'customer_churned',
      'demo_booked',
    ),
    deal: maybe(fc.constantFrom(...DEALS)),
    amount: maybe(money),
    mrr: maybe(money),
    margin: maybe(money),
    currency: maybe(fc.constantFrom('RUB', 'USD')),
    kind: maybe(fc.constantFrom('new', 'expansion', 'renewal', 'repeat')),
    pick: fc.constantFrom('call', 'email', 'meeting'),
    region: maybe(fc.constantFrom('Moscow', 'Kazan')),
    flag: fc.boolean(),
    lead: fc.integer({ min: 0, max: 3 * 24 * 60 }),
    stage: fc.constantFrom('qualification', 'proposal', 'negotiation', 'lost'),
  })
  .map((g): Omit<EventInput, 'source' | 'externalId'> => {
    const a: Record<string, string | number | boolean> = {};
    const put = (name: string, v: string | number | boolean | undefined) => {
      if (v !== undefined) a[name] = v;
    };
    switch (g.type) {
      case 'call':
        Object.assign(a, { durationSec: 60, outcome: 'connected', scriptFollowed: g.flag });
        break;
      case 'email':
        Object.assign(a, { replied: g.flag, opened: !g.flag });
        break;
      case 'lead_responded':
      case 'lead_qualified':
        if (g.type === 'lead_qualified')
          Object.assign(a, { from: g.flag ? 'mql' : 'lead', to: g.flag ? 'sql' : 'mql' });
        if (g.lead % 3 !== 0) a['leadCreatedAt'] = iso(g.at - g.lead * 60_000);
        break;
      case 'opportunity_created':
        put('dealId', g.deal);
        put('amount', g.amount);
        put('currency', g.currency);
        put('stage', g.stage === 'lost' ? undefined : g.stage);
        break;
      case 'deal_stage_changed':
        put('dealId', g.deal);
        Object.assign(a, { from: 'qualification', to: g.stage });
        break;
      case 'deal_won':
        put('dealId', g.deal);
        put('amount', g.amount);
        put('mrr', g.mrr);
        if (g.amount !== undefined && g.margin !== undefined) a['margin'] = Math.min(g.margin, g.amount);
        put('currency', g.currency);
        put('kind', g.kind);
        put('region', g.region);
        Object.assign(a, { channel: g.pick, scriptFollowed: g.flag, product: g.flag ? 'CRM' : 'Support' });
        if (g.lead % 2 === 0) a['openedAt'] = iso(g.at - g.lead * 60_000);
        break;
      case 'deal_lost':
        put('dealId', g.deal);
        break;
      case 'customer_churned':
        put('mrr', g.mrr);
        put('currency', g.currency);
        break;
      default:
        break;
    }
    return { type: g.type as EventInput['type'], rep: g.rep, occurredAt: iso(g.at), attributes: a };
  });

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('events' as const),
      events: fc.array(event, { minLength: 1, maxLength: 6 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('void' as const),
      target: fc.nat({ max: 60 }),
      late: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hire' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('read' as const),
      scope: fc.nat({ max: 3 }),
      periods: fc.integer({ min: 1, max: 4 }),
      period: fc.constantFrom('month' as const, 'week' as const, 'quarter' as const),
    }),
  },
);

/**
 * Random streams of late events, voids (of events sent before or after them, of voids), events of
 * a rep not hired yet (held, attached when hired): after every read and at the end, every KPI of
 * `GET /api/kpis` equals the full scan of the ledger, for the org, a team and a rep.
 */
describe('KPIs from rollups equal the full scan of the ledger (property)', () => {
  let t: TestApp;
  let api: ApiClient;

  useTestApp((app, client) => {
    t = app;
    api = client;
  });

  async function compare(
    scope: string,
    period: 'month' | 'week' | 'quarter',
    periods: number,
  ): Promise<void> {
    const query = `period=${period}&scope=${scope}&periods=${periods}&at=${encodeURIComponent(iso(AT))}`;
    const res = await t.http().get(`/api/kpis?${query}`).set('Authorization', `Bearer ${t.adminToken}`);
    expect(res.status).toBe(200);
    const reference = await t.app.get(KpisService).kpis({
      period,
      scope: parseScope(scope),
      periods,
      at: AT,
      source: 'ledger',
    });
    expect(res.body as KpiResponse).toEqual(JSON.parse(JSON.stringify(reference)));
  }

  it('for any stream, every KPI of every scope and period', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 14 }), async (steps) => {
        await t.reset();
        const north: TeamView = await api.team('North');
        const south: TeamView = await api.team('South');
        const reps = [
          await api.rep('anna', 'Anna', north.id),
          await api.rep('boris', 'Boris', north.id),
          await api.rep('carl', 'Carl', south.id),
        ];
        const scopes = () => ['org', `team:${north.id}`, `team:${south.id}`, `rep:${reps[0]?.id}`];
        let n = 0;
        let hired = false;
        for (const s of steps) {
          if (s.kind === 'events') {
            await api.ingest(s.events.map((e) => ({ ...e, source: 'crm', externalId: `k${(n += 1)}` })));
          } else if (s.kind === 'void') {
            // A target already sent, one still to come, or another void.
            n += 1;
            await api.ingest([
              {
                source: 'crm',
                externalId: `k${n}`,
                type: 'void',
                rep: 'anna',
                occurredAt: iso(START + (s.late ? 120 : 1) * DAY),
                voids: { source: 'crm', externalId: `k${s.target === n ? n + 1 : s.target}` },
              },
            ]);
          } else if (s.kind === 'hire') {
            if (!hired) reps.push(await api.rep('dora', 'Dora', south.id));
            hired = true;
          } else {
            await compare(scopes()[s.scope] as string, s.period, s.periods);
          }
        }
        for (const scope of scopes()) await compare(scope, 'month', 4);
        await compare('org', 'week', 3);
        expect(await t.app.get(KpiRollups).rebuild(t.scoring.engine.calendar.tz.zone)).toEqual([]);
      }),
      { numRuns: TEST_SETTINGS.kpiPropertyRuns },
    );
  }, 600_000);
});
