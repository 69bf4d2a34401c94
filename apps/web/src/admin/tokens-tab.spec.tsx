import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useSessionStore } from '../session/session-store.js';
import { fakeApi } from './fake-api.js';
import { TokensTab } from './tokens-tab.js';
import { useTokensStore } from './tokens-store.js';
import type { TokenView } from './types.js';

const LOBBY: TokenView = {
  id: 't1',
  kind: 'display',
  name: 'Lobby TV',
  prefix: 'dsp_Ab3x',
  source: null,
  createdBy: 'u1',
  createdAt: '2026-11-01T09:00:00.000Z',
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: '2026-11-28T12:00:00.000Z',
  status: 'active',
};

function signIn() {
  useSessionStore.setState({
    token: 'tok',
    user: { id: 'u1', email: 'boss@example.com', role: 'manager', repId: null },
  });
}

describe('display tokens', () => {
  it('creates a token and shows its secret once, as a /tv link', async () => {
    signIn();
    const calls = fakeApi({
      'GET /api/tokens': { status: 200, body: [LOBBY] },
      'POST /api/tokens': {
        status: 201,
        body: {
          ...LOBBY,
          id: 't2',
          name: 'Floor 3',
          prefix: 'dsp_Zz9q',
          createdAt: '2026-11-29T10:00:00.000Z',
          lastUsedAt: null,
          token: 'dsp_Zz9qSECRET',
        },
      },
    });
    render(<TokensTab />);
    expect(await screen.findByText('Lobby TV')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Floor 3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));

    const link = (await screen.findByLabelText('Link for the TV')) as HTMLInputElement;
    expect(link.value).toBe(`${window.location.origin}/tv?token=dsp_Zz9qSECRET`);
    expect(calls.find((c) => c.key === 'POST /api/tokens')?.body).toEqual({
      kind: 'display',
      name: 'Floor 3',
    });
    // The list never holds the secret.
    expect(useTokensStore.getState().tokens.some((token) => 'token' in token)).toBe(false);
    const rows = screen.getAllByRole('row');
    expect(rows[1].textContent).toContain('Floor 3');
    expect(rows[1].textContent).toContain('Never');

    fireEvent.click(screen.getByRole('button', { name: 'I have copied it' }));
    expect(screen.queryByLabelText('Link for the TV')).toBeNull();
    expect(document.body.textContent).not.toContain('SECRET');
  });

  it('revokes only after a confirmation', async () => {
    signIn();
    const calls = fakeApi({
      'GET /api/tokens': { status: 200, body: [LOBBY] },
      'POST /api/tokens/t1/revoke': {
        status: 200,
        body: { ...LOBBY, status: 'revoked', revokedAt: '2026-11-29T10:00:00.000Z' },
      },
    });
    render(<TokensTab />);
    const row = (await screen.findByText('Lobby TV')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke' }));
    expect(calls.some((c) => c.key.endsWith('/revoke'))).toBe(false);
    expect(within(row).getByText('Screens using it stop at once.')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Yes, revoke' }));
    await waitFor(() => expect(within(row).getByText(/^Revoked /)).toBeTruthy());
    expect(within(row).queryByRole('button', { name: 'Revoke' })).toBeNull();
  });
});
