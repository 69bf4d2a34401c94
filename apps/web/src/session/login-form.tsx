import { useState, type FormEvent } from 'react';
import type { Role } from '@leaderboard/contracts';
import { useT } from '../i18n/i18n.js';
import { ApiError } from './api.js';
import { useSessionStore } from './session-store.js';

/**
 * E-mail and password for /me and /admin. `roles` are the roles this surface is for; another role
 * signs in but is told where to go instead.
 */
export function LoginForm({ roles }: { roles: readonly Role[] }) {
  const t = useT();
  const login = useSessionStore((state) => state.login);
  const logout = useSessionStore((state) => state.logout);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await login(email, password);
      if (!roles.includes(user.role)) {
        logout();
        setError(t('login.wrongSurface'));
      }
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401 ? t('login.failed') : t('login.unavailable'),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="login-form" onSubmit={(event) => void submit(event)} aria-label={t('login.title')}>
      <h2>{t('login.title')}</h2>
      <label>
        {t('login.email')}
        <input
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </label>
      <label>
        {t('login.password')}
        <input
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </label>
      {error !== null && (
        <p role="alert" className="login-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('login.submit')}
      </button>
    </form>
  );
}
