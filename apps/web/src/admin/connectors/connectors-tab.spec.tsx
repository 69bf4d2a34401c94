import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ConnectorView, CreatedConnector } from '@leaderboard/contracts';
import { en as connectorTexts } from '../../i18n/catalogs/admin/connectors.js';
import { ru as connectorTextsRu } from '../../i18n/catalogs/admin/connectors.js';
import { useLocaleStore } from '../../i18n/i18n.js';
import { useSessionStore } from '../../session/session-store.js';
import { fakeApi } from '../../test-support/fake-api.js';
import { AdminPage } from '../admin-page.js';
import { ConnectorsTab } from './connectors-tab.js';
import { useConnectorsStore } from './connectors-store.js';

const AMO: ConnectorView = {
  id: 'c1',
  kind: 'amocrm',
  name: 'Sales amoCRM',
  settings: { apiBaseUrl: 'https://acme.amocrm.ru' },
  disabled: false,
  createdAt: '2026-12-01T09:00:00.000Z',
  createdBy: 'boss@example.com',
  credentialNames: ['apiToken'],
  alert: null,
};

const created = (view: Partial<ConnectorView>, credentials: Record<string, string>): CreatedConnector => ({
  ...AMO,
  id: 'c2',
  ...view,
  hookPath: '/api/hooks/c2/SeCrEtUrLpArT',
  credentials,
});

function signIn() {
  useSessionStore.setState({
    token: 'tok',
    user: { id: 'u1', email: 'boss@example.com', role: 'manager', repId: null },
  });
}

function fill(form: HTMLElement, label: string, value: string) {
  fireEvent.change(within(form).getByLabelText(label), { target: { value } });
}

