import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useSessionStore } from '../../session/session-store.js';
import { fakeApi } from '../../test-support/fake-api.js';
import type { RepView, UserView } from '@leaderboard/contracts';
import { UsersTab } from './users-tab.js';

const ADMIN: UserView = {
  id: 'u1',
  email: 'admin@example.com',
  role: 'admin',
  repId: null,
  displayName: 'admin',
  createdAt: '2026-11-01T09:00:00.000Z',
  disabledAt: null,
};
const ANNA: RepView = {
  id: 'b6a2f0f4-4c1c-4a9e-9a57-3f2d1c0b9a87',
  key: 'anna',
  name: 'Анна Смирнова',
  teamId: null,
  region: null,
  email: null,
  photoUrl: null,
  startedOn: null,
  active: true,
};

describe('users', () => {
  beforeEach(() =>
    useSessionStore.setState({
      token: 'tok',
      user: { id: 'u1', email: 'admin@example.com', role: 'admin', repId: null },
    }),
  );

  it('creates a rep login linked to a rep, then disables it; never offers to demote yourself', async () => {
    const created: UserView = {
      ...ADMIN,
      id: 'u2',
      email: 'anna@example.com',
      role: 'rep',
      repId: ANNA.id,
      displayName: 'anna',
    };
    const calls = fakeApi({
      'GET /api/teams': { status: 200, body: [] },
      'GET /api/reps': { status: 200, body: [ANNA] },
      'GET /api/users': { status: 200, body: [ADMIN] },
      'POST /api/users': { status: 201, body: created },
      'PATCH /api/users/u2': { status: 200, body: { ...created, disabledAt: '2026-11-29T10:00:00.000Z' } },
    });
    render(<UsersTab />);
    const form = await screen.findByRole('form', { name: 'New user' });
    expect((screen.getByLabelText('Role of admin@example.com') as HTMLSelectElement).disabled).toBe(true);

    fireEvent.change(within(form).getByLabelText('E-mail'), { target: { value: 'anna@example.com' } });
    fireEvent.change(within(form).getByLabelText('Password (8+ characters)'), {
      target: { value: 'secret-123' },
    });
    fireEvent.change(within(form).getByLabelText('Role'), { target: { value: 'rep' } });
    fireEvent.change(within(form).getByLabelText('Linked rep'), { target: { value: ANNA.id } });
    fireEvent.submit(form);

    expect(await screen.findByText('anna@example.com can sign in now.')).toBeTruthy();
    expect(calls.find((c) => c.key === 'POST /api/users')?.body).toEqual({
      email: 'anna@example.com',
      password: 'secret-123',
      role: 'rep',
      repId: ANNA.id,
    });
    const row = screen.getByText('anna@example.com', { selector: 'td' }).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(within(row).getByRole('button', { name: 'Enable' })).toBeTruthy());
    expect(calls.at(-1)).toEqual({ key: 'PATCH /api/users/u2', body: { disabled: true } });
  });
});
