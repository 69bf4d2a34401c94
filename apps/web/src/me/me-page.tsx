/**
 * `/me`: a rep's phone view. Signed out: the login form. Signed in: my rank and points today, this
 * week and this month (live over the socket with my own token), the places around me, how far the
 * next bonus tier is, today's cap meters and every line item behind my points.
 */
import { domMax, LazyMotion, MotionConfig } from 'framer-motion';
import { useEffect, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import * as meMessages from '../i18n/catalogs/me.js';
import { registerMessages, useT } from '../i18n/i18n.js';
import { useBoardsStore } from '../live/boards-store.js';
import { useConnectionStore } from '../live/connection-store.js';
import type { SocketFactory } from '../live/live-client.js';
import { LoginForm } from '../session/login-form.js';
import { useSessionStore } from '../session/session-store.js';
import { LanguageSwitch } from '../shell/language-switch.js';
import { followMe } from './follow-me.js';
import { MeKpis } from './me-kpis.js';
import { AroundMe, MeTiles } from './me-board.js';
import { LineItems } from './me-line-items.js';
import { CapMeters, TierCard } from './me-progress.js';
import { useMeStore } from './me-store.js';
import './me.css';

// The texts of /me come with its chunk, before the page renders; /tv and /admin never load them.
registerMessages(meMessages);

/** Managers and admins linked to a rep see their own figures too. */
const ROLES = ['rep', 'manager', 'admin'] as const;

function SignOut() {
  const t = useT();
  const logout = useSessionStore((state) => state.logout);
  return (
    <button type="button" className="me-signout" onClick={logout}>
      {t('login.logout')}
    </button>
  );
}

function Frame({ children, signedIn }: { children: ReactNode; signedIn: boolean }) {
  const t = useT();
  return (
    <main className="me">
      <header className="me-header">
        <h1>{t('me.title')}</h1>
        <div className="me-header-actions">
          <LanguageSwitch />
          {signedIn && <SignOut />}
        </div>
      </header>
      {children}
    </main>
  );
}

function LiveStatus() {
  const t = useT();
  const { status, error } = useConnectionStore(
    useShallow((state) => ({ status: state.status, error: state.error })),
  );
  if (status === 'connected' || status === 'idle') return null;
  return (
    <p className="me-live" role="status">
      {status === 'refused'
        ? t('me.live.refused', { message: error ?? '' })
        : t(status === 'reconnecting' ? 'live.reconnecting' : 'live.connecting')}
    </p>
  );
}

function Hello({ repId }: { repId: string }) {
  const t = useT();
  const name = useBoardsStore(
    (state) =>
      ['month:all', 'week:all', 'today:all']
        .map((id) => state.boards[id]?.rows.find((row) => row.repId === repId)?.name)
        .find((found) => found !== undefined) ?? null,
  );
  return name === null ? null : <p className="me-hello">{t('me.hello', { name })}</p>;
}

function Dashboard({
  token,
  repId,
  createSocket,
}: {
  token: string;
  repId: string;
  createSocket?: SocketFactory;
}) {
  const t = useT();
  const forbidden = useMeStore((state) => state.breakdowns.today?.error === 'forbidden');
  useEffect(() => {
    const stop = followMe({ token, repId, createSocket });
    return () => {
      stop();
      // The next person to sign in on this phone starts from nothing.
      useMeStore.getState().reset();
      useBoardsStore.getState().reset();
      useConnectionStore.getState().reset();
    };
  }, [token, repId, createSocket]);
  return (
    <>
      <Hello repId={repId} />
      <LiveStatus />
      {forbidden && (
        <p className="me-error" role="alert">
          {t('me.error.forbidden')}
        </p>
      )}
      <MeTiles repId={repId} />
      <AroundMe repId={repId} />
      <TierCard />
      <CapMeters />
      <MeKpis repId={repId} />
      <LineItems />
    </>
  );
}

export function MePage({ createSocket }: { createSocket?: SocketFactory } = {}) {
  const t = useT();
  const { token, user } = useSessionStore(useShallow((state) => ({ token: state.token, user: state.user })));
  if (!token || !user) {
    return (
      <Frame signedIn={false}>
        <LoginForm roles={ROLES} />
      </Frame>
    );
  }
  if (!user.repId) {
    return (
      <Frame signedIn>
        <p className="me-card">{t('me.noRep')}</p>
      </Frame>
    );
  }
  return (
    <LazyMotion features={domMax} strict>
      <MotionConfig reducedMotion="user">
        <Frame signedIn>
          <Dashboard token={token} repId={user.repId} createSocket={createSocket} />
        </Frame>
      </MotionConfig>
    </LazyMotion>
  );
}
