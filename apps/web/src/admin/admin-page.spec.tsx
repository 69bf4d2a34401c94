import { fireEvent, render, screen } from '@testing-library/react';
import type { RepView, TeamView } from '@leaderboard/contracts';
import { useSessionStore } from '../session/session-store.js';
import { AdminPage, tabOf } from './admin-page.js';
import { fakeApi } from '../test-support/fake-api.js';

const TEAM: TeamView = { id: '0d9d7c3e-4a57-4f7c-9b1e-1b2a3c4d5e6f', name: 'North' };
const ANNA: RepView = {
  id: 'r1',
  key: 'anna@example.com',
  name: 'Анна Смирнова',
  teamId: TEAM.id,
  region: 'Moscow',
  email: 'anna@example.com',
  photoUrl: null,
  startedOn: null,
  active: true,
};

function signIn(role: 'admin' | 'manager') {
  useSessionStore.setState({
    token: 'tok',
    user: { id: 'u1', email: `${role}@example.com`, role, repId: null },
  });
}

describe('/admin', () => {
  afterEach(() => window.history.pushState(null, '', '/'));

  it('asks a signed-out visitor to sign in', () => {
    render(<AdminPage />);
    expect(screen.getByRole('form', { name: 'Sign in' })).toBeTruthy();
  });

  it('hides Users from a manager and opens a tab by its path', async () => {
    expect(tabOf('/admin/users', 'manager')).toBe('reps');
    expect(tabOf('/admin/users', 'admin')).toBe('users');
    expect(tabOf('/admin/nope', 'admin')).toBe('reps');
    signIn('manager');
    fakeApi({
      'GET /api/teams': { status: 200, body: [TEAM] },
      'GET /api/reps': { status: 200, body: [ANNA] },
    });
    render(<AdminPage />);
    const tabs = screen.getAllByRole('tab').map((tab) => tab.textContent);
    expect(tabs).toEqual([
      'Reps & teams',
      'Display tokens',
      'Connectors',
      'Rules',
      'Burnout',
      'KPIs',
      'Closing & payouts',
      'Competitions',
      'Import',
      'Audit',
    ]);
    expect(screen.getByText('manager@example.com')).toBeTruthy();
    expect(await screen.findByText('Анна Смирнова')).toBeTruthy();
  });

  it('shows the API complaint next to the rep field it names', async () => {
    signIn('admin');
    const calls = fakeApi({
      'GET /api/teams': { status: 200, body: [TEAM] },
      'GET /api/reps': { status: 200, body: [ANNA] },
      'GET /api/users': { status: 200, body: [] },
      'POST /api/reps': {
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The request is not valid',
            details: [{ path: 'email', message: 'email must be an email' }],
          },
        },
      },
    });
    render(<AdminPage />);
    expect(await screen.findByText('Анна Смирнова')).toBeTruthy();
    const form = screen.getByRole('form', { name: 'New rep' });
    fireEvent.change(form.querySelectorAll('input')[0], { target: { value: 'Bob' } });
    fireEvent.change(form.querySelectorAll('input')[1], { target: { value: 'bob-1' } });
    fireEvent.submit(form);
    const problem = await screen.findByText('email must be an email');
    expect(problem.closest('.admin-field')?.textContent).toContain('E-mail');
    expect(calls.find((c) => c.key === 'POST /api/reps')?.body).toEqual({
      key: 'bob-1',
      name: 'Bob',
      teamId: TEAM.id,
    });
  });
});
