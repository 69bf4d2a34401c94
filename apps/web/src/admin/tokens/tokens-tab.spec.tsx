import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useSessionStore } from '../../session/session-store.js';
import { fakeApi } from '../../test-support/fake-api.js';
import { TokensTab } from './tokens-tab.js';
import { useTokensStore } from './tokens-store.js';
import type { TokenView } from '@leaderboard/contracts';

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
    const form = screen.getByRole('form', { name: 'Create token' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Floor 3' } });
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

const CRM: TokenView = {
  ...LOBBY,
  id: 'i1',
  kind: 'integration',
  name: 'CRM webhook',
  prefix: 'int_Qw7e',
  source: 'crm',
  lastUsedAt: null,
};

describe('integration tokens', () => {
  it('creates a token for one source and shows its secret once, with the header to send it in', async () => {
    signIn();
    const calls = fakeApi({
      'GET /api/tokens': { status: 200, body: [LOBBY, CRM] },
      'POST /api/tokens': (body) => ({
        status: 201,
        body: {
          ...CRM,
          ...(body as object),
          id: 'i2',
          prefix: 'int_Zx1c',
          createdAt: '2026-11-29T10:00:00.000Z',
          token: 'int_Zx1cSECRET',
        },
      }),
    });
    render(<TokensTab />);
    const section = (await screen.findByRole('heading', { name: 'Integration tokens' })).closest(
      'section',
    ) as HTMLElement;
    // Each kind in its own list: the CRM token is not among the displays, and the other way round.
    expect(await within(section).findByText('CRM webhook')).toBeTruthy();
    expect(within(section).queryByText('Lobby TV')).toBeNull();
    const displays = screen
      .getByRole('heading', { name: 'Display tokens' })
      .closest('section') as HTMLElement;
    expect(within(displays).queryByText('CRM webhook')).toBeNull();

    const form = within(section).getByRole('form', { name: 'Create integration token' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: ' Telephony ' } });
    fireEvent.change(within(form).getByLabelText('Source'), { target: { value: ' telephony ' } });
    fireEvent.submit(form);

    const secret = (await within(section).findByLabelText('Secret')) as HTMLInputElement;
    expect(secret.value).toBe('int_Zx1cSECRET');
    expect(calls.find((c) => c.key === 'POST /api/tokens')?.body).toEqual({
      kind: 'integration',
      name: 'Telephony',
      source: 'telephony',
    });
    expect(section.textContent).toContain('Authorization: Bearer');
    expect(section.textContent).toContain('"telephony"');
    // Not a TV link, and not shown under the display tokens.
    expect(screen.queryByLabelText('Link for the TV')).toBeNull();
    expect(displays.textContent).not.toContain('SECRET');
    expect(useTokensStore.getState().tokens.some((token) => 'token' in token)).toBe(false);
    const row = within(section).getByText('Telephony').closest('tr') as HTMLElement;
    expect(within(row).getByText('telephony')).toBeTruthy();

    fireEvent.click(within(section).getByRole('button', { name: 'I have copied it' }));
    expect(within(section).queryByLabelText('Secret')).toBeNull();
    expect(document.body.textContent).not.toContain('SECRET');
  });

  it("shows the API's complaint at the source field", async () => {
    signIn();
    fakeApi({
      'GET /api/tokens': { status: 200, body: [] },
      'POST /api/tokens': {
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The request is not valid',
            details: [{ path: 'source', message: 'source must be shorter than or equal to 100 characters' }],
          },
        },
      },
    });
    render(<TokensTab />);
    expect(await screen.findByText('No integration tokens yet.')).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Create integration token' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'X' } });
    fireEvent.change(within(form).getByLabelText('Source'), { target: { value: 'crm' } });
    fireEvent.submit(form);
    const problem = await within(form).findByText('source must be shorter than or equal to 100 characters');
    expect(problem.closest('.admin-field')?.textContent).toContain('Source');
    expect(screen.queryByLabelText('Secret')).toBeNull();
  });

  it('revokes an integration token after a warning about the events it sends', async () => {
    signIn();
    const calls = fakeApi({
      'GET /api/tokens': { status: 200, body: [CRM] },
      'POST /api/tokens/i1/revoke': {
        status: 200,
        body: { ...CRM, status: 'revoked', revokedAt: '2026-11-29T10:00:00.000Z' },
      },
    });
    render(<TokensTab />);
    const row = (await screen.findByText('CRM webhook')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke' }));
    expect(within(row).getByText('Events sent with it are refused at once.')).toBeTruthy();
    expect(calls.some((c) => c.key.endsWith('/revoke'))).toBe(false);
    fireEvent.click(within(row).getByRole('button', { name: 'Yes, revoke' }));
    await waitFor(() => expect(within(row).getByText(/^Revoked /)).toBeTruthy());
    expect(calls.map((c) => c.key)).toContain('POST /api/tokens/i1/revoke');
  });
});
