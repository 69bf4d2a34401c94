/**
 * One connector: health, sync, CRM users and stages, history import, failed deliveries with replay,
 * the generic kind's field picker, credentials (names only; replaceable), disable/enable, delete.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { ConnectorView } from '@leaderboard/contracts';
import { useT } from '../../i18n/i18n.js';
import { navigate } from '../../router.js';
import { ConfirmAction, FormError } from '../shared/ui.js';
import { BackfillPanel } from './connector-backfill.js';
import { splitValues, KindFieldInputs } from './connector-create-form.js';
import { useConnectorDetailStore } from './connector-detail-store.js';
import { HealthPanel } from './connector-health.js';
import { InboxPanel } from './connector-inbox.js';
import { FIELD_LABEL, isKnownKind, KIND_FIELDS, KIND_LABEL } from './connector-kinds.js';
import { StagesPanel } from './connector-stages.js';
import { UsersPanel } from './connector-users.js';
import { useConnectorsStore } from './connectors-store.js';
import { GenericMapper } from './generic-mapper.js';

export function ConnectorDetail({ connector }: { connector: ConnectorView }) {
  const t = useT();
  useEffect(() => {
    void useConnectorDetailStore.getState().open(connector.id);
  }, [connector.id]);
  const generic = connector.kind === 'generic';
  return (
    <div className="admin-stack connector-detail">
      <section className="admin-card" aria-labelledby="connector-title">
        <div className="admin-toolbar">
          <button type="button" className="admin-button ghost" onClick={() => navigate('/admin/connectors')}>
            ← {t('admin.connectors.back')}
          </button>
        </div>
        <h2 id="connector-title">
          {connector.name}{' '}
          <span className="admin-muted">
            {isKnownKind(connector.kind) ? t(KIND_LABEL[connector.kind]) : connector.kind}
          </span>
        </h2>
        <ConnectorActions connector={connector} />
        <HealthPanel />
      </section>
      {generic && <GenericMapper connector={connector} />}
      {!generic && <UsersPanel />}
      {!generic && <StagesPanel />}
      {!generic && <BackfillPanel />}
      <InboxPanel />
      <CredentialsPanel connector={connector} />
    </div>
  );
}

function ConnectorActions({ connector }: { connector: ConnectorView }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [synced, setSynced] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  const sync = () =>
    run(async () => {
      setSynced(null);
      const result = await useConnectorDetailStore.getState().sync();
      setSynced(t('admin.connectors.syncResult', { ...result }));
    });
  const toggle = () =>
    run(async () => {
      await useConnectorsStore.getState().update(connector.id, { disabled: !connector.disabled });
    });
  const remove = () =>
    run(async () => {
      await useConnectorsStore.getState().remove(connector.id);
      navigate('/admin/connectors');
    });

  return (
    <div className="admin-toolbar connector-actions">
      {connector.kind !== 'generic' && (
        <button type="button" className="admin-button" disabled={busy} onClick={() => void sync()}>
          {t('admin.connectors.sync')}
        </button>
      )}
      <button type="button" className="admin-button ghost" disabled={busy} onClick={() => void toggle()}>
        {t(connector.disabled ? 'admin.connectors.enable' : 'admin.connectors.disable')}
      </button>
      <ConfirmAction
        confirming={confirming}
        setConfirming={setConfirming}
        label={t('admin.delete')}
        confirmLabel={t('admin.connectors.deleteConfirm')}
        warning={<span className="admin-warning">{t('admin.connectors.deleteWarning')}</span>}
        onConfirm={() => void remove()}
      />
      {synced && (
        <span className="admin-note" role="status">
          {synced}
        </span>
      )}
      <FormError error={error} fields={[]} />
    </div>
  );
}

/** The stored credential names, and a form that replaces them all (values never come back). */
function CredentialsPanel({ connector }: { connector: ConnectorView }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const fields = isKnownKind(connector.kind)
    ? KIND_FIELDS[connector.kind].filter((field) => field.in === 'credentials')
    : [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const { credentials } = splitValues(fields, values);
      await useConnectorsStore.getState().update(connector.id, { credentials });
      setOpen(false);
      setValues({});
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="admin-card" aria-labelledby="connector-credentials">
      <h3 id="connector-credentials">{t('admin.connectors.credentials')}</h3>
      <p>
        {connector.credentialNames.length > 0
          ? t('admin.connectors.credentialsStored', {
              names: connector.credentialNames
                .map((name) => {
                  const label = FIELD_LABEL[name];
                  return label ? t(label) : name;
                })
                .join(', '),
            })
          : t('admin.connectors.credentialsNone')}
      </p>
      {fields.length > 0 && !open && (
        <button type="button" className="admin-button ghost" onClick={() => setOpen(true)}>
          {t('admin.connectors.replaceCredentials')}
        </button>
      )}
      {open && (
        <form
          className="admin-grid-form"
          aria-label={t('admin.connectors.replaceCredentials')}
          onSubmit={(event) => void submit(event)}
        >
          <p className="admin-hint">{t('admin.connectors.replaceHint')}</p>
          <KindFieldInputs
            fields={fields}
            values={values}
            error={error}
            onChange={(name, value) => setValues({ ...values, [name]: value })}
          />
          <div className="admin-toolbar">
            <button type="submit" className="admin-button">
              {t('admin.save')}
            </button>
            <button type="button" className="admin-button ghost" onClick={() => setOpen(false)}>
              {t('admin.cancel')}
            </button>
          </div>
          <FormError error={error} fields={['credentials']} />
        </form>
      )}
    </section>
  );
}
