import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ConnectorView, InboxDeliveryView } from '@leaderboard/contracts';
import { useSessionStore } from '../../session/session-store.js';
import { fakeApi } from '../../test-support/fake-api.js';
import { ConnectorsTab } from './connectors-tab.js';

const SITE: ConnectorView = {
  ...{ id: 'g1', kind: 'generic', name: 'Site form', settings: { currency: 'RUB' }, disabled: false },
  ...{ createdAt: '2026-12-01T09:00:00.000Z', createdBy: null, credentialNames: [], alert: null },
};
const KEPT: InboxDeliveryView = {
  ...{ id: '7', receivedAt: '2026-12-04T08:00:00.000Z', status: 'unmapped', reason: 'fields not mapped yet' },
  ...{ attempts: 1, method: 'POST', url: '/api/hooks/g1/***?utm=mail' },
  body: JSON.stringify({
    deal: { id: 5501, owner: 'vera@example.com', at: '2026-12-04T10:00:00+03:00', sum: '1500' },
  }),
};

describe('the generic field picker', () => {
  afterEach(() => window.history.pushState(null, '', '/'));

  it('picks paths by clicking values of the received sample, saves them, then replays the kept deliveries', async () => {
    useSessionStore.setState({
      token: 'tok',
      user: { id: 'u1', email: 'boss@example.com', role: 'admin', repId: null },
    });
    window.history.pushState(null, '', '/admin/connectors/g1');
    const calls = fakeApi({
      'GET /api/connectors': { status: 200, body: [SITE] },
      'GET /api/connectors/g1/inbox?status=failed': { status: 200, body: [] },
      'GET /api/connectors/g1/inbox?status=unmapped': { status: 200, body: [KEPT] },
      'PATCH /api/connectors/g1': (body) => ({ status: 200, body: { ...SITE, ...(body as object) } }),
      'POST /api/connectors/g1/inbox/7/replay': {
        status: 200,
        body: { ...KEPT, status: 'done', reason: null },
      },
    });
    render(<ConnectorsTab />);
    // External id is the field picked first.
    fireEvent.click(await screen.findByRole('button', { name: '5501' }));
    fireEvent.click(screen.getByRole('button', { name: 'Pick: Rep (CRM user)' }));
    fireEvent.click(screen.getByRole('button', { name: 'vera@example.com' }));
    fireEvent.click(screen.getByRole('button', { name: 'Pick: When (date and time)' }));
    fireEvent.click(screen.getByRole('button', { name: '2026-12-04T10:00:00+03:00' }));
    fireEvent.click(screen.getByRole('button', { name: 'Pick: Amount' }));
    fireEvent.click(screen.getByRole('button', { name: '1500' }));
    fireEvent.change(screen.getByLabelText('Fixed event type'), { target: { value: 'deal_won' } });
    expect((screen.getByLabelText('Rep (CRM user)') as HTMLInputElement).value).toBe('deal.owner');
    // The query string of the URL is a sample too.
    expect(screen.getByRole('button', { name: 'mail' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Save fields' }));
    expect(await screen.findByText('Fields saved.')).toBeTruthy();
    expect(calls.find((c) => c.key === 'PATCH /api/connectors/g1')?.body).toEqual({
      settings: {
        currency: 'RUB',
        externalIdPath: 'deal.id',
        crmUserIdPath: 'deal.owner',
        occurredAtPath: 'deal.at',
        amountPath: 'deal.sum',
        eventType: 'deal_won',
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Replay 1 kept delivery' }));
    await waitFor(() => expect(calls.map((c) => c.key)).toContain('POST /api/connectors/g1/inbox/7/replay'));
    // The inbox is read again after the replay.
    await waitFor(() =>
      expect(calls.filter((c) => c.key === 'GET /api/connectors/g1/inbox?status=unmapped')).toHaveLength(2),
    );
  });
});
