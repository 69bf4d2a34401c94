import { jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { LoginForm } from './login-form.js';
import { api, useSessionStore } from './session-store.js';

type Reply = { status: number; body?: unknown };

/** A fetch that answers from `routes` by "METHOD path" and records every call. */
function fakeFetch(routes: Record<string, Reply>) {
  const calls: Array<{ key: string; auth: string | undefined; body: unknown }> = [];
  const fetchMock = jest.fn(async (path: string, init: RequestInit = {}) => {
    const key = `${init.method ?? 'GET'} ${path}`;
    const headers = (init.headers ?? {}) as Record<string, string>;
    calls.push({
      key,
      auth: headers.authorization,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    });
    const reply = routes[key] ?? {
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: key, details: [] } },
    };
    return {
      ok: reply.status < 400,
      status: reply.status,
      text: async () => (reply.body === undefined ? '' : JSON.stringify(reply.body)),
    } as Response;
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;
  return calls;
}

const ANNA = { id: 'u1', email: 'anna@example.com', role: 'rep' as const, repId: 'r1' };

describe('session', () => {
  it('signs in, keeps the session across a reload and calls the API with the token', async () => {
    const calls = fakeFetch({
      'POST /api/auth/login': { status: 200, body: { accessToken: 'tok-1', role: 'rep' } },
      'GET /api/auth/me': { status: 200, body: ANNA },
      'GET /api/boards?period=today': { status: 200, body: { rows: [] } },
    });
    render(<LoginForm roles={['rep']} />);
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'anna@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret-123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(useSessionStore.getState().user).toEqual(ANNA));
    expect(calls[0]).toEqual({
      key: 'POST /api/auth/login',
      auth: undefined,
      body: { email: 'anna@example.com', password: 'secret-123' },
    });
    expect(calls[1].auth).toBe('Bearer tok-1');
    expect(JSON.parse(window.localStorage.getItem('leaderboard.session') ?? '{}')).toEqual({
      token: 'tok-1',
      user: ANNA,
    });
    await api.get('/api/boards', { query: { period: 'today' } });
    expect(calls[2].auth).toBe('Bearer tok-1');
  });

  it('says a wrong password plainly and signs out when the API refuses the token later', async () => {
    fakeFetch({
      'POST /api/auth/login': {
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED', message: 'Wrong e-mail or password', details: [] } },
      },
      'GET /api/reps': {
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED', message: 'expired', details: [] } },
      },
    });
    render(<LoginForm roles={['rep']} />);
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'anna@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'nope-nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong e-mail or password.');
    expect(useSessionStore.getState().token).toBeNull();

    useSessionStore.setState({ token: 'old', user: ANNA });
    await expect(api.get('/api/reps')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(useSessionStore.getState().user).toBeNull();
  });

  it('refuses a role the page is not for', async () => {
    fakeFetch({
      'POST /api/auth/login': { status: 200, body: { accessToken: 'tok-2', role: 'rep' } },
      'GET /api/auth/me': { status: 200, body: ANNA },
    });
    render(<LoginForm roles={['admin', 'manager']} />);
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'anna@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret-123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This page is not for your role.');
    expect(useSessionStore.getState().token).toBeNull();
  });
});
