/**
 * The connector just created, once: its full inbound URL with a copy button, and the kind's paste
 * instructions in the UI language (GetCourse: the whole "Вызвать URL" template). Dismissed, the URL
 * is gone for good: the list never holds it.
 */
import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n/i18n.js';
import { FormError, LabeledField } from '../shared/ui.js';
import {
  FIELD_LABEL,
  getcourseTemplate,
  isKnownKind,
  KIND_STEPS,
  LATE_CREDENTIAL,
  type ConnectorKindName,
} from './connector-kinds.js';
import { inboundUrl, useConnectorsStore } from './connectors-store.js';

/** A read-only value with its copy button ("Copied" once the clipboard took it). */
export function CopyField({
  label,
  value,
  multiline,
}: {
  label: string;
  value: string;
  multiline?: boolean;
}) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div className="admin-secret-row">
      {multiline ? (
        <textarea readOnly aria-label={label} value={value} rows={3} onFocus={(e) => e.target.select()} />
      ) : (
        <input readOnly aria-label={label} value={value} onFocus={(e) => e.target.select()} />
      )}
      <button type="button" className="admin-button" onClick={() => void copy()}>
        {copied ? t('admin.connectors.copied') : t('admin.connectors.copy')}
      </button>
    </div>
  );
}

/** Where to paste what in the CRM of `kind`, one step a line. */
export function PasteInstructions({ kind, url }: { kind: ConnectorKindName; url: string }) {
  const t = useT();
  return (
    <div className="connector-howto">
      <h3>{t('admin.connectors.howTo')}</h3>
      <ol>
        {t(KIND_STEPS[kind])
          .split('\n')
          .map((step, index) => (
            <li key={index}>{step}</li>
          ))}
      </ol>
      {kind === 'getcourse' && (
        <CopyField label={t('admin.connectors.template')} value={getcourseTemplate(url)} multiline />
      )}
    </div>
  );
}

export function ConnectorCreated() {
  const t = useT();
  const created = useConnectorsStore((state) => state.created);
  if (!created) return null;
  const url = inboundUrl(created.hookPath);
  const kind = isKnownKind(created.kind) ? created.kind : null;
  const late = kind ? LATE_CREDENTIAL[kind] : undefined;
  return (
    <div className="admin-secret connector-created" role="status">
      <p>
        <strong>{t('admin.connectors.createdTitle', { name: created.name })}</strong>{' '}
        {t('admin.connectors.onlyOnce')}
      </p>
      <CopyField label={t('admin.connectors.url')} value={url} />
      {kind && <PasteInstructions kind={kind} url={url} />}
      {late && <LateCredential name={late} />}
      <button
        type="button"
        className="admin-button ghost"
        onClick={() => useConnectorsStore.getState().dismissCreated()}
      >
        {t('admin.connectors.done')}
      </button>
    </div>
  );
}

/**
 * A credential the vendor shows only after our URL is pasted (Bitrix24's application token): saved
 * with the ones typed at create, which only this panel still holds (PATCH replaces them all).
 */
function LateCredential({ name }: { name: string }) {
  const t = useT();
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const created = useConnectorsStore.getState().created;
    if (!created) return;
    setError(null);
    try {
      const credentials = { ...created.credentials, [name]: value.trim() };
      await useConnectorsStore.getState().update(created.id, { credentials });
      useConnectorsStore.setState({ created: { ...created, credentials } });
      setSaved(true);
      setValue('');
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form
      className="admin-inline-form"
      aria-label={t(FIELD_LABEL[name])}
      onSubmit={(event) => void submit(event)}
    >
      <LabeledField label={t(FIELD_LABEL[name])}>
        <input
          type="password"
          autoComplete="off"
          required
          maxLength={2000}
          value={value}
          placeholder={t('admin.connectors.addLater')}
          onChange={(event) => setValue(event.target.value)}
        />
      </LabeledField>
      <button type="submit" className="admin-button">
        {t('admin.connectors.saveCredential')}
      </button>
      {saved && <span className="admin-note">{t('admin.connectors.credentialSaved')}</span>}
      <FormError error={error} fields={[]} />
    </form>
  );
}
