/** Create a connector: its kind, a name, and the settings and credentials that kind reads. */
import { useState, type FormEvent } from 'react';
import type { ConnectorSettings } from '@leaderboard/contracts';
import { useT } from '../../i18n/i18n.js';
import { fieldError, FormError, LabeledField } from '../shared/ui.js';
import {
  CONNECTOR_KINDS,
  FIELD_LABEL,
  KIND_FIELDS,
  KIND_LABEL,
  type ConnectorKindName,
  type KindField,
} from './connector-kinds.js';
import { useConnectorsStore } from './connectors-store.js';

/** The values typed for `fields`, trimmed, empty ones left out, split into settings and credentials. */
export function splitValues(
  fields: KindField[],
  values: Record<string, string>,
): { settings: ConnectorSettings; credentials: Record<string, string> } {
  const settings: ConnectorSettings = {};
  const credentials: Record<string, string> = {};
  for (const field of fields) {
    const value = (values[field.name] ?? '').trim();
    if (value === '') continue;
    if (field.in === 'settings') settings[field.name] = value;
    else credentials[field.name] = value;
  }
  return { settings, credentials };
}

/** The inputs of `fields`: credentials as password inputs (never echoed), optional ones marked. */
export function KindFieldInputs({
  fields,
  values,
  onChange,
  error,
}: {
  fields: KindField[];
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
  error: unknown;
}) {
  const t = useT();
  return (
    <>
      {fields.map((field) => {
        const label = t(FIELD_LABEL[field.name]);
        return (
          <LabeledField
            key={field.name}
            label={field.required ? label : t('admin.connectors.optional', { label })}
            error={fieldError(error, `${field.in}.${field.name}`) ?? fieldError(error, field.in)}
          >
            <input
              type={field.in === 'credentials' ? 'password' : 'text'}
              autoComplete="off"
              value={values[field.name] ?? ''}
              required={field.required}
              maxLength={field.in === 'credentials' ? 2000 : 200}
              placeholder={field.placeholder}
              onChange={(event) => onChange(field.name, event.target.value)}
            />
          </LabeledField>
        );
      })}
    </>
  );
}

export function ConnectorCreateForm() {
  const t = useT();
  const [kind, setKind] = useState<ConnectorKindName>('amocrm');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = KIND_FIELDS[kind];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await useConnectorsStore.getState().create({ kind, name: name.trim(), ...splitValues(fields, values) });
      setName('');
      setValues({});
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="admin-grid-form connector-create"
      aria-label={t('admin.connectors.create')}
      onSubmit={(event) => void submit(event)}
    >
      <LabeledField label={t('admin.connectors.kind')} error={fieldError(error, 'kind')}>
        <select
          value={kind}
          onChange={(event) => {
            setKind(event.target.value as ConnectorKindName);
            setValues({});
          }}
        >
          {CONNECTOR_KINDS.map((option) => (
            <option key={option} value={option}>
              {t(KIND_LABEL[option])}
            </option>
          ))}
        </select>
      </LabeledField>
      <LabeledField label={t('admin.connectors.name')} error={fieldError(error, 'name')}>
        <input
          value={name}
          required
          maxLength={120}
          placeholder={t('admin.connectors.namePlaceholder')}
          onChange={(event) => setName(event.target.value)}
        />
      </LabeledField>
      <KindFieldInputs
        fields={fields}
        values={values}
        error={error}
        onChange={(field, value) => setValues({ ...values, [field]: value })}
      />
      <div className="admin-toolbar">
        <button type="submit" className="admin-button" disabled={busy}>
          {t('admin.connectors.create')}
        </button>
        {fields.some((field) => field.in === 'credentials') && (
          <span className="admin-hint">{t('admin.connectors.secretHint')}</span>
        )}
      </div>
      <FormError error={error} fields={['kind', 'name', 'settings', 'credentials']} />
    </form>
  );
}
