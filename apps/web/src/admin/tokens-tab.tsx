/** Display tokens for the wall boards: create (the secret shown once, as a /tv link), revoke. */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../i18n/i18n.js';
import { tvLink, useTokensStore } from './tokens-store.js';
import type { TokenView } from './types.js';
import { fieldError, FormError, LabeledField, useDateTime } from './ui.js';

export function TokensTab() {
  const t = useT();
  const { tokens, loaded, loadError } = useTokensStore(
    useShallow((state) => ({ tokens: state.tokens, loaded: state.loaded, loadError: state.loadError })),
  );
  useEffect(() => {
    void useTokensStore.getState().load();
  }, []);
  return (
    <section className="admin-card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('admin.tokens.title')}</h2>
      <p className="admin-muted">{t('admin.tokens.intro')}</p>
      <NewTokenForm />
      <CreatedToken />
      {loadError && <FormError error={new Error(loadError)} fields={[]} />}
      {!loaded ? (
        <p className="admin-muted">{t('admin.loading')}</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th>{t('admin.tokens.name')}</th>
              <th>{t('admin.tokens.kind')}</th>
              <th>{t('admin.created')}</th>
              <th>{t('admin.tokens.lastUsed')}</th>
              <th>{t('admin.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <TokenRow key={token.id} token={token} />
            ))}
          </tbody>
        </table>
      )}
      {loaded && tokens.length === 0 && <p className="admin-muted">{t('admin.tokens.none')}</p>}
    </section>
  );
}

function NewTokenForm() {
  const t = useT();
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await useTokensStore.getState().create(name.trim());
      setName('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-inline-form" onSubmit={(event) => void submit(event)}>
      <LabeledField label={t('admin.tokens.name')} error={fieldError(error, 'name')}>
        <input
          value={name}
          required
          maxLength={200}
          placeholder={t('admin.tokens.namePlaceholder')}
          onChange={(event) => setName(event.target.value)}
        />
      </LabeledField>
      <button type="submit" className="admin-button" disabled={busy}>
        {t('admin.tokens.create')}
      </button>
      <FormError error={error} fields={['name']} />
    </form>
  );
}

/** The secret, once: the /tv link to open on the TV, with a copy button. */
function CreatedToken() {
  const t = useT();
  const created = useTokensStore((state) => state.created);
  const [copied, setCopied] = useState(false);
  if (!created) return null;
  const link = tvLink(window.location.origin, created.token);

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div className="admin-secret" role="status">
      <p>
        <strong>{t('admin.tokens.createdTitle', { name: created.name })}</strong> {t('admin.tokens.onlyOnce')}
      </p>
      <div className="admin-secret-row">
        <input
          readOnly
          aria-label={t('admin.tokens.link')}
          value={link}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="admin-button" onClick={() => void copy()}>
          {copied ? t('admin.tokens.copied') : t('admin.tokens.copy')}
        </button>
      </div>
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
      <td>{token.kind === 'display' ? t('admin.tokens.display') : t('admin.tokens.integration')}</td>
      <td>{dateTime(token.createdAt)}</td>
      <td>{token.lastUsedAt ? dateTime(token.lastUsedAt) : t('admin.tokens.neverUsed')}</td>
      <td>{status}</td>
      <td className="admin-actions">
        {token.status === 'active' &&
          (confirming ? (
            <>
              <span className="admin-warning">{t('admin.tokens.revokeWarning')}</span>
              <button type="button" className="admin-button danger" onClick={() => void revoke()}>
                {t('admin.tokens.revokeConfirm')}
              </button>
              <button type="button" className="admin-button ghost" onClick={() => setConfirming(false)}>
                {t('admin.cancel')}
              </button>
            </>
          ) : (
            <button type="button" className="admin-button ghost" onClick={() => setConfirming(true)}>
              {t('admin.tokens.revoke')}
            </button>
          ))}
        {error !== null && <FormError error={error} fields={[]} />}
      </td>
    </tr>
  );
}
