/**
 * What the create form asks for each kind of connector (the setting and credential names the API's
 * adapters and CRM clients read, see CONVENTIONS) and where its paste instructions are.
 */
import { CONNECTOR_KINDS, type ConnectorAlert, type ConnectorKind } from '@leaderboard/contracts';
import type { MessageKey } from '../../i18n/messages.js';

export { CONNECTOR_KINDS };
export type ConnectorKindName = ConnectorKind;

export interface KindField {
  name: string;
  /** Settings are plain text the API returns; credentials are stored encrypted and never shown. */
  in: 'settings' | 'credentials';
  required: boolean;
  placeholder?: string;
}

const setting = (name: string, required: boolean, placeholder?: string): KindField => ({
  name,
  in: 'settings',
  required,
  placeholder,
});
const credential = (name: string, required: boolean, placeholder?: string): KindField => ({
  name,
  in: 'credentials',
  required,
  placeholder,
});
const currency = setting('currency', false, 'RUB');

export const KIND_FIELDS: Record<ConnectorKindName, KindField[]> = {
  amocrm: [
    setting('apiBaseUrl', true, 'https://mycompany.amocrm.ru'),
    credential('apiToken', true),
    currency,
  ],
  bitrix24: [
    credential('restUrl', true, 'https://portal.bitrix24.ru/rest/1/abc123/'),
    // Shown by Bitrix24 on the outbound webhook form, which needs our URL first: added after create.
    credential('applicationToken', false),
  ],
  getcourse: [
    setting('account', true, 'myschool'),
    setting('apiBaseUrl', false, 'https://myschool.getcourse.ru'),
    credential('apiToken', false),
    currency,
  ],
  hubspot: [
    credential('clientSecret', true),
    credential('apiToken', true),
    setting('apiBaseUrl', false, 'https://api.hubapi.com'),
    currency,
  ],
  pipedrive: [
    credential('apiToken', true),
    credential('user', false),
    credential('password', false),
    setting('apiBaseUrl', false, 'https://api.pipedrive.com'),
  ],
  zadarma: [credential('secret', true), setting('timeZone', false, 'Europe/Moscow')],
  mango: [credential('apiKey', true), credential('salt', true)],
  twilio: [credential('authToken', true)],
  generic: [currency],
};

/** A credential the vendor shows only once our URL is pasted: asked for beside the created URL. */
export const LATE_CREDENTIAL: Partial<Record<ConnectorKindName, string>> = { bitrix24: 'applicationToken' };

export const FIELD_LABEL: Record<string, MessageKey> = {
  apiBaseUrl: 'admin.connectors.field.apiBaseUrl',
  apiToken: 'admin.connectors.field.apiToken',
  restUrl: 'admin.connectors.field.restUrl',
  applicationToken: 'admin.connectors.field.applicationToken',
  clientSecret: 'admin.connectors.field.clientSecret',
  user: 'admin.connectors.field.user',
  password: 'admin.connectors.field.password',
  account: 'admin.connectors.field.account',
  secret: 'admin.connectors.field.secret',
  apiKey: 'admin.connectors.field.apiKey',
  salt: 'admin.connectors.field.salt',
  authToken: 'admin.connectors.field.authToken',
  currency: 'admin.connectors.field.currency',
  timeZone: 'admin.connectors.field.timeZone',
};

export const KIND_LABEL: Record<ConnectorKindName, MessageKey> = {
  amocrm: 'admin.connectors.kind.amocrm',
  bitrix24: 'admin.connectors.kind.bitrix24',
  getcourse: 'admin.connectors.kind.getcourse',
  hubspot: 'admin.connectors.kind.hubspot',
  pipedrive: 'admin.connectors.kind.pipedrive',
  zadarma: 'admin.connectors.kind.zadarma',
  mango: 'admin.connectors.kind.mango',
  twilio: 'admin.connectors.kind.twilio',
  generic: 'admin.connectors.kind.generic',
};

/** The paste instructions of each kind: one step a line. */
export const KIND_STEPS: Record<ConnectorKindName, MessageKey> = {
  amocrm: 'admin.connectors.steps.amocrm',
  bitrix24: 'admin.connectors.steps.bitrix24',
  getcourse: 'admin.connectors.steps.getcourse',
  hubspot: 'admin.connectors.steps.hubspot',
  pipedrive: 'admin.connectors.steps.pipedrive',
  zadarma: 'admin.connectors.steps.zadarma',
  mango: 'admin.connectors.steps.mango',
  twilio: 'admin.connectors.steps.twilio',
  generic: 'admin.connectors.steps.generic',
};

export const ALERT_LABEL: Record<ConnectorAlert, MessageKey> = {
  silent: 'admin.connectors.alert.silent',
  failing: 'admin.connectors.alert.failing',
  unmapped: 'admin.connectors.alert.unmapped',
};

export function isKnownKind(kind: string): kind is ConnectorKindName {
  return (CONNECTOR_KINDS as readonly string[]).includes(kind);
}

/**
 * The "Вызвать URL" template of a GetCourse order process, as getcourse-adapter.ts reads it:
 * `order_id`, `number`, `status`, `amount` (the cost), `paid`, `email` and `manager` (whose
 * GetCourse variable is unconfirmed; empty or unfilled, the order waits for a user mapping).
 */
export function getcourseTemplate(url: string): string {
  return (
    `${url}?order_id={object.id}&number={object.number}&status={object.status}` +
    '&amount={object.cost_money_value}&paid={object.payed_money}&email={object.user.email}' +
    '&manager={object.manager.email}'
  );
}
