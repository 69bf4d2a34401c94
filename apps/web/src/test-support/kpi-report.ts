/**
 * Hand-built `GET /api/kpis` answers for the web tests: November 2026 and the months before it,
 * Moscow time, RUB. `entry` fills a KPI's trend from its current outcome unless one is given.
 */
import {
  KPI_IDS,
  type KpiEntry,
  type KpiId,
  type KpiOutcome,
  type KpiResponse,
  type KpiScope,
} from '@leaderboard/contracts';

const MONTHS = [
  { periodKey: '2026-09', from: '2026-08-31T21:00:00.000Z', to: '2026-09-30T21:00:00.000Z' },
  { periodKey: '2026-10', from: '2026-09-30T21:00:00.000Z', to: '2026-10-31T21:00:00.000Z' },
  { periodKey: '2026-11', from: '2026-10-31T21:00:00.000Z', to: '2026-11-30T21:00:00.000Z' },
];

export const NO_DATA: KpiOutcome = { value: null, reason: 'NO_DATA' };

export function entry(id: KpiId, current: KpiOutcome, extra: Partial<KpiEntry> = {}): KpiEntry {
  return { id, current, trend: [NO_DATA, NO_DATA, current], benchmark: null, ...extra };
}

/** Every KPI of the catalog: the ones in `given` as given, the rest counts of 0. */
export function kpiReport(given: KpiEntry[], scope: KpiScope = { kind: 'org' }): KpiResponse {
  const byId = new Map(given.map((kpi) => [kpi.id, kpi]));
  return {
    scope,
    period: 'month',
    periods: MONTHS,
    currency: 'RUB',
    asOf: '2026-11-20T09:30:00.000Z',
    kpis: KPI_IDS.map(
      (id) => byId.get(id) ?? entry(id, { value: { kind: 'count', count: 0 }, reason: null }),
    ),
  };
}
