import type { KpiResponse, SuggestedTargetsResponse } from '@leaderboard/contracts';
import { useSessionStore } from '../../session/session-store.js';
import { kpiReport } from '../../test-support/kpi-report.js';
import { fakeApi } from '../../test-support/fake-api.js';
import { useKpiInputsStore } from './kpi-inputs-store.js';
import { kpisPath, useKpisStore } from './kpis-store.js';

const TEAM = '0d9d7c3e-4a57-4f7c-9b1e-1b2a3c4d5e6f';
const REP = '5b1f1a52-3c1e-4d7a-9a55-0c3b7e9d1a01';

beforeEach(() => {
  useSessionStore.setState({
    token: 'tok',
    user: { id: 'u1', email: 'boss@example.com', role: 'manager', repId: null },
  });
});

describe('KPIs store', () => {
  it('asks for the scope, period kind and trend length it holds', () => {
    expect(kpisPath('org', 'month', 6)).toBe('/api/kpis?period=month&scope=org&periods=6');
    expect(kpisPath(`team:${TEAM}`, 'week', 12)).toBe(`/api/kpis?period=week&scope=team:${TEAM}&periods=12`);
  });

  it('reads again on every change of scope or period, and keeps the answer', async () => {
    const org = kpiReport([]);
    const team: KpiResponse = { ...kpiReport([]), scope: { kind: 'team', teamId: TEAM } };
    const calls = fakeApi({
      'GET /api/kpis?period=month&scope=org&periods=6': { status: 200, body: org },
      [`GET /api/kpis?period=month&scope=team:${TEAM}&periods=6`]: { status: 200, body: team },
      [`GET /api/kpis?period=quarter&scope=team:${TEAM}&periods=6`]: { status: 200, body: team },
      [`GET /api/kpis?period=quarter&scope=team:${TEAM}&periods=3`]: { status: 200, body: team },
    });
    await useKpisStore.getState().load();
    expect(useKpisStore.getState().report).toEqual(org);
    await useKpisStore.getState().setScope(`team:${TEAM}`);
    expect(useKpisStore.getState().report?.scope).toEqual({ kind: 'team', teamId: TEAM });
    await useKpisStore.getState().setPeriod('quarter');
    await useKpisStore.getState().setPeriods(3);
    expect(calls.map((c) => c.key)).toEqual([
      'GET /api/kpis?period=month&scope=org&periods=6',
      `GET /api/kpis?period=month&scope=team:${TEAM}&periods=6`,
      `GET /api/kpis?period=quarter&scope=team:${TEAM}&periods=6`,
      `GET /api/kpis?period=quarter&scope=team:${TEAM}&periods=3`,
    ]);
    expect(useKpisStore.getState().loading).toBe(false);
  });

  it('drops an answer overtaken by a newer request', async () => {
    const org = kpiReport([]);
    const rep: KpiResponse = { ...kpiReport([]), scope: { kind: 'rep', repId: REP } };
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const calls = fakeApi({
      'GET /api/kpis?period=month&scope=org&periods=6': { status: 200, body: org },
      [`GET /api/kpis?period=month&scope=rep:${REP}&periods=6`]: { status: 200, body: rep },
    });
    const fetchNow = globalThis.fetch;
    // The org answer arrives last.
    globalThis.fetch = (async (path: string, init?: RequestInit) => {
      if (String(path).includes('scope=org')) await slow;
      return fetchNow(path, init);
    }) as typeof fetch;
    const first = useKpisStore.getState().load();
    const second = useKpisStore.getState().setScope(`rep:${REP}`);
    await second;
    release();
    await first;
    expect(calls).toHaveLength(2);
    expect(useKpisStore.getState().report?.scope).toEqual({ kind: 'rep', repId: REP });
  });

  it('keeps the API refusal for the tab to show', async () => {
    fakeApi({
      'GET /api/kpis?period=month&scope=org&periods=6': {
        status: 403,
        body: { error: { code: 'FORBIDDEN', message: 'no', details: [] } },
      },
    });
    await useKpisStore.getState().load();
    expect(useKpisStore.getState().report).toBeNull();
    expect((useKpisStore.getState().loadError as { status: number }).status).toBe(403);
  });
});

