import { AnimatePresence, m } from 'framer-motion';
import { formatMoney } from '../i18n/format.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { useCelebrationsStore, type QueuedCelebration } from '../live/celebrations-store.js';
import { useOrgStore } from '../org/org-store.js';
import { Avatar } from './avatar.js';

const CONFETTI = 18;

/** The celebration now showing (the store runs the queue and its timing), over the board. */
export function CelebrationOverlay({ reducedMotion }: { reducedMotion: boolean }) {
  const current = useCelebrationsStore((state) => state.current);
  if (reducedMotion) {
    // No motion at all: the card appears and goes with the queue.
    return current ? (
      <div key={current.id} className="tv-celebration" role="alert" data-testid="celebration">
        <CelebrationCard item={current} />
      </div>
    ) : null;
  }
  return (
    <AnimatePresence mode="wait">
      {current ? (
        <m.div
          key={current.id}
          className="tv-celebration"
          role="alert"
          data-testid="celebration"
          initial={{ opacity: 0, scale: 0.6 }}
          animate={{ opacity: 1, scale: 1, transition: { type: 'spring', stiffness: 220, damping: 18 } }}
          exit={{ opacity: 0, scale: 1.1, transition: { duration: 0.3 } }}
        >
          <div className="confetti" aria-hidden="true">
            {Array.from({ length: CONFETTI }, (_, i) => (
              <i key={i} style={{ ['--i' as string]: i }} />
            ))}
          </div>
          <CelebrationCard item={current} />
        </m.div>
      ) : null}
    </AnimatePresence>
  );
}

function CelebrationCard({ item }: { item: QueuedCelebration }) {
  const t = useT();
  const locale = useLocale();
  const currency = useOrgStore((state) => state.currency);
  const { celebration } = item;
  return (
    <div className="tv-celebration-card">
      <span className="tv-celebration-icon" aria-hidden="true">
        {celebration.kind === 'tier' ? '🏆' : '🎉'}
      </span>
      <Avatar repId={celebration.repId} name={celebration.name} />
      <p className="tv-celebration-name" dir="auto">
        {celebration.name}
      </p>
      <p className="tv-celebration-what">
        {celebration.kind === 'tier'
          ? t('celebration.tier', { tier: celebration.tier ?? '' })
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
