import { jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { KpiInputView, RepTargetView, SuggestedTargetsResponse, TeamView } from '@leaderboard/contracts';
import { useLocaleStore } from '../../i18n/i18n.js';
import { useSessionStore } from '../../session/session-store.js';
import { entry, kpiReport, NO_DATA } from '../../test-support/kpi-report.js';
import { AdminPage } from '../admin-page.js';
import { fakeApi, type Route } from '../../test-support/fake-api.js';
import type { RepView } from '@leaderboard/contracts';

const TEAM: TeamView = { id: '0d9d7c3e-4a57-4f7c-9b1e-1b2a3c4d5e6f', name: 'North' };
const ANNA_ID = '5b1f1a52-3c1e-4d7a-9a55-0c3b7e9d1a01';
const BORIS_ID = '5b1f1a52-3c1e-4d7a-9a55-0c3b7e9d1a02';
const rep = (id: string, name: string): RepView => ({
  id,
  key: `${name}@example.com`,
  name,
  teamId: TEAM.id,
  region: null,
  email: null,
  photoUrl: null,
  startedOn: null,
  active: true,
});

const rub = (amount: number) => ({ kind: 'money' as const, amount, currency: 'RUB' });

/** The org in November: a few KPIs of every kind, the rest zero counts. */
const ORG = kpiReport([
  entry(
    'avgPurchaseValue',
    { value: rub(15_000_000), reason: null },
    { trend: [NO_DATA, { value: rub(10_000_000), reason: null }, { value: rub(15_000_000), reason: null }] },
  ),
  entry('cac', { value: null, reason: 'MISSING_INPUT' }),
  entry('quotaAttainment', { value: null, reason: 'MISSING_INPUT' }),
  entry('churnRate', { value: null, reason: 'ZERO_DENOMINATOR' }),
  entry('pipelineValue', { value: null, reason: 'MIXED_CURRENCIES' }),
  entry(
    'leadConversion',
    { value: { kind: 'percent', bp: 1234 }, reason: null },
    {
      benchmark: { id: 'cold-email-conversion', op: 'gte', value: { kind: 'percent', bp: 5000 }, note: '' },
      trend: [
        { value: { kind: 'percent', bp: 800 }, reason: null },
        { value: { kind: 'percent', bp: 1000 }, reason: null },
        { value: { kind: 'percent', bp: 1234 }, reason: null },
      ],
    },
  ),
  entry(
    'speedToLeadMedian',
    { value: { kind: 'duration', seconds: 270 }, reason: null },
    { benchmark: { id: 'speed-to-lead', op: 'lte', value: { kind: 'duration', seconds: 900 }, note: '' } },
  ),
  entry('callsPerRepPerDay', { value: { kind: 'rate', milli: 2500 }, reason: null }),
  entry('salesByChannel', {
    value: {
      kind: 'breakdown',
      items: [
        { key: 'call', count: 2, value: rub(20_000_000), reason: null },
        { key: 'unknown', count: 1, value: rub(10_000_000), reason: null },
      ],
    },
    reason: null,
  }),
]);

/** Anna: her own figures and the org median beside them. */
const ANNA_KPIS = kpiReport(
  [
    entry(
      'avgPurchaseValue',
      { value: rub(20_000_000), reason: null },
      { orgMedian: { value: rub(12_000_000), reason: null } },
    ),
    entry(
      'cac',
      { value: null, reason: 'NOT_APPLICABLE' },
      { orgMedian: { value: null, reason: 'NOT_APPLICABLE' } },
    ),
  ],
  { kind: 'rep', repId: ANNA_ID },
);

const TARGETS: SuggestedTargetsResponse = {
  period: 'month',
  periodKey: '2026-11',
  stretchPct: 10,
  rows: [
    {
      repId: ANNA_ID,
      name: 'Анна',
      teamId: TEAM.id,
      target: null,
      // median of 40,000, 50,000 and 60,000 roubles = 50,000; plus 10 % = 55,000 roubles.
      suggested: { value: rub(5_500_000), reason: null },
      history: [
        { periodKey: '2026-08', won: { amount: 4_000_000, currency: 'RUB' } },
        { periodKey: '2026-09', won: { amount: 6_000_000, currency: 'RUB' } },
        { periodKey: '2026-10', won: { amount: 5_000_000, currency: 'RUB' } },
      ],
    },
    {
      repId: BORIS_ID,
      name: 'Boris',
      teamId: TEAM.id,
      target: { amount: 3_000_000, currency: 'RUB' },
      suggested: { value: null, reason: 'NO_DATA' },
      history: [],
    },
  ],
};

const ORG_PATH = 'GET /api/kpis?period=month&scope=org&periods=6';

function routes(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    'GET /api/teams': { status: 200, body: [TEAM] },
    'GET /api/reps': { status: 200, body: [rep(ANNA_ID, 'Анна'), rep(BORIS_ID, 'Boris')] },
    'GET /api/settings': { status: 200, body: { timezone: 'Europe/Moscow', currency: 'RUB' } },
    [ORG_PATH]: { status: 200, body: ORG },
    [`GET /api/kpis?period=month&scope=rep:${ANNA_ID}&periods=6`]: { status: 200, body: ANNA_KPIS },
    'GET /api/kpis/inputs': { status: 200, body: [] },
    'GET /api/kpis/targets?period=month': { status: 200, body: TARGETS },
    ...extra,
  };
}

