import { memo } from 'react';
import { useT } from '../i18n/i18n.js';

/** Rank change since the rep last moved: ▲ 2 (green), ▼ 1 (red), or a quiet dash. */
export const MovementArrow = memo(function MovementArrow({ moved }: { moved: number | undefined }) {
  const t = useT();
  if (!moved) {
    return (
      <span className="move move-none" aria-hidden="true">
        –
      </span>
    );
  }
  const up = moved > 0;
  const count = Math.abs(moved);
  const label = t(up ? 'board.movedUp' : 'board.movedDown', { count });
  return (
    <span
      className={up ? 'move move-up' : 'move move-down'}
      data-testid="movement"
      aria-label={label}
      title={label}
    >
      {up ? '▲' : '▼'}
      {count}
    </span>
  );
});

const KNOWN_TIERS = new Set(['bronze', 'silver', 'gold', 'platinum', 'diamond']);

export const TierBadge = memo(function TierBadge({ tier }: { tier: string | null }) {
  if (!tier) return <span className="tier tier-none" />;
  const known = tier.toLowerCase();
  return <span className={`tier tier-${KNOWN_TIERS.has(known) ? known : 'other'}`}>{tier}</span>;
});
