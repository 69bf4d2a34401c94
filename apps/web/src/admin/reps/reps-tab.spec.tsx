import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { TeamView } from '@leaderboard/contracts';
import { useSessionStore } from '../../session/session-store.js';
import { fakeApi } from '../../test-support/fake-api.js';
import { RepsTab } from './reps-tab.js';
import type { RepView } from '@leaderboard/contracts';

const TEAM: TeamView = { id: '0d9d7c3e-4a57-4f7c-9b1e-1b2a3c4d5e6f', name: 'North' };
const ANNA: RepView = {
  id: 'r1',
  key: 'anna@example.com',
  name: 'Анна Смирнова',
  teamId: TEAM.id,
  region: null,
  email: null,
  photoUrl: 'https://cdn.example.com/anna.jpg',
  startedOn: null,
  active: true,
};

function signIn() {
  useSessionStore.setState({
    token: 'tok',
    user: { id: 'u1', email: 'boss@example.com', role: 'manager', repId: null },
  });
}

describe('rep photos in /admin', () => {
  it('sends a photo URL with a new rep, and none when the field is left empty', async () => {
    signIn();
    let created = 0;
    const calls = fakeApi({
      'GET /api/teams': { status: 200, body: [TEAM] },
      'GET /api/reps': { status: 200, body: [] },
      // A new id for each rep, as the API gives (the list is keyed by id).
      'POST /api/reps': (body) => ({
        status: 201,
        body: { ...ANNA, id: `r${++created + 1}`, ...(body as object), region: null, email: null },
      }),
    });
    render(<RepsTab />);
    const form = await screen.findByRole('form', { name: 'New rep' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Bob' } });
    fireEvent.change(within(form).getByLabelText('Key (CRM owner id or e-mail)'), {
      target: { value: 'bob-1' },
    });
    fireEvent.change(within(form).getByLabelText('Photo URL (http or https)'), {
      target: { value: ' https://cdn.example.com/bob.png ' },
    });
    fireEvent.submit(form);
    await screen.findByText('Bob');
    expect(calls.filter((c) => c.key === 'POST /api/reps').map((c) => c.body)).toEqual([
      { key: 'bob-1', name: 'Bob', teamId: TEAM.id, photoUrl: 'https://cdn.example.com/bob.png' },
    ]);
    // The list shows the photo the way the wall board does: over the initials.
    const row = screen.getByText('Bob').closest('tr') as HTMLElement;
    expect(row.querySelector('.avatar img')?.getAttribute('src')).toBe('https://cdn.example.com/bob.png');

    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Cleo' } });
    fireEvent.change(within(form).getByLabelText('Key (CRM owner id or e-mail)'), {
      target: { value: 'cleo-1' },
    });
    fireEvent.submit(form);
    await screen.findByText('Cleo');
    expect(calls.filter((c) => c.key === 'POST /api/reps')[1]?.body).toEqual({
      key: 'cleo-1',
      name: 'Cleo',
      teamId: TEAM.id,
    });
  });

  it('changes a photo, shows the API complaint at the field, and clears it with an empty field', async () => {
    signIn();
    const calls = fakeApi({
      'GET /api/teams': { status: 200, body: [TEAM] },
      'GET /api/reps': { status: 200, body: [ANNA] },
      'PATCH /api/reps/r1': (body) => {
        const photoUrl = (body as { photoUrl?: string | null }).photoUrl;
        if (typeof photoUrl === 'string' && !/^https?:\/\//.test(photoUrl)) {
          return {
            status: 400,
            body: {
              error: {
                code: 'VALIDATION_FAILED',
                message: 'The request is not valid',
                details: [{ path: 'photoUrl', message: 'photoUrl must be an http or https URL' }],
              },
            },
          };
        }
        return { status: 200, body: { ...ANNA, photoUrl } };
      },
    });
    render(<RepsTab />);
    const row = (await screen.findByText('Анна Смирнова')).closest('tr') as HTMLElement;
    expect(row.querySelector('.avatar img')?.getAttribute('src')).toBe(ANNA.photoUrl);

    fireEvent.click(within(row).getByRole('button', { name: 'Edit' }));
    const editing = () => document.querySelector('tr.is-editing') as HTMLElement;
    const photo = within(editing()).getByLabelText('Photo URL (http or https)') as HTMLInputElement;
    expect(photo.value).toBe(ANNA.photoUrl);
    fireEvent.change(photo, { target: { value: 'ftp://files/anna.jpg' } });
    fireEvent.click(within(editing()).getByRole('button', { name: 'Save' }));
    const problems = await within(editing()).findAllByText('photoUrl must be an http or https URL');
    expect(problems.length).toBeGreaterThan(0);

    fireEvent.change(within(editing()).getByLabelText('Photo URL (http or https)'), {
      target: { value: '' },
    });
    fireEvent.click(within(editing()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(editing()).toBeNull());
    const patches = calls.filter((c) => c.key === 'PATCH /api/reps/r1').map((c) => c.body);
    expect(patches.map((body) => (body as { photoUrl: unknown }).photoUrl)).toEqual([
      'ftp://files/anna.jpg',
      null,
    ]);
    const saved = screen.getByText('Анна Смирнова').closest('tr') as HTMLElement;
    expect(saved.querySelector('.avatar img')).toBeNull();
    expect(saved.querySelector('.avatar')?.textContent).toBe('АС');
  });
});

describe('rep start dates in /admin (tenure brackets)', () => {
  it('sends the start date of a new rep, shows it when editing, and clears it with an empty field', async () => {
    signIn();
    const calls = fakeApi({
      'GET /api/teams': { status: 200, body: [TEAM] },
      'GET /api/reps': { status: 200, body: [{ ...ANNA, startedOn: '2025-03-17' }] },
      'POST /api/reps': (body) => ({
        status: 201,
        body: { ...ANNA, id: 'r2', photoUrl: null, ...(body as object), region: null, email: null },
      }),
      'PATCH /api/reps/r1': (body) => ({ status: 200, body: { ...ANNA, ...(body as object) } }),
    });
    render(<RepsTab />);
    const form = await screen.findByRole('form', { name: 'New rep' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Bob' } });
    fireEvent.change(within(form).getByLabelText('Key (CRM owner id or e-mail)'), {
      target: { value: 'bob-1' },
    });
    fireEvent.change(within(form).getByLabelText('Started on'), { target: { value: '2026-11-02' } });
    fireEvent.submit(form);
    await screen.findByText('Bob');
    expect(calls.filter((c) => c.key === 'POST /api/reps').map((c) => c.body)).toEqual([
      { key: 'bob-1', name: 'Bob', teamId: TEAM.id, startedOn: '2026-11-02' },
    ]);

    const row = screen.getByText('Анна Смирнова').closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: 'Edit' }));
    const editing = () => document.querySelector('tr.is-editing') as HTMLElement;
    const started = within(editing()).getByLabelText('Started on') as HTMLInputElement;
    expect(started.value).toBe('2025-03-17');
    fireEvent.change(started, { target: { value: '' } });
    fireEvent.click(within(editing()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(editing()).toBeNull());
    expect(
      calls
        .filter((c) => c.key === 'PATCH /api/reps/r1')
        .map((c) => (c.body as { startedOn: unknown }).startedOn),
    ).toEqual([null]);
  });
});