const plain = (text: string | null): string => (text ?? '').replace(/\s/g, ' ');

function kpiRow(id: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`.kpi-table tr[data-kpi="${id}"]`);
  if (!row) throw new Error(`no row for ${id}`);
  return row;
}

const cells = (row: HTMLElement): string[] =>
  [...row.querySelectorAll('th, td')].map((cell) => plain(cell.textContent).trim());

async function openTab(extra: Record<string, Route> = {}) {
  const calls = fakeApi(routes(extra));
  useSessionStore.setState({
    token: 'tok',
    user: { id: 'u1', email: 'boss@example.com', role: 'manager', repId: null },
  });
  window.history.pushState(null, '', '/admin/kpis');
  render(<AdminPage />);
  await waitFor(() => expect(document.querySelector('.kpi-table')).not.toBeNull(), { timeout: 3000 });
  return calls;
}

// The tab's chunk (recharts) loads on first use; on a busy machine that takes seconds.
jest.setTimeout(20_000);

describe('/admin KPIs tab', () => {
  afterEach(() => window.history.pushState(null, '', '/'));

  it('is loaded lazily when a manager opens it, then reads the org KPIs of the month', async () => {
    fakeApi(routes());
    useSessionStore.setState({
      token: 'tok',
      user: { id: 'u1', email: 'boss@example.com', role: 'manager', repId: null },
    });
    window.history.pushState(null, '', '/admin/kpis');
    render(<AdminPage />);
    expect(screen.getByRole('tab', { name: 'KPIs' }).getAttribute('aria-selected')).toBe('true');
    // The chunk is not there yet on the first render: the fallback stands in.
    expect(document.querySelector('.kpi-table')).toBeNull();
    expect(within(screen.getByRole('tabpanel')).getByText('Loading…')).toBeTruthy();
    await waitFor(() => expect(document.querySelector('.kpi-table')).not.toBeNull(), { timeout: 3000 });
    expect(screen.getByRole('heading', { name: 'KPIs' })).toBeTruthy();
  });

  it('shows every KPI formatted by kind, the reason in words where there is no value, and benchmarks', async () => {
    const calls = await openTab();
    expect(calls.map((c) => c.key)).toContain(ORG_PATH);
    // One row per KPI of the catalog (35).
    expect(document.querySelectorAll('.kpi-table tbody tr')).toHaveLength(35);

    expect(cells(kpiRow('avgPurchaseValue')).slice(0, 3)).toEqual([
      'Average purchase value',
      'RUB 150,000',
      '',
    ]);
    // The earlier periods in words: September had no data, October 100,000 roubles.
    expect(kpiRow('avgPurchaseValue').querySelector('.kpi-trend-text')?.textContent).toMatch(
      /^— → RUB\s100,000$/,
    );
    expect(cells(kpiRow('cac'))[1]).toBe('needs spend entered');
    expect(cells(kpiRow('quotaAttainment'))[1]).toBe('needs a target');
    expect(cells(kpiRow('churnRate'))[1]).toBe('no denominator');
    expect(cells(kpiRow('pipelineValue'))[1]).toBe('mixed currencies');
    expect(cells(kpiRow('callsPerRepPerDay'))[1]).toBe('2.5 a day');
    expect(cells(kpiRow('opportunitiesCreated'))[1]).toBe('0');

    const conversion = cells(kpiRow('leadConversion'));
    expect(conversion[1]).toBe('12.34%');
    expect(conversion[2]).toBe('≥ 50% cold e-mail 30/30/50: at least 50% of answered leads converted');
    const speed = cells(kpiRow('speedToLeadMedian'));
    expect(speed[1]).toBe('4 min 30 sec');
    expect(speed[2]).toMatch(/^≤ 15 min /);

    const channels = [...kpiRow('salesByChannel').querySelectorAll('.kpi-breakdown li')].map((li) =>
      plain(li.textContent),
    );
    expect(channels).toEqual(['call: RUB 200,000', 'not stated: RUB 100,000']);
    // No org median column for the org itself.
    expect(screen.queryByRole('columnheader', { name: 'Org median' })).toBeNull();
  });

  it('charts the chosen KPI over the periods, with the benchmark line', async () => {
    await openTab();
    const chart = () => document.querySelector<HTMLElement>('figure.kpi-chart');
    expect(chart()?.getAttribute('data-kpi')).toBe('avgPurchaseValue');
    expect(chart()?.querySelector('figcaption')?.textContent).toBe(
      'Average purchase value over the last 3 periods',
    );
    expect(chart()?.querySelector('svg')).not.toBeNull();
    const ticks = [
      ...(chart()?.querySelectorAll('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value') ?? []),
    ].map((tick) => tick.textContent);
    expect(ticks).toEqual(['Sep 2026', 'Oct 2026', 'Nov 2026']);
    // September has no value: the line starts at October (a gap, not a zero).
    const line = chart()?.querySelector('path.recharts-line-curve')?.getAttribute('d') ?? '';
    expect(line.match(/[ML]/g)).toEqual(['M', 'L']);

    fireEvent.click(screen.getByRole('button', { name: 'Chart: Lead conversion' }));
    await waitFor(() => expect(chart()?.getAttribute('data-kpi')).toBe('leadConversion'));
    expect(screen.getByRole('button', { name: 'Chart: Lead conversion' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(chart()?.textContent).toContain('≥ 50%');
    const yTicks = [
      ...(chart()?.querySelectorAll('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value') ?? []),
    ].map((tick) => tick.textContent ?? '');
    expect(yTicks.length).toBeGreaterThan(1);
    for (const tick of yTicks) expect(tick).toMatch(/^\d+(\.\d+)?%$/);

    fireEvent.click(screen.getByRole('button', { name: 'Chart: Sales by contact method' }));
    await waitFor(() => expect(chart()?.getAttribute('data-kpi')).toBe('salesByChannel'));
    expect(chart()?.textContent).toContain('no single figure to chart');
  });

  it("reads a rep's KPIs with the org median beside each when the scope changes", async () => {
    const calls = await openTab();
    fireEvent.change(screen.getByRole('combobox', { name: 'For' }), { target: { value: `rep:${ANNA_ID}` } });
    await screen.findByRole('columnheader', { name: 'Org median' });
    expect(calls.at(-1)?.key).toBe(`GET /api/kpis?period=month&scope=rep:${ANNA_ID}&periods=6`);
    expect(cells(kpiRow('avgPurchaseValue')).slice(0, 3)).toEqual([
      'Average purchase value',
      'RUB 200,000',
      'RUB 120,000',
    ]);
    expect(cells(kpiRow('cac')).slice(1, 3)).toEqual(['not for this scope', 'not for this scope']);

    fireEvent.change(screen.getByRole('combobox', { name: 'Period' }), { target: { value: 'quarter' } });
    await waitFor(() =>
      expect(calls.at(-1)?.key).toBe(`GET /api/kpis?period=quarter&scope=rep:${ANNA_ID}&periods=6`),
    );
  });

  it('takes a suggested target with one click: PUT /api/kpis/targets with the suggestion as it is', async () => {
    const calls = await openTab({
      'PUT /api/kpis/targets': (body) => {
        const b = body as {
          repId: string;
          period: 'month';
          periodKey: string;
          amount: number;
          currency: string;
        };
        const view: RepTargetView = {
          id: `${b.repId}:month:${b.periodKey}`,
          ...b,
          updatedAt: '2026-11-20T10:00:00.000Z',
        };
        return { status: 200, body: view };
      },
    });
    const anna = await waitFor(() => {
      const row = document.querySelector<HTMLElement>(`.kpi-targets tr[data-rep="${ANNA_ID}"]`);
      if (!row) throw new Error('no targets yet');
      return row;
    });
    expect(plain(anna.querySelector('.kpi-history')?.textContent ?? '')).toBe(
      'RUB 40,000 · RUB 60,000 · RUB 50,000',
    );
    expect(plain(anna.querySelector('.kpi-target')?.textContent ?? '')).toBe('not set');
    // Boris has no history to suggest from: no button, the reason instead.
    const boris = document.querySelector<HTMLElement>(
      `.kpi-targets tr[data-rep="${BORIS_ID}"]`,
    ) as HTMLElement;
    expect(within(boris).queryByRole('button', { name: /Take/ })).toBeNull();
    expect(plain(boris.querySelector('.kpi-suggested')?.textContent ?? '')).toBe('no data');
    expect(plain(boris.querySelector('.kpi-target')?.textContent ?? '')).toBe('RUB 30,000');

    fireEvent.click(screen.getByRole('button', { name: 'Take the suggested target for Анна' }));
    await waitFor(() =>
      expect(plain(anna.querySelector('.kpi-target')?.textContent ?? '')).toBe('RUB 55,000'),
    );
    const put = calls.filter((c) => c.key === 'PUT /api/kpis/targets');
    expect(put).toEqual([
      {
        key: 'PUT /api/kpis/targets',
        body: { repId: ANNA_ID, period: 'month', periodKey: '2026-11', amount: 5_500_000, currency: 'RUB' },
      },
    ]);
    // Quota attainment depends on it: the KPIs are read again.
    await waitFor(() => expect(calls.filter((c) => c.key === ORG_PATH)).toHaveLength(2));
  });

  it('sets a target typed in major units, and refuses text that is not an amount', async () => {
    const calls = await openTab({
      'PUT /api/kpis/targets': (body) => ({
        status: 200,
        body: { ...(body as object), id: 'x', updatedAt: '2026-11-20T10:00:00.000Z' },
      }),
    });
    const input = await screen.findByRole('textbox', { name: 'New target for Boris' });
    fireEvent.change(input, { target: { value: '45 000,5' } });
    fireEvent.submit(input.closest('form') as HTMLFormElement);
    await waitFor(() => expect(calls.some((c) => c.key === 'PUT /api/kpis/targets')).toBe(true));
    expect(calls.find((c) => c.key === 'PUT /api/kpis/targets')?.body).toEqual({
      repId: BORIS_ID,
      period: 'month',
      periodKey: '2026-11',
      amount: 4_500_050, // 45,000.50 roubles in kopecks
      currency: 'RUB',
    });

    const annaInput = screen.getByRole('textbox', { name: 'New target for Анна' });
    fireEvent.change(annaInput, { target: { value: 'lots' } });
    fireEvent.submit(annaInput.closest('form') as HTMLFormElement);
    expect(await screen.findByText('Enter an amount like 150000 or 1 500.50.')).toBeTruthy();
    expect(calls.filter((c) => c.key === 'PUT /api/kpis/targets')).toHaveLength(1);
  });

  it("enters a month's spend in minor units and lists it", async () => {
    const calls = await openTab({
      'PUT /api/kpis/inputs': (body) => {
        const b = body as { kind: 'spend'; month: string; amount: number; currency: string };
        const view: KpiInputView = {
          id: `${b.kind}:${b.month}`,
          ...b,
          updatedAt: '2026-11-20T10:00:00.000Z',
        };
        return { status: 200, body: view };
      },
    });
    const form = screen.getByRole('form', { name: 'Manager inputs' });
    expect(within(form).getByText('Sales and marketing spend')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Month'), { target: { value: '2026-11' } });
    fireEvent.change(within(form).getByLabelText('Amount'), { target: { value: '1 500 000.50' } });
    fireEvent.submit(form);
    expect(await within(form).findByText('Saved.')).toBeTruthy();
    expect(calls.find((c) => c.key === 'PUT /api/kpis/inputs')?.body).toEqual({
      kind: 'spend',
      month: '2026-11',
      amount: 150_000_050, // 1,500,000.50 roubles in kopecks
      currency: 'RUB',
    });
    const listed = document.querySelector('.kpi-inputs-table tr[data-input="spend:2026-11"]');
    expect(plain(listed?.textContent ?? '')).toBe('November 2026Sales and marketing spendRUB 1,500,000.50');
  });

  it('speaks Russian', async () => {
    useLocaleStore.setState({ locale: 'ru' });
    await openTab();
    expect(cells(kpiRow('avgPurchaseValue')).slice(0, 2)).toEqual(['Средний чек', '150 000 ₽']);
    expect(cells(kpiRow('cac'))[1]).toBe('нужно ввести расходы');
    expect(cells(kpiRow('leadConversion'))[1]).toBe('12,34 %');
    expect(screen.getByRole('button', { name: 'Принять предложенный план для: Анна' })).toBeTruthy();
  });
});
