import { AnimatePresence, m } from 'framer-motion';
import { formatMoney } from '../i18n/format.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { useCelebrationsStore } from '../live/celebrations-store.js';
import { useOrgStore } from '../org/org-store.js';
import { Avatar } from './avatar.js';

const CONFETTI = 18;

/** The celebration now showing (the store runs the queue and its timing), over the board. */
export function CelebrationOverlay({ reducedMotion }: { reducedMotion: boolean }) {
  const t = useT();
  const locale = useLocale();
  const currency = useOrgStore((state) => state.currency);
  const current = useCelebrationsStore((state) => state.current);
  const motion = reducedMotion
    ? { initial: false as const, animate: { opacity: 1 }, exit: { opacity: 0, transition: { duration: 0 } } }
    : {
        initial: { opacity: 0, scale: 0.6 },
        animate: {
          opacity: 1,
          scale: 1,
          transition: { type: 'spring' as const, stiffness: 220, damping: 18 },
        },
        exit: { opacity: 0, scale: 1.1, transition: { duration: 0.3 } },
      };
  return (
    <AnimatePresence>
      {current ? (
        <m.div key={current.id} className="tv-celebration" role="alert" data-testid="celebration" {...motion}>
          {reducedMotion ? null : (
            <div className="confetti" aria-hidden="true">
              {Array.from({ length: CONFETTI }, (_, i) => (
                <i key={i} style={{ ['--i' as string]: i }} />
              ))}
            </div>
          )}
          <div className="tv-celebration-card">
            <span className="tv-celebration-icon" aria-hidden="true">
              {current.celebration.kind === 'tier' ? '🏆' : '🎉'}
            </span>
            <Avatar repId={current.celebration.repId} name={current.celebration.name} />
            <p className="tv-celebration-name" dir="auto">
              {current.celebration.name}
            </p>
            <p className="tv-celebration-what">
              {current.celebration.kind === 'tier'
                ? t('celebration.tier', { tier: current.celebration.tier ?? '' })
                : t('celebration.dealWon')}
            </p>
            {current.celebration.kind === 'deal_won' && current.celebration.amount !== undefined ? (
              <p className="tv-celebration-amount">
                {formatMoney(locale, current.celebration.amount, current.celebration.currency ?? currency)}
              </p>
            ) : null}
          </div>
        </m.div>
      ) : null}
    </AnimatePresence>
  );
}
