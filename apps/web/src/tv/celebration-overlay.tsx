import { useEffect, useState, type ReactNode } from 'react';
import type { Celebration } from '@leaderboard/contracts';
import { formatMoney } from '../i18n/format.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { useBoardsStore, type BoardView } from '../live/boards-store.js';
import { useCelebrationsStore, type QueuedCelebration } from '../live/celebrations-store.js';
import { useOrgStore } from '../org/org-store.js';
import { Avatar } from './avatar.js';

const CONFETTI = 18;
/** The fade-out of a card before the next one (`tv-celebration-out` in tv.css). */
export const CELEBRATION_EXIT_MS = 300;

/**
 * The celebration now showing (the store runs the queue and its timing), over the board.
 *
 * Every motion here is a CSS animation of opacity or transform (tv.css): the compositor runs them
 * without a JavaScript frame loop, and the element of each celebration (keyed by its id) is gone
 * when it ends, so nothing is kept per celebration.
 */
export function CelebrationOverlay({ reducedMotion }: { reducedMotion: boolean }) {
  const current = useCelebrationsStore((state) => state.current);
  const { item, leaving } = useShownCelebration(current, reducedMotion);
  if (!item) return null;
  if (reducedMotion) {
    // No motion at all: the card appears and goes with the queue.
    return (
      <div key={item.id} className="tv-celebration" role="alert" data-testid="celebration">
        <CelebrationCard item={item} />
      </div>
    );
  }
  return (
    <div
      key={item.id}
      className={
        leaving
          ? 'tv-celebration tv-celebration-animated is-leaving'
          : 'tv-celebration tv-celebration-animated'
      }
      role="alert"
      data-testid="celebration"
    >
      {/* The full-screen backdrop (the overlay's ::before) only fades, on its own layer: no
          opacity over the whole overlay, which needs a screen-sized offscreen surface. The card
          alone pops and holds the confetti, so a software compositor redraws a card-sized area. */}
      <div className="tv-celebration-pop">
        <CelebrationCard item={item}>
          <div className="confetti" aria-hidden="true">
            {Array.from({ length: CONFETTI }, (_, i) => (
              <i key={i} style={{ ['--i' as string]: i }} />
            ))}
          </div>
        </CelebrationCard>
      </div>
    </div>
  );
}

/**
 * The celebration on screen: the store's current one, except that a card the queue moved past
 * stays `leaving` for `CELEBRATION_EXIT_MS` (its fade-out) before the next one (or none) shows.
 */
function useShownCelebration(
  current: QueuedCelebration | null,
  reducedMotion: boolean,
): { item: QueuedCelebration | null; leaving: boolean } {
  const [shown, setShown] = useState<QueuedCelebration | null>(current);
  // Nothing was showing: the new one shows at once (a state update during render, no extra frame).
  if (shown === null && current !== null) setShown(current);
  const leaving = !reducedMotion && shown !== null && shown !== current;
  useEffect(() => {
    if (!leaving) return;
    // The latest one when the fade ends: the queue may have moved on meanwhile.
    const timer = setTimeout(() => setShown(useCelebrationsStore.getState().current), CELEBRATION_EXIT_MS);
    return () => clearTimeout(timer);
  }, [leaving, shown]);
  if (reducedMotion) return { item: current, leaving: false };
  return { item: shown ?? current, leaving };
}

function CelebrationCard({ item, children }: { item: QueuedCelebration; children?: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const currency = useOrgStore((state) => state.currency);
  const { celebration } = item;
  // Celebrations carry no photo: the rep's row on a board this screen follows has it.
  const photoUrl = useBoardsStore((state) => photoOf(state.boards, celebration.repId));
  return (
    <div className="tv-celebration-card">
      {children}
      <CelebrationIcon kind={celebration.kind} />
      <Avatar repId={celebration.repId} name={celebration.name} photoUrl={photoUrl} />
      <p className="tv-celebration-name" dir="auto">
        {celebration.name}
      </p>
      <p className="tv-celebration-what">
        {celebration.kind === 'tier'
          ? t('celebration.tier', { tier: celebration.tier ?? '' })
          : celebration.kind === 'competition'
            ? t(
                celebration.winnerKind === 'team' ? 'celebration.competitionTeam' : 'celebration.competition',
                {
                  competition: celebration.competition ?? '',
                },
              )
            : t('celebration.dealWon')}
      </p>
      {celebration.kind === 'deal_won' && celebration.amount !== undefined ? (
        <p className="tv-celebration-amount">
          {formatMoney(locale, celebration.amount, celebration.currency ?? currency)}
        </p>
      ) : null}
    </div>
  );
}

function photoOf(boards: Record<string, BoardView>, repId: string): string | null {
  for (const board of Object.values(boards)) {
    const row = board.rows.find((r) => r.repId === repId);
    if (row?.photoUrl) return row.photoUrl;
  }
  return null;
}

/**
 * Drawn, not an emoji: a kiosk browser may have no emoji font. A star for a deal, a medal for a
 * tier, a cup for a competition's winner.
 */
function CelebrationIcon({ kind }: { kind: Celebration['kind'] }) {
  return (
    <svg className="tv-celebration-icon" viewBox="0 0 100 100" aria-hidden="true" data-icon={kind}>
      {kind === 'competition' ? (
        <>
          <path d="M25 10 H75 V40 A25 25 0 0 1 25 40 Z" fill="currentColor" />
          <path
            d="M25 18 H10 V28 A15 15 0 0 0 25 43 M75 18 H90 V28 A15 15 0 0 1 75 43"
            fill="none"
            stroke="currentColor"
            strokeWidth="6"
          />
          <rect x="44" y="64" width="12" height="14" fill="currentColor" />
          <rect x="30" y="78" width="40" height="12" rx="3" fill="#6d5dfc" />
        </>
      ) : kind === 'tier' ? (
        <>
          <path d="M30 5 L45 40 L55 40 L70 5 Z" fill="#6d5dfc" />
          <circle cx="50" cy="62" r="30" fill="currentColor" />
          <circle cx="50" cy="62" r="21" fill="none" stroke="#0b1020" strokeOpacity="0.35" strokeWidth="4" />
        </>
      ) : (
        <path d="M50 4 L62 36 L96 37 L69 58 L79 92 L50 72 L21 92 L31 58 L4 37 L38 36 Z" fill="currentColor" />
      )}
    </svg>
  );
}
