import { jest } from '@jest/globals';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type {
  ConnectorHealth,
  ConnectorJobView,
  ConnectorStageRow,
  ConnectorView,
  InboxDeliveryView,
  RepView,
} from '@leaderboard/contracts';
import { useSessionStore } from '../../session/session-store.js';
import { fakeApi, type Route } from '../../test-support/fake-api.js';
import { ConnectorsTab } from './connectors-tab.js';

const B24: ConnectorView = {
  id: 'c1',
  kind: 'bitrix24',
  name: 'Portal',
  settings: {},
  disabled: false,
  createdAt: '2026-12-01T09:00:00.000Z',
  createdBy: null,
  credentialNames: ['applicationToken', 'restUrl'],
  alert: 'unmapped',
};
const ANNA: RepView = {
  ...{ id: 'r1', key: 'anna', name: 'Anna Petrova', teamId: null, region: null },
  ...{ email: 'anna@example.com', photoUrl: null, startedOn: null, active: true },
};
const HEALTH: ConnectorHealth = {
  connectorId: 'c1',
  lastDeliveryAt: null,
  lastHour: { deliveries: 3, events: 2 },
  byStatus: { pending: 0, done: 5, unmapped: 1, failed: 1 },
  lastFailure: null,
  hourly: [...Array(24).keys()].map((i) => ({
    hour: new Date(Date.UTC(2026, 11, 4, i)).toISOString(),
    deliveries: i % 3,
    events: 0,
  })),
  unmappedUsers: 1,
  heldEvents: 2,
  unmappedStages: 1,
  usualGapSeconds: null,
  alert: 'unmapped',
  lastCatchUpAt: null,
};
const STAGES: ConnectorStageRow[] = [
  {
    pipelineId: '0',
    stageId: 'C0:WON',
    type: 'deal_won',
    pipelineName: 'Sales',
    name: 'Won',
    semantic: 'won',
  },
  { pipelineId: '0', stageId: 'C0:NEW', type: null, pipelineName: 'Sales', name: 'New', semantic: 'open' },
];
const FAILED: InboxDeliveryView = {
  ...{ id: '41', receivedAt: '2026-12-04T08:00:00.000Z', status: 'unmapped', attempts: 1, method: 'POST' },
  ...{ reason: 'stage C0:NEW has no event type', url: '/api/hooks/c1/***', body: 'event=ONCRMDEALUPDATE' },
};
const job = (fetched: number, status: ConnectorJobView['status'] = 'running'): ConnectorJobView => ({
  ...{ id: 'j1', connectorId: 'c1', kind: 'backfill', status, since: '2026-11-04T00:00:00.000Z' },
  ...{ startedAt: '2026-12-04T09:00:00.000Z', finishedAt: null, fetched, total: 400, created: fetched / 2 },
  error: status === 'failed' ? 'crm.deal.list answered 503' : null,
});

function openDetail(routes: Record<string, Route>) {
  useSessionStore.setState({
    token: 'tok',
    user: { id: 'u1', email: 'boss@example.com', role: 'manager', repId: null },
  });
  window.history.pushState(null, '', '/admin/connectors/c1');
  const calls = fakeApi({
    'GET /api/connectors': { status: 200, body: [B24] },
    'GET /api/connectors/c1/health': { status: 200, body: HEALTH },
    'GET /api/reps': { status: 200, body: [ANNA] },
    'GET /api/connectors/c1/users': {
      status: 200,
      body: [
        {
          ...{ crmUserId: '17', name: 'Анна П.', email: 'a.p@portal.ru', repId: null, repName: null },
          ...{ matchedBy: null, heldEvents: 2 },
        },
      ],
    },
    'GET /api/connectors/c1/stages': { status: 200, body: STAGES },
    'GET /api/connectors/c1/jobs': { status: 200, body: [] },
    'GET /api/connectors/c1/inbox?status=failed': { status: 200, body: [] },
    'GET /api/connectors/c1/inbox?status=unmapped': { status: 200, body: [FAILED] },
    ...routes,
  });
  render(<ConnectorsTab />);
  return calls;
}

