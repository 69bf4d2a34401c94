import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { AuditEntry } from '@leaderboard/contracts';
import { useLocaleStore } from '../../i18n/i18n.js';
import { useSessionStore } from '../../session/session-store.js';
import { AUDIT_PAGE } from './audit-store.js';
import { AuditTab } from './audit-tab.js';
import { fakeApi } from '../../test-support/fake-api.js';

function entry(id: number, action: string, details: Record<string, unknown> = {}): AuditEntry {
  return {
    id: String(id),
    at: new Date(Date.UTC(2026, 10, 1) + id * 60_000).toISOString(),
    actor: { kind: 'manager', id: 'u1', name: 'boss@example.com' },
    action,
    subjectId: `s${id}`,
    details,
  };
}

describe('audit log', () => {
  beforeEach(() => {
    useSessionStore.setState({
      token: 'tok',
      user: { id: 'u1', email: 'boss@example.com', role: 'manager', repId: null },
    });
  });

  it('shows who did what in words, details on demand, and pages back with before', async () => {
    const first = Array.from({ length: AUDIT_PAGE }, (_, i) =>
      entry(
        1000 - i,
        i === 0 ? 'ruleset.publish' : 'rep.update',
        i === 0 ? { effectiveFrom: '2026-12-01T00:00:00Z' } : {},
      ),
    );
    const calls = fakeApi({
      [`GET /api/audit?limit=${AUDIT_PAGE}`]: { status: 200, body: first },
      [`GET /api/audit?limit=${AUDIT_PAGE}&before=951`]: { status: 200, body: [entry(3, 'token.revoke')] },
    });
    render(<AuditTab />);
    const publish = await screen.findByText('Published a rule set');
    const row = publish.closest('tr') as HTMLElement;
    expect(row.textContent).toContain('boss@example.com');
    // The effective date in words, in the org's time zone (Moscow by default).
    expect(row.textContent).toContain('Dec 1, 2026, 3:00 AM');

    fireEvent.click(row.querySelector('button') as HTMLButtonElement);
    expect(screen.getByText(/"effectiveFrom": "2026-12-01T00:00:00Z"/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Hide' }));
    expect(screen.queryByText(/"effectiveFrom"/)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Older entries' }));
    expect(await screen.findByText('Revoked a token')).toBeTruthy();
    expect(calls.map((c) => c.key)).toEqual([
      `GET /api/audit?limit=${AUDIT_PAGE}`,
      `GET /api/audit?limit=${AUDIT_PAGE}&before=951`,
    ]);
    // A short page is the end of the log.
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Older entries' })).toBeNull());
    expect(screen.getAllByRole('row')).toHaveLength(AUDIT_PAGE + 2);
  }, 20_000); // a page of 100 entries in jsdom: seconds on a loaded machine

  it('names the month of a close, and the amount and approvals of a payout approval', async () => {
    fakeApi({
      [`GET /api/audit?limit=${AUDIT_PAGE}`]: {
        status: 200,
        body: [
          entry(4, 'payout.adjust', {
            periodKey: '2026-10',
            amount: 25_050,
            reason: 'Fair bonus',
            repId: 'r1',
          }),
          entry(3, 'payout.approve', {
            periodKey: '2026-10',
            repId: 'r1',
            amount: 1_500_000,
            currency: 'RUB',
            approvals: 1,
            approvalsRequired: 2,
            status: 'pending',
          }),
          entry(2, 'period.close', { periodKey: '2026-10', contentHash: 'ab', reps: 2 }),
        ],
      },
    });
    render(<AuditTab />);
    const row = async (label: string) =>
      ((await screen.findByText(label)).closest('tr') as HTMLElement).textContent?.replace(/\s/g, ' ');
    expect(await row('Closed a month')).toContain('2026-10');
    // 1,500,000 kopecks = RUB 15,000; one of the two approvals it needs.
    expect(await row('Approved a payout')).toContain('2026-10 · RUB 15,000 · 1/2');
    expect(await row('Added a manual payout line')).toContain('2026-10 · Fair bonus');
  });

  it('speaks Russian and shows an unknown action as it is', async () => {
    useLocaleStore.setState({ locale: 'ru' });
    fakeApi({
      [`GET /api/audit?limit=${AUDIT_PAGE}`]: {
        status: 200,
        body: [entry(2, 'token.create', { name: 'ТВ' }), entry(1, 'kpi.spend')],
      },
    });
    render(<AuditTab />);
    expect(await screen.findByText('Создал(а) токен')).toBeTruthy();
    expect(screen.getByText('kpi.spend')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Более ранние записи' })).toBeNull();
  });
});
