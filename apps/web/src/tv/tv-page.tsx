/**
 * `/tv`: the wall board. Opened once with `?token=<display token>`, then unattended: it follows its
 * boards over one socket, rotates between them, celebrates deals and tiers, and when the network
 * drops keeps showing the last rows under a "reconnecting" badge until it is back.
 */
import { ALL_SCOPE, requestedScope } from '@leaderboard/contracts';
import { domMax, LazyMotion, MotionConfig } from 'framer-motion';
import { useEffect, useMemo, useState } from 'react';
import { fetchSettings, fetchTeams } from '../api-client.js';
import * as tvMessages from '../i18n/catalogs/tv.js';
import { registerMessages, useT } from '../i18n/i18n.js';
import { subscriptionId } from '../live/boards-store.js';
import { startLiveClient, type SocketFactory } from '../live/live-client.js';
import { useCelebrationsStore } from '../live/celebrations-store.js';
import { useOrgStore } from '../org/org-store.js';
import { LanguageSwitch } from '../shell/language-switch.js';
import { CelebrationOverlay } from './celebration-overlay.js';
import { browserStorage, takeDisplayToken } from './display-token.js';
import { usePrefersReducedMotion, useRotationIndex, useViewport } from './hooks.js';
import { rowsThatFit } from './layout.js';
import { parseRotation } from './rotation.js';
import { TvBoard } from './tv-board.js';
import { TvHeader } from './tv-header.js';
import './tv.css';

// The wall board's texts come with its chunk, before the board renders.
registerMessages(tvMessages);

const ORG_RETRY_MS = 60_000;
const ORG_REFRESH_MS = 10 * 60_000;

/**
 * Team names and the org settings (currency, time zone, working hours), read now and every few
 * minutes (a manager may publish new working hours); a failed read keeps what the screen has.
 */
function followOrg(token: string): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const load = (): void => {
    const org = useOrgStore.getState();
    void Promise.allSettled([
      fetchTeams(token).then(org.setTeams),
      fetchSettings(token).then(org.setSettings),
    ]).then((results) => {
      if (stopped) return;
      const failed = results.some((result) => result.status === 'rejected');
      timer = setTimeout(load, failed ? ORG_RETRY_MS : ORG_REFRESH_MS);
    });
  };
  load();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export function TvPage({ createSocket }: { createSocket?: SocketFactory } = {}) {
  const t = useT();
  // First: the token leaves the address bar before anything else reads or shows the URL.
  const [token] = useState(() => takeDisplayToken(window, browserStorage()));
  const search = window.location.search;
  const rotation = useMemo(() => parseRotation(search), [search]);
  const reducedMotion = usePrefersReducedMotion();
  const viewport = useViewport();
  const index = useRotationIndex(rotation.boards.length, rotation.everyMs);
  const celebrating = useCelebrationsStore((state) => state.current !== null);

  useEffect(() => {
    if (!token) return;
    return startLiveClient({ token, subscriptions: rotation.boards, createSocket });
  }, [token, rotation, createSocket]);

  useEffect(() => (token ? followOrg(token) : undefined), [token]);

  if (!token) {
    return (
      <main className="tv tv-setup">
        <LanguageSwitch className="lang-switch tv-lang" />
        <h1>{t('tv.noToken.title')}</h1>
        <p>{t('tv.noToken.body')}</p>
      </main>
    );
  }

  const current = rotation.boards[index];
  const boardId = subscriptionId(current);
  return (
    <LazyMotion features={domMax} strict>
      <MotionConfig reducedMotion={reducedMotion ? 'always' : 'never'}>
        <main className="tv">
          <TvHeader
            boardId={boardId}
            period={current.period}
            scope={requestedScope(current) ?? ALL_SCOPE}
            index={index}
            count={rotation.boards.length}
          />
          <TvBoard
            key={boardId}
            boardId={boardId}
            fit={(total) => rowsThatFit(viewport.width, viewport.height, total)}
            reducedMotion={reducedMotion}
            calm={celebrating}
          />
          <CelebrationOverlay reducedMotion={reducedMotion} />
        </main>
      </MotionConfig>
    </LazyMotion>
  );
}
