import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { AdjustmentView, PayoutView, PeriodSummary } from '@leaderboard/contracts';
import { useLocaleStore } from '../../i18n/i18n.js';
import { useSessionStore } from '../../session/session-store.js';
import { fakeApi } from '../../test-support/fake-api.js';
import { previousMonth, usePayoutsStore } from './payouts-store.js';
import { PayoutsTab, payoutStatusKey } from './payouts-tab.js';

const CLOSED: PeriodSummary = {
  periodKey: '2026-10',
  closedAt: '2026-11-02T07:00:00.000Z',
  closedBy: 'boss@example.com',
  contentHash: 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12',
};

function payout(overrides: Partial<PayoutView> = {}): PayoutView {
  return {
    id: 'p1',
    periodKey: '2026-10',
    repId: 'r1',
    repKey: 'anna',
    name: 'Анна Петрова',
    tier: 'Gold',
    milliPoints: 12_000_000,
    points: 12_000,
    rank: 1,
    amount: 15_000_000,
    currency: 'RUB',
    lineItems: [
      { kind: 'tier', label: 'Gold', amount: 16_000_000, periodKey: '2026-10' },
      { kind: 'adjustment', label: '2026-09: Silver -> Bronze', amount: -1_000_000, periodKey: '2026-09' },
    ],
    status: 'pending',
    approvalsRequired: 2,
    approvals: [],
    ...overrides,
  };
}

const ADJUSTMENT: AdjustmentView = {
  periodKey: '2026-10',
  targetPeriodKey: '2026-11',
  repId: 'r2',
  name: 'Boris',
  deltaMilliPoints: 24_000,
  deltaPoints: 24,
  tierBefore: 'Bronze',
  tierNow: 'Silver',
  deltaPayout: 1_000_000,
  currency: 'RUB',
  causes: [
    {
      eventId: '7',
      source: 'crm',
      externalId: 'late-1',
      type: 'call',
      occurredAt: '2026-10-20T08:00:00.000Z',
      previousMilliPoints: 0,
      milliPoints: 12_000,
      voided: false,
    },
  ],
  status: 'pending',
};

function signIn(id = 'u1') {
  useSessionStore.setState({
    token: 'tok',
    user: { id, email: 'boss@example.com', role: 'manager', repId: null },
  });
}

