/**
 * The generic kind's fields, picked from a received sample: choose a field, click its value in the
 * latest kept delivery (JSON, form or query string as a tree), save the paths (PATCH settings),
 * then replay the deliveries kept unmapped meanwhile.
 */
import { useState } from 'react';
import type { ConnectorSettings, ConnectorView } from '@leaderboard/contracts';
import { useT } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { EVENT_LABEL, EVENT_TYPES } from '../rules/rule-set-labels.js';
import { FormError, LabeledField } from '../shared/ui.js';
import { useConnectorDetailStore } from './connector-detail-store.js';
import { useConnectorsStore } from './connectors-store.js';
import { payloadRows } from './payload-tree.js';

/** The path settings of apps/api/src/connectors/generic.adapter.ts, in the order a manager fills them. */
export const PATH_FIELDS = [
  'externalIdPath',
  'crmUserIdPath',
  'occurredAtPath',
  'typePath',
  'stagePath',
  'pipelinePath',
  'amountPath',
  'currencyPath',
  'durationSecPath',
] as const;
type PathField = (typeof PATH_FIELDS)[number];

const PATH_LABEL: Record<PathField, MessageKey> = {
  externalIdPath: 'admin.connectors.path.externalIdPath',
  crmUserIdPath: 'admin.connectors.path.crmUserIdPath',
  occurredAtPath: 'admin.connectors.path.occurredAtPath',
  typePath: 'admin.connectors.path.typePath',
  stagePath: 'admin.connectors.path.stagePath',
  pipelinePath: 'admin.connectors.path.pipelinePath',
  amountPath: 'admin.connectors.path.amountPath',
  currencyPath: 'admin.connectors.path.currencyPath',
  durationSecPath: 'admin.connectors.path.durationSecPath',
};

const text = (value: ConnectorSettings[string] | undefined): string =>
  typeof value === 'string' ? value : '';

export function GenericMapper({ connector }: { connector: ConnectorView }) {
  const t = useT();
  const inbox = useConnectorDetailStore((state) => state.inbox);
  const kept = inbox.filter((delivery) => delivery.status === 'unmapped');
  const sample = kept[0] ?? null;
  const [settings, setSettings] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(connector.settings).map(([key, value]) => [key, text(value)])),
  );
  const [picking, setPicking] = useState<PathField>('externalIdPath');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (key: string, value: string) => {
    setSaved(false);
    setSettings({ ...settings, [key]: value });
  };

  async function save() {
    setError(null);
    try {
      const chosen = Object.fromEntries(Object.entries(settings).filter(([, value]) => value.trim() !== ''));
      await useConnectorsStore.getState().update(connector.id, { settings: chosen });
      setSaved(true);
    } catch (caught) {
      setError(caught);
    }
  }

  async function replayKept() {
    setError(null);
    setBusy(true);
    try {
      for (const delivery of kept) await useConnectorDetailStore.getState().replay(delivery.id);
      await useConnectorDetailStore.getState().loadInbox();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="admin-card" aria-labelledby="generic-fields">
      <h3 id="generic-fields">{t('admin.connectors.fields')}</h3>
      <p className="admin-muted">{t('admin.connectors.fieldsIntro')}</p>
      <div className="generic-mapper">
        <div className="generic-fields">
          {PATH_FIELDS.map((field) => (
            <div key={field} className={`generic-field${picking === field ? ' is-picking' : ''}`}>
              <LabeledField label={t(PATH_LABEL[field])}>
                <input value={settings[field] ?? ''} onChange={(event) => set(field, event.target.value)} />
              </LabeledField>
              <button
                type="button"
                className="admin-button small ghost"
                aria-pressed={picking === field}
                aria-label={`${t('admin.connectors.pick')}: ${t(PATH_LABEL[field])}`}
                onClick={() => setPicking(field)}
              >
                {t('admin.connectors.pick')}
              </button>
            </div>
          ))}
          <LabeledField label={t('admin.connectors.fixedType')}>
            <select
              value={settings.eventType ?? ''}
              onChange={(event) => set('eventType', event.target.value)}
            >
              <option value="">—</option>
              {EVENT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(EVENT_LABEL[type])}
                </option>
              ))}
            </select>
          </LabeledField>
          <LabeledField label={t('admin.connectors.field.currency')}>
            <input
              value={settings.currency ?? ''}
              maxLength={3}
              placeholder="RUB"
              onChange={(event) => set('currency', event.target.value.toUpperCase())}
            />
          </LabeledField>
        </div>
        <div className="generic-sample">
          <h4>{t('admin.connectors.sample')}</h4>
          {sample === null ? (
            <p className="admin-muted">{t('admin.connectors.noSample')}</p>
          ) : (
            <>
              <p className="admin-hint">
                {t('admin.connectors.choosing', { field: t(PATH_LABEL[picking]) })}
              </p>
              <ul className="payload-tree">
                {payloadRows(sample).map((row, index) => (
                  <li key={index} style={{ paddingInlineStart: `${row.depth * 1.25}rem` }}>
                    <span className="payload-key">{row.name}</span>
                    {row.value !== null && (
                      <button
                        type="button"
                        className="payload-value"
                        title={row.path}
                        onClick={() => set(picking, row.path)}
                      >
                        {row.value}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
      <div className="admin-toolbar">
        <button type="button" className="admin-button" onClick={() => void save()}>
          {t('admin.connectors.saveFields')}
        </button>
        {saved && (
          <span className="admin-note" role="status">
            {t('admin.connectors.fieldsSaved')}
          </span>
        )}
        {saved && kept.length > 0 && (
          <button type="button" className="admin-button" disabled={busy} onClick={() => void replayKept()}>
            {t('admin.connectors.replayAll', { count: kept.length })}
          </button>
        )}
      </div>
      <FormError error={error} fields={[]} />
    </section>
  );
}