const TARGETS: SuggestedTargetsResponse = {
  period: 'month',
  periodKey: '2026-11',
  stretchPct: 10,
  rows: [
    {
      repId: REP,
      name: 'Анна',
      teamId: TEAM,
      target: null,
      suggested: { value: { kind: 'money', amount: 5_500_000, currency: 'RUB' }, reason: null },
      history: [],
    },
    {
      repId: 'other',
      name: 'Boris',
      teamId: TEAM,
      target: null,
      suggested: { value: null, reason: 'NO_DATA' },
      history: [],
    },
  ],
};

describe('KPI inputs store', () => {
  it('loads the inputs newest month first and the targets of the month', async () => {
    const input = (kind: 'spend' | 'direct_costs', month: string) => ({
      id: `${kind}:${month}`,
      kind,
      month,
      amount: 100,
      currency: 'RUB',
      updatedAt: '2026-11-01T00:00:00.000Z',
    });
    fakeApi({
      'GET /api/kpis/inputs': {
        status: 200,
        body: [input('spend', '2026-10'), input('spend', '2026-11'), input('direct_costs', '2026-11')],
      },
      'GET /api/kpis/targets?period=month': { status: 200, body: TARGETS },
    });
    await useKpiInputsStore.getState().load();
    expect(useKpiInputsStore.getState().inputs.map((i) => i.id)).toEqual([
      'direct_costs:2026-11',
      'spend:2026-11',
      'spend:2026-10',
    ]);
    expect(useKpiInputsStore.getState().targets?.periodKey).toBe('2026-11');
  });

  it('replaces the saved month in the list', async () => {
    const calls = fakeApi({
      'PUT /api/kpis/inputs': (body) => ({
        status: 200,
        body: { ...(body as object), id: 'spend:2026-11', updatedAt: '2026-11-20T00:00:00.000Z' },
      }),
    });
    useKpiInputsStore.setState({
      inputs: [
        { id: 'spend:2026-11', kind: 'spend', month: '2026-11', amount: 1, currency: 'RUB', updatedAt: '' },
      ],
    });
    await useKpiInputsStore
      .getState()
      .saveInput({ kind: 'spend', month: '2026-11', amount: 700, currency: 'RUB' });
    expect(calls[0]).toEqual({
      key: 'PUT /api/kpis/inputs',
      body: { kind: 'spend', month: '2026-11', amount: 700, currency: 'RUB' },
    });
    expect(useKpiInputsStore.getState().inputs.map((i) => i.amount)).toEqual([700]);
  });

  it('takes a suggestion: the suggested money for the period of the list, then shows it as the target', async () => {
    const calls = fakeApi({
      'PUT /api/kpis/targets': (body) => ({
        status: 200,
        body: { ...(body as object), id: `${REP}:month:2026-11`, updatedAt: '2026-11-20T00:00:00.000Z' },
      }),
    });
    useKpiInputsStore.setState({ targets: TARGETS });
    await useKpiInputsStore.getState().takeSuggestion(REP);
    expect(calls).toEqual([
      {
        key: 'PUT /api/kpis/targets',
        body: { repId: REP, period: 'month', periodKey: '2026-11', amount: 5_500_000, currency: 'RUB' },
      },
    ]);
    expect(useKpiInputsStore.getState().targets?.rows[0]?.target).toEqual({
      amount: 5_500_000,
      currency: 'RUB',
    });
    // Nothing to take where nothing was suggested.
    await useKpiInputsStore.getState().takeSuggestion('other');
    expect(calls).toHaveLength(1);
  });
});