describe('the connectors tab', () => {
  afterEach(() => window.history.pushState(null, '', '/'));

  it('creates an amoCRM connector, shows its URL and the paste instructions once, never keeps the secret', async () => {
    signIn();
    const calls = fakeApi({
      'GET /api/connectors': { status: 200, body: [] },
      'POST /api/connectors': (body) => ({
        status: 201,
        body: created(body as Partial<ConnectorView>, { apiToken: 'amo-token-SECRET' }),
      }),
    });
    render(<ConnectorsTab />);
    expect(await screen.findByText('No connectors yet.')).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Create connector' });
    fill(form, 'Name', ' Sales amoCRM ');
    fill(form, 'API address', 'https://acme.amocrm.ru');
    fill(form, 'API token', 'amo-token-SECRET');
    fireEvent.submit(form);

    const url = (await screen.findByLabelText('Inbound address')) as HTMLInputElement;
    expect(url.value).toBe(`${window.location.origin}/api/hooks/c2/SeCrEtUrLpArT`);
    expect(calls.find((c) => c.key === 'POST /api/connectors')?.body).toEqual({
      kind: 'amocrm',
      name: 'Sales amoCRM',
      settings: { apiBaseUrl: 'https://acme.amocrm.ru' },
      credentials: { apiToken: 'amo-token-SECRET' },
    });
    const steps = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(steps[0]).toContain('Settings → Integrations → Web hooks');
    expect(steps.join(' ')).toContain('Deal: status changed');
    // The secret token is a password input the form emptied; the list row holds no secret.
    expect(useConnectorsStore.getState().connectors).toEqual([
      expect.not.objectContaining({ hookPath: expect.anything() }),
    ]);
    expect(screen.getByRole('row', { name: /Sales amoCRM/ })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'I have pasted it' }));
    expect(screen.queryByLabelText('Inbound address')).toBeNull();
    expect(document.body.innerHTML).not.toContain('SeCrEtUrLpArT');
    expect(document.body.innerHTML).not.toContain('amo-token-SECRET');
  });

  it('writes the whole GetCourse "Вызвать URL" template, in Russian with no English left', async () => {
    useLocaleStore.setState({ locale: 'ru' });
    signIn();
    fakeApi({
      'GET /api/connectors': { status: 200, body: [] },
      'POST /api/connectors': (body) => ({
        status: 201,
        body: created({ ...(body as Partial<ConnectorView>), kind: 'getcourse' }, {}),
      }),
    });
    render(<ConnectorsTab />);
    const form = await screen.findByRole('form', { name: 'Создать подключение' });
    fireEvent.change(within(form).getByLabelText('Система'), { target: { value: 'getcourse' } });
    fill(form, 'Название', 'Школа');
    fill(form, 'Имя аккаунта', 'myschool');
    fireEvent.submit(form);

    const template = (await screen.findByLabelText('Шаблон для вставки')) as HTMLTextAreaElement;
    const url = `${window.location.origin}/api/hooks/c2/SeCrEtUrLpArT`;
    // What getcourse-adapter.ts reads: order_id, number, status, amount, paid, email, manager.
    expect(template.value).toBe(
      `${url}?order_id={object.id}&number={object.number}&status={object.status}` +
        '&amount={object.cost_money_value}&paid={object.payed_money}&email={object.user.email}' +
        '&manager={object.manager.email}',
    );
    expect(screen.getByText(/операцию «Вызвать URL»/)).toBeTruthy();
    // No English text of this tab on the Russian screen.
    const page = document.body.textContent ?? '';
    const english = Object.entries(connectorTexts).filter(
      ([key, text]) =>
        typeof text === 'string' &&
        text.length > 3 &&
        text !== connectorTextsRu[key as keyof typeof connectorTexts],
    );
    for (const [, text] of english) {
      for (const line of String(text).split('\n')) expect(page).not.toContain(line);
    }
  });

  it('asks for Bitrix24 application token after the URL, saved with the credentials typed at create', async () => {
    signIn();
    const calls = fakeApi({
      'GET /api/connectors': { status: 200, body: [] },
      'POST /api/connectors': (body) => ({
        status: 201,
        body: created(
          { ...(body as Partial<ConnectorView>), kind: 'bitrix24', credentialNames: ['restUrl'] },
          {
            restUrl: 'https://acme.bitrix24.ru/rest/1/abc/',
          },
        ),
      }),
      'PATCH /api/connectors/c2': {
        status: 200,
        body: { ...AMO, id: 'c2', kind: 'bitrix24', credentialNames: ['applicationToken', 'restUrl'] },
      },
    });
    render(<ConnectorsTab />);
    const form = await screen.findByRole('form', { name: 'Create connector' });
    fireEvent.change(within(form).getByLabelText('System'), { target: { value: 'bitrix24' } });
    fill(form, 'Name', 'Portal');
    fill(form, 'Inbound webhook URL (REST)', 'https://acme.bitrix24.ru/rest/1/abc/');
    fireEvent.submit(form);

    const steps = (await screen.findAllByRole('listitem')).map((item) => item.textContent).join(' ');
    for (const text of ['ONCRMDEALUPDATE', 'ONCRMDEALADD', 'ONVOXIMPLANTCALLEND', 'crm, user and telephony'])
      expect(steps).toContain(text);
    const late = screen.getByRole('form', { name: 'Application token' });
    fill(late, 'Application token', 'b24-app-token');
    fireEvent.submit(late);
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(calls.find((c) => c.key === 'PATCH /api/connectors/c2')?.body).toEqual({
      credentials: { restUrl: 'https://acme.bitrix24.ru/rest/1/abc/', applicationToken: 'b24-app-token' },
    });
  });

  it('shows each connector alert in words, and a badge on the tab from any other tab', async () => {
    signIn();
    window.history.pushState(null, '', '/admin/rules');
    fakeApi({
      'GET /api/connectors': {
        status: 200,
        body: [AMO, { ...AMO, id: 'c3', name: 'Phones', kind: 'zadarma', alert: 'silent' }],
      },
      'GET /api/connectors/c1/health': { status: 404 },
    });
    render(<AdminPage />);
    const tab = screen.getByRole('tab', { name: /Connectors/ });
    expect(await within(tab).findByRole('img', { name: 'A connector needs attention' })).toBeTruthy();

    fireEvent.click(tab);
    const row = (await screen.findByText('Phones')).closest('tr') as HTMLElement;
    expect(within(row).getByText('Silent for longer than usual')).toBeTruthy();
    const quiet = screen.getByText('Sales amoCRM').closest('tr') as HTMLElement;
    expect(within(quiet).getByText('Working')).toBeTruthy();
  });

  it('shows no badge when no connector has an alert', async () => {
    signIn();
    fakeApi({ 'GET /api/connectors': { status: 200, body: [AMO] } });
    render(<AdminPage />);
    await waitFor(() => expect(useConnectorsStore.getState().connectors).toHaveLength(1));
    expect(screen.queryByRole('img', { name: 'A connector needs attention' })).toBeNull();
  });
});
