import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { CompetitionView, RuleSetView } from '@leaderboard/contracts';
import { useOrgStore } from '../../org/org-store.js';
import { useSessionStore } from '../../session/session-store.js';
import { CompetitionsTab } from './competitions-tab.js';
import { fakeApi } from '../../test-support/fake-api.js';
import { SPEC_EXAMPLE } from '../../test-support/spec-example.js';

const PUBLISHED: RuleSetView = {
  id: 'rs1',
  version: 1,
  status: 'published',
  document: SPEC_EXAMPLE,
  effectiveFrom: '1970-01-01T00:00:00.000Z',
  publishedAt: '2026-11-01T00:00:00.000Z',
  createdAt: '2026-11-01T00:00:00.000Z',
};

const view = (over: Partial<CompetitionView>): CompetitionView => ({
  id: 'c1',
  name: 'Demo week',
  from: '2026-11-16T00:00:00.000Z',
  to: '2026-11-21T00:00:00.000Z',
  mode: 'individual',
  status: 'ended',
  leaders: [{ id: 'r1', kind: 'rep', name: 'Anna', milliPoints: 100_000, points: 100 }],
  celebratedAt: '2026-11-21T00:00:01.000Z',
  celebratedWinner: 'Anna',
  createdAt: '2026-11-10T00:00:00.000Z',
  createdBy: 'boss@example.com',
  ...over,
});

function signIn() {
  useSessionStore.setState({
    token: 'tok',
    user: { id: 'u1', email: 'boss@example.com', role: 'manager', repId: null },
  });
  useOrgStore.setState({ timeZone: 'Europe/Moscow' });
}

describe('competitions tab', () => {
  it('lists competitions with their status and winner or leader; deletes an upcoming one', async () => {
    signIn();
    const calls = fakeApi({
      'GET /api/competitions': {
        status: 200,
        body: [
          view({
            id: 'c3',
            name: 'Next week',
            status: 'upcoming',
            from: '2026-12-07T00:00:00.000Z',
            leaders: [],
          }),
          view({
            id: 'c2',
            name: 'North vs South',
            mode: 'teams',
            status: 'running',
            from: '2026-11-30T00:00:00.000Z',
            leaders: [{ id: 't1', kind: 'team', name: 'North', milliPoints: 153_000, points: 153 }],
          }),
          view({}),
        ],
      },
      'GET /api/rulesets': { status: 200, body: [PUBLISHED] },
      'DELETE /api/competitions/c3': { status: 204 },
    });
    render(<CompetitionsTab />);
    const ended = await screen.findByTestId('competition-c1');
    expect(ended.textContent).toContain('Ended');
    expect(ended.textContent).toContain('Winner: Anna (100)');
    expect(screen.getByTestId('competition-c2').textContent).toContain('Leading: North (153)');
    expect(screen.getByTestId('competition-c2').textContent).toContain('Team against team');
    expect(within(ended).queryByRole('button', { name: 'Delete' })).toBeNull();

    fireEvent.click(within(screen.getByTestId('competition-c3')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByTestId('competition-c3')).toBeNull());
    expect(calls.some((c) => c.key === 'DELETE /api/competitions/c3')).toBe(true);
  });

  it('creates one from the rule set in effect with other points, the window in the org time zone', async () => {
    signIn();
    const calls = fakeApi({
      'GET /api/competitions': { status: 200, body: [] },
      'GET /api/rulesets': { status: 200, body: [PUBLISHED] },
      'POST /api/competitions': (body) => ({
        status: 201,
        body: view({ id: 'c9', name: (body as { name: string }).name, status: 'upcoming', leaders: [] }),
      }),
    });
    render(<CompetitionsTab />);
    expect(await screen.findByText('No competitions yet.')).toBeTruthy();
    const form = screen.getByRole('form', { name: 'New competition' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Demo week' } });
    fireEvent.change(within(form).getByLabelText('Starts'), { target: { value: '2026-12-07T09:00' } });
    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: '2026-12-12T00:00' } });
    fireEvent.change(within(form).getByLabelText('Who competes'), { target: { value: 'teams' } });
    const demoHeld = within(form).getByLabelText('demo_held') as HTMLInputElement;
    expect(demoHeld.value).toBe('60');
    fireEvent.change(demoHeld, { target: { value: '150' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create competition' }));

    expect(await screen.findByText('Competition created.')).toBeTruthy();
    const sent = calls.find((c) => c.key === 'POST /api/competitions')?.body as {
      name: string;
      from: string;
      to: string;
      mode: string;
      ruleSet: typeof SPEC_EXAMPLE;
    };
    // Moscow is UTC+3: 09:00 there is 06:00 UTC.
    expect([sent.name, sent.from, sent.to, sent.mode]).toEqual([
      'Demo week',
      '2026-12-07T06:00:00.000Z',
      '2026-12-11T21:00:00.000Z',
      'teams',
    ]);
    expect(sent.ruleSet.rules.demo_held).toEqual({ points: 150 });
    expect(sent.ruleSet.rules.call).toEqual(SPEC_EXAMPLE.rules.call);
    expect(sent.ruleSet.dailyCaps).toEqual(SPEC_EXAMPLE.dailyCaps);
    expect(sent.ruleSet.name).toBe('Demo week');
    expect(screen.getByTestId('competition-c9').textContent).toContain('Upcoming');
  });

  it('shows the API refusal at the field', async () => {
    signIn();
    fakeApi({
      'GET /api/competitions': { status: 200, body: [] },
      'GET /api/rulesets': { status: 200, body: [PUBLISHED] },
      'POST /api/competitions': {
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The window must end after it starts',
            details: [{ path: 'to', message: 'must be after from' }],
          },
        },
      },
    });
    render(<CompetitionsTab />);
    const form = await screen.findByRole('form', { name: 'New competition' });
    await waitFor(() => expect(within(form).getByLabelText('demo_held')).toBeTruthy());
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Oops' } });
    fireEvent.change(within(form).getByLabelText('Starts'), { target: { value: '2026-12-12T00:00' } });
    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: '2026-12-07T00:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create competition' }));
    expect(await screen.findByText('must be after from')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('The window must end after it starts');
  });
});