describe('closing and payouts tab', () => {
  it('defaults to the month before this one', () => {
    expect(previousMonth(new Date('2026-11-30T00:00:00Z'))).toBe('2026-10');
    expect(previousMonth(new Date('2027-01-05T00:00:00Z'))).toBe('2026-12');
  });

  it("counts months in the org's time zone, not UTC", () => {
    // 2026-11-30T22:00Z is 1 December 01:00 in Moscow: November has ended there.
    expect(previousMonth(new Date('2026-11-30T22:00:00Z'), 'Europe/Moscow')).toBe('2026-11');
    expect(previousMonth(new Date('2026-11-30T22:00:00Z'), 'UTC')).toBe('2026-10');
    // New Year's night in Moscow, still 31 December in New York.
    expect(previousMonth(new Date('2027-01-01T03:00:00Z'), 'Europe/Moscow')).toBe('2026-12');
    expect(previousMonth(new Date('2027-01-01T03:00:00Z'), 'America/New_York')).toBe('2026-11');
  });

  it('says a payout above the threshold waits for a second approver once someone approved it', () => {
    const one = [{ userId: 'u1', name: 'boss@example.com', role: 'manager', at: '2026-11-03T09:00:00Z' }];
    expect(payoutStatusKey(payout())).toBe('admin.payouts.pending');
    expect(payoutStatusKey(payout({ approvals: one }))).toBe('admin.payouts.waitingSecond');
    expect(payoutStatusKey(payout({ approvals: one, approvalsRequired: 1 }))).toBe('admin.payouts.pending');
    expect(payoutStatusKey(payout({ approvals: one, approvalsRequired: 1, status: 'approved' }))).toBe(
      'admin.payouts.approved',
    );
  });

  it('closes an open month and then shows its payouts with line items', async () => {
    signIn();
    usePayoutsStore.setState({ period: '2026-10' });
    let isClosed = false;
    const calls = fakeApi({
      'GET /api/periods': () => ({ status: 200, body: isClosed ? [CLOSED] : [] }),
      'GET /api/payouts?period=2026-10': () => ({ status: 200, body: isClosed ? [payout()] : [] }),
      'GET /api/adjustments': { status: 200, body: [] },
      'POST /api/periods/2026-10/close': () => {
        isClosed = true;
        return { status: 200, body: {} };
      },
    });
    render(<PayoutsTab />);
    expect(await screen.findByText('This month is not closed yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close 2026-10' }));
    const row = (await screen.findByText('Анна Петрова')).closest('tr') as HTMLElement;
    expect(row.textContent).toContain('Adjustment for 2026-09');
    expect(row.textContent).toContain('0/2');
    expect(row.textContent).toContain('Waiting for approval');
    // 16,000,000 + (-1,000,000) kopecks = RUB 150,000 in all.
    const text = row.textContent?.replace(/\s/g, ' ');
    expect(text).toContain('Gold: RUB 160,000');
    expect(text).toContain('-RUB 10,000');
    expect(text).toContain('RUB 150,000');
    expect(screen.getByText(/Closed .* by boss@example.com/)).toBeTruthy();
    expect(calls.filter((c) => c.key.startsWith('POST')).map((c) => c.key)).toEqual([
      'POST /api/periods/2026-10/close',
    ]);
  });

  it('approves once per person and shows a refusal with its message', async () => {
    signIn();
    usePayoutsStore.setState({ period: '2026-10' });
    let approvals: PayoutView['approvals'] = [];
    fakeApi({
      'GET /api/periods': { status: 200, body: [CLOSED] },
      'GET /api/payouts?period=2026-10': () => ({ status: 200, body: [payout({ approvals })] }),
      'GET /api/adjustments': { status: 200, body: [ADJUSTMENT] },
      'POST /api/payouts/p1/approve': () => {
        approvals = [{ userId: 'u1', name: 'boss@example.com', role: 'manager', at: '2026-11-03T09:00:00Z' }];
        return { status: 200, body: payout({ approvals }) };
      },
    });
    render(<PayoutsTab />);
    const row = (await screen.findByText('Анна Петрова')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(row.textContent).toContain('1/2'));
    // Who approved, and that it now needs someone else.
    expect(row.textContent).toContain('boss@example.com');
    expect(row.textContent).toContain('Waiting for a second approver');
    // The same manager cannot give the second approval: no button for them any more.
    expect(within(row).queryByRole('button', { name: 'Approve' })).toBeNull();
    // Adjustments: what changed a closed month, and the event that caused it.
    const adj = screen.getByText('Boris').closest('tr') as HTMLElement;
    expect(adj.textContent).toContain('2026-10 → 2026-11');
    expect(adj.textContent).toContain('+24');
    expect(adj.textContent).toContain('crm/late-1');
    expect(adj.textContent).toContain('Pending');
  });

  it('exports the payroll CSV byte for byte, byte-order mark included', async () => {
    signIn();
    usePayoutsStore.setState({ period: '2026-10' });
    // "\uFEFFperiod\r\n" as UTF-8: EF BB BF, then the ASCII letters; a decode to text would lose the mark.
    const file = Uint8Array.from([0xef, 0xbb, 0xbf, ...Array.from('period\r\n', (c) => c.charCodeAt(0))]);
    const asked: Array<[string, RequestInit | undefined]> = [];
    globalThis.fetch = (async (path: string, init?: RequestInit) => {
      asked.push([path, init]);
      return { ok: true, status: 200, arrayBuffer: async () => file.buffer } as Response;
    }) as typeof fetch;
    const bytes = new Uint8Array(await usePayoutsStore.getState().exportCsv());
    expect(Array.from(bytes)).toEqual(Array.from(file));
    expect(asked).toEqual([
      ['/api/payouts/export.csv?period=2026-10', { headers: { authorization: 'Bearer tok' } }],
    ]);
  });

  it('shows the API message when an approval is refused, in Russian too', async () => {
    signIn('u2');
    useLocaleStore.setState({ locale: 'ru' });
    usePayoutsStore.setState({ period: '2026-10' });
    fakeApi({
      'GET /api/periods': { status: 200, body: [CLOSED] },
      'GET /api/payouts?period=2026-10': { status: 200, body: [payout()] },
      'GET /api/adjustments': { status: 200, body: [] },
      'POST /api/payouts/p1/approve': {
        status: 403,
        body: {
          error: {
            code: 'APPROVAL_NOT_ALLOWED',
            message: 'You have already approved this payout',
            details: [],
          },
        },
      },
    });
    render(<PayoutsTab />);
    const row = (await screen.findByText('Анна Петрова')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: 'Согласовать' }));
    expect((await screen.findByRole('alert')).textContent).toContain('You have already approved this payout');
    expect(row.textContent).toContain('Ждёт согласования');
  });
});
