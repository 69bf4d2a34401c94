/**
 * Tokens: display tokens for the wall boards (the secret shown once, as a /tv link) and integration
 * tokens for systems sending events of one source (the secret shown once, as a header); revoke.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n/i18n.js';
import { tvLink, useTokensStore, type NewToken } from './tokens-store.js';
import type { TokenView } from '@leaderboard/contracts';
import {
  fieldError,
  FormError,
  LabeledField,
  useDateTime,
  LoadFailed,
  Loading,
  ConfirmAction,
  AdminTable,
} from '../shared/ui.js';

type Kind = TokenView['kind'];

export function TokensTab() {
  const t = useT();
  const { tokens, loaded, loadError } = useTokensStore(
    useShallow((state) => ({ tokens: state.tokens, loaded: state.loaded, loadError: state.loadError })),
  );
  useEffect(() => {
    void useTokensStore.getState().load();
  }, []);
  const ofKind = (kind: Kind) => tokens.filter((token) => token.kind === kind);
  return (
    <div className="admin-stack">
      <section className="admin-card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">{t('admin.tokens.title')}</h2>
        <p className="admin-muted">{t('admin.tokens.intro')}</p>
        <NewTokenForm kind="display" />
        <CreatedToken kind="display" />
        <LoadFailed message={loadError} />
        <TokenTable kind="display" tokens={ofKind('display')} loaded={loaded} />
      </section>
      <section className="admin-card" aria-labelledby="integrations-title">
        <h2 id="integrations-title">{t('admin.integrations.title')}</h2>
        <p className="admin-muted">{t('admin.integrations.intro')}</p>
        <NewTokenForm kind="integration" />
        <CreatedToken kind="integration" />
        <TokenTable kind="integration" tokens={ofKind('integration')} loaded={loaded} />
      </section>
    </div>
  );
}

function TokenTable({ kind, tokens, loaded }: { kind: Kind; tokens: TokenView[]; loaded: boolean }) {
  const t = useT();
  if (!loaded) return <Loading />;
  if (tokens.length === 0) {
    return (
      <p className="admin-muted">{t(kind === 'display' ? 'admin.tokens.none' : 'admin.integrations.none')}</p>
    );
  }
  return (
    <AdminTable
      columns={[
        'admin.tokens.name',
        ...(kind === 'integration' ? (['admin.integrations.source'] as const) : []),
        'admin.created',
        'admin.tokens.lastUsed',
        'admin.status',
        '',
      ]}
    >
      {tokens.map((token) => (
        <TokenRow key={token.id} token={token} />
      ))}
    </AdminTable>
  );
}

function NewTokenForm({ kind }: { kind: Kind }) {
  const t = useT();
  const [name, setName] = useState('');
  const [source, setSource] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const integration = kind === 'integration';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    const request: NewToken = integration
      ? { kind, name: name.trim(), source: source.trim() }
      : { kind: 'display', name: name.trim() };
    try {
      await useTokensStore.getState().create(request);
      setName('');
      setSource('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="admin-inline-form"
      aria-label={t(integration ? 'admin.integrations.create' : 'admin.tokens.create')}
      onSubmit={(event) => void submit(event)}
    >
      <LabeledField label={t('admin.tokens.name')} error={fieldError(error, 'name')}>
        <input
          value={name}
          required
          maxLength={200}
          placeholder={t(integration ? 'admin.integrations.namePlaceholder' : 'admin.tokens.namePlaceholder')}
          onChange={(event) => setName(event.target.value)}
        />
      </LabeledField>
      {integration && (
        <LabeledField label={t('admin.integrations.source')} error={fieldError(error, 'source')}>
          <input
            value={source}
            required
            maxLength={100}
            placeholder={t('admin.integrations.sourcePlaceholder')}
            onChange={(event) => setSource(event.target.value)}
          />
        </LabeledField>
      )}
      <button type="submit" className="admin-button" disabled={busy}>
        {t(integration ? 'admin.integrations.create' : 'admin.tokens.create')}
      </button>
      <FormError error={error} fields={['name', 'source']} />
    </form>
  );
}

/**
 * The secret, once, beside the form that made it: a display token as the /tv link to open on the
 * TV, an integration token as the secret itself and the header to send it in.
 */
function CreatedToken({ kind }: { kind: Kind }) {
  const t = useT();
  const created = useTokensStore((state) => (state.created?.kind === kind ? state.created : null));
  const [copied, setCopied] = useState(false);
  if (!created) return null;
  const integration = kind === 'integration';
  const secret = integration ? created.token : tvLink(window.location.origin, created.token);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div className="admin-secret" role="status">
      <p>
        <strong>{t('admin.tokens.createdTitle', { name: created.name })}</strong>{' '}
        {t(integration ? 'admin.integrations.onlyOnce' : 'admin.tokens.onlyOnce')}
      </p>
      <div className="admin-secret-row">
        <input
          readOnly
          aria-label={t(integration ? 'admin.integrations.secret' : 'admin.tokens.link')}
          value={secret}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="admin-button" onClick={() => void copy()}>
          {copied
            ? t('admin.tokens.copied')
            : t(integration ? 'admin.integrations.copy' : 'admin.tokens.copy')}
        </button>
      </div>
      {integration && (
        <p className="admin-muted">
          {t('admin.integrations.usage', {
            header: 'Authorization: Bearer …',
            source: created.source ?? '',
          })}
        </p>
      )}
      <button
        type="button"
        className="admin-button ghost"
        onClick={() => {
          setCopied(false);
          useTokensStore.getState().dismissCreated();
        }}
      >
        {t('admin.tokens.done')}
      </button>
    </div>
  );
}

function TokenRow({ token }: { token: TokenView }) {
  const t = useT();
  const dateTime = useDateTime();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function revoke() {
    setError(null);
    try {
      await useTokensStore.getState().revoke(token.id);
      setConfirming(false);
    } catch (caught) {
      setError(caught);
    }
  }

  const status =
    token.status === 'revoked'
      ? t('admin.tokens.revokedAt', { time: dateTime(token.revokedAt) })
      : token.status === 'expired'
        ? t('admin.tokens.expired')
        : t('admin.reps.active');
  return (
    <tr className={token.status === 'active' ? undefined : 'is-inactive'}>
      <td>
        {token.name} <code className="admin-muted">{token.prefix}…</code>
      </td>
      {token.kind === 'integration' && (
        <td>
          <code>{token.source ?? '*'}</code>
        </td>
      )}
      <td>{dateTime(token.createdAt)}</td>
      <td>{token.lastUsedAt ? dateTime(token.lastUsedAt) : t('admin.tokens.neverUsed')}</td>
      <td>{status}</td>
      <td className="admin-actions">
        {token.status === 'active' && (
          <ConfirmAction
            confirming={confirming}
            setConfirming={setConfirming}
            label={t('admin.tokens.revoke')}
            confirmLabel={t('admin.tokens.revokeConfirm')}
            warning={
              <span className="admin-warning">
                {t(
                  token.kind === 'display'
                    ? 'admin.tokens.revokeWarning'
                    : 'admin.integrations.revokeWarning',
                )}
              </span>
            }
            onConfirm={() => void revoke()}
          />
        )}
        {error !== null && <FormError error={error} fields={[]} />}
      </td>
    </tr>
  );
}