describe('a connector opened', () => {
  afterEach(() => window.history.pushState(null, '', '/'));

  it('maps a CRM user to a rep and says how many held events were scored', async () => {
    const calls = openDetail({
      'PUT /api/connectors/c1/users/17': {
        status: 200,
        body: { crmUserId: '17', repId: 'r1', matchedBy: 'manual', attached: 2 },
      },
    });
    const select = (await screen.findByLabelText('Rep of Анна П. (17)')) as HTMLSelectElement;
    await screen.findByRole('option', { name: 'Anna Petrova' });
    fireEvent.change(select, { target: { value: 'r1' } });
    expect(await screen.findByText('2 held events scored.')).toBeTruthy();
    expect(calls.find((c) => c.key === 'PUT /api/connectors/c1/users/17')?.body).toEqual({ repId: 'r1' });
    const row = select.closest('tr') as HTMLElement;
    expect(within(row).getByText('by hand')).toBeTruthy();
    expect(select.value).toBe('r1');
  });

  it('saves the whole stage map, ignored stages included', async () => {
    const calls = openDetail({ 'PUT /api/connectors/c1/stages': { status: 200, body: [] } });
    const newStage = (await screen.findByLabelText('Event of stage New')) as HTMLSelectElement;
    fireEvent.change(newStage, { target: { value: 'opportunity_created' } });
    fireEvent.change(screen.getByLabelText('Event of stage Won'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save stages' }));
    expect(await screen.findByText('Stages saved.')).toBeTruthy();
    expect(calls.find((c) => c.key === 'PUT /api/connectors/c1/stages')?.body).toEqual({
      stages: [
        { pipelineId: '0', stageId: 'C0:WON', type: null },
        { pipelineId: '0', stageId: 'C0:NEW', type: 'opportunity_created' },
      ],
    });
  });

  it('follows a backfill: the bar advances as the jobs answer, and stops polling once it ended', async () => {
    jest.useFakeTimers();
    try {
      const answers = [[job(0)], [job(100)], [job(400, 'failed')]];
      let reads = 0;
      openDetail({
        'POST /api/connectors/c1/backfill': { status: 201, body: job(0) },
        'GET /api/connectors/c1/jobs': () => ({ status: 200, body: reads++ === 0 ? [] : answers.shift() }),
      });
      await act(async () => {
        await jest.advanceTimersByTimeAsync(10);
      });
      const form = screen.getByRole('form', { name: 'Import history' });
      fireEvent.change(within(form).getByLabelText('Last days'), { target: { value: '90' } });
      fireEvent.submit(form);
      await act(async () => {
        await jest.advanceTimersByTimeAsync(10);
      });
      const bar = () => screen.getByLabelText('Import progress') as HTMLProgressElement;
      expect(bar().value).toBe(0);
      expect(bar().max).toBe(400);
      const progress = [];
      for (let tick = 0; tick < 3; tick++) {
        await act(async () => {
          await jest.advanceTimersByTimeAsync(2_000);
        });
        progress.push(bar().value);
      }
      expect(progress).toEqual([0, 100, 400]);
      expect(screen.getByText('Stopped: crm.deal.list answered 503')).toBeTruthy();
      const after = reads;
      await act(async () => {
        await jest.advanceTimersByTimeAsync(10_000);
      });
      expect(reads).toBe(after);
    } finally {
      jest.useRealTimers();
    }
  });

  it('replays a delivery that could not be mapped, and syncs', async () => {
    const calls = openDetail({
      'POST /api/connectors/c1/inbox/41/replay': {
        status: 200,
        body: { ...FAILED, status: 'done', reason: null },
      },
      'POST /api/connectors/c1/sync': { status: 200, body: { users: 12, matched: 9, stages: 7 } },
    });
    const reason = await screen.findByText('stage C0:NEW has no event type');
    const row = reason.closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: 'Replay' }));
    expect(await within(row).findByText('Replayed: done')).toBeTruthy();
    expect(calls.map((c) => c.key)).toContain('POST /api/connectors/c1/inbox/41/replay');

    fireEvent.click(screen.getByRole('button', { name: 'Sync users and stages' }));
    expect(await screen.findByText('Read 12 users (9 matched by e-mail) and 7 stages.')).toBeTruthy();
  });

  it('names the stored credentials as the form labels them, never by their field names', async () => {
    openDetail({});
    expect(await screen.findByText('Stored: Application token, Inbound webhook URL (REST)')).toBeTruthy();
    expect(screen.queryByText(/applicationToken|restUrl/)).toBeNull();
  });

  it('deletes only after a warning that scored events stay', async () => {
    const calls = openDetail({ 'DELETE /api/connectors/c1': { status: 204 } });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    expect(screen.getByText(/Events already scored stay on the boards/)).toBeTruthy();
    expect(calls.some((c) => c.key.startsWith('DELETE'))).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(window.location.pathname).toBe('/admin/connectors'));
    expect(calls.some((c) => c.key === 'DELETE /api/connectors/c1')).toBe(true);
  });
});
