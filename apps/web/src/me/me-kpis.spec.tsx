import { render, screen } from '@testing-library/react';
import { useLocaleStore } from '../i18n/i18n.js';
import { fakeApi } from '../test-support/fake-api.js';
import { useSessionStore } from '../session/session-store.js';
import { entry, kpiReport } from '../test-support/kpi-report.js';
import { MeKpis } from './me-kpis.js';
import { useMeKpisStore } from './me-kpis-store.js';

const ANNA = '5b1f1a52-3c1e-4d7a-9a55-0c3b7e9d1a01';
const PATH = `GET /api/kpis?period=month&scope=rep:${ANNA}&periods=1`;

/** Anna's month: her figures, the org median, the SPEC benchmarks. */
const MINE = kpiReport(
  [
    entry(
      'avgPurchaseValue',
      { value: { kind: 'money', amount: 20_000_000, currency: 'RUB' }, reason: null },
      { orgMedian: { value: { kind: 'money', amount: 12_000_000, currency: 'RUB' }, reason: null } },
    ),
    entry(
      'emailOpenRate',
      { value: { kind: 'percent', bp: 2550 }, reason: null },
      {
        orgMedian: { value: { kind: 'percent', bp: 3100 }, reason: null },
        benchmark: { id: 'cold-email-open', op: 'gte', value: { kind: 'percent', bp: 3000 }, note: '' },
      },
    ),
    entry(
      'speedToLeadMedian',
      { value: null, reason: 'NO_DATA' },
      {
        orgMedian: { value: { kind: 'duration', seconds: 600 }, reason: null },
        benchmark: { id: 'speed-to-lead', op: 'lte', value: { kind: 'duration', seconds: 900 }, note: '' },
      },
    ),
    entry(
      'quotaAttainment',
      { value: null, reason: 'MISSING_INPUT' },
      { orgMedian: { value: null, reason: 'NO_DATA' } },
    ),
    entry(
      'cac',
      { value: null, reason: 'NOT_APPLICABLE' },
      { orgMedian: { value: null, reason: 'NOT_APPLICABLE' } },
    ),
    entry(
      'leaderboard',
      { value: { kind: 'points', points: 1240, milliPoints: 1_240_000, rank: 3 }, reason: null },
      {},
    ),
  ],
  { kind: 'rep', repId: ANNA },
);

const plain = (text: string | null | undefined): string => (text ?? '').replace(/\s/g, ' ');

function line(id: string): { name: string; value: string; notes: string } {
  const item = document.querySelector(`.me-kpi[data-kpi="${id}"]`);
  if (!item) throw new Error(`no line for ${id}`);
  return {
    name: plain(item.querySelector('.me-kpi-name')?.textContent),
    value: plain(item.querySelector('.me-kpi-value')?.textContent),
    notes: plain(item.querySelector('.me-kpi-notes')?.textContent),
  };
}

beforeEach(() => {
  useSessionStore.setState({
    token: 'tok-anna',
    user: { id: 'u1', email: 'anna@example.com', role: 'rep', repId: ANNA },
  });
});

describe('/me KPIs', () => {
  it("reads only the rep's own scope and shows each KPI with the org median and the benchmark", async () => {
    const calls = fakeApi({ [PATH]: { status: 200, body: MINE } });
    render(<MeKpis repId={ANNA} />);
    await screen.findByText('Average purchase value');
    expect(calls.map((c) => c.key)).toEqual([PATH]);
    expect(screen.getByRole('heading', { name: 'My KPIs this month' })).toBeTruthy();

    expect(line('avgPurchaseValue')).toEqual({
      name: 'Average purchase value',
      value: 'RUB 200,000',
      notes: 'org median RUB 120,000',
    });
    expect(line('emailOpenRate')).toEqual({
      name: 'E-mail open rate',
      value: '25.5%',
      notes: 'org median 31% · benchmark ≥ 30%',
    });
    expect(line('speedToLeadMedian')).toEqual({
      name: 'Speed to lead, median',
      value: 'no data',
      notes: 'org median 10 min · benchmark ≤ 15 min',
    });
    expect(line('quotaAttainment').value).toBe('needs a target');
    expect(line('quotaAttainment').notes).toBe('org median no data');
    // CAC is not a rep's figure; points and rank are on the tiles already.
    expect(document.querySelector('.me-kpi[data-kpi="cac"]')).toBeNull();
    expect(document.querySelector('.me-kpi[data-kpi="leaderboard"]')).toBeNull();
    // 35 KPIs less those two.
    expect(document.querySelectorAll('.me-kpi')).toHaveLength(33);
  });

  it('says so when the KPIs cannot be read', async () => {
    fakeApi({ [PATH]: { status: 503, body: { error: { code: 'INTERNAL', message: 'down', details: [] } } } });
    render(<MeKpis repId={ANNA} />);
    expect(await screen.findByText('Your KPIs are unavailable right now.')).toBeTruthy();
    expect(useMeKpisStore.getState().report).toBeNull();
  });

  it('speaks Russian', async () => {
    useLocaleStore.setState({ locale: 'ru' });
    fakeApi({ [PATH]: { status: 200, body: MINE } });
    render(<MeKpis repId={ANNA} />);
    await screen.findByText('Средний чек');
    expect(line('avgPurchaseValue')).toEqual({
      name: 'Средний чек',
      value: '200 000 ₽',
      notes: 'медиана компании 120 000 ₽',
    });
    expect(line('emailOpenRate').notes).toBe('медиана компании 31 % · ориентир ≥ 30 %');
  });
});
