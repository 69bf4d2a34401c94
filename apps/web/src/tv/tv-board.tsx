import type { BoardRow } from '@leaderboard/contracts';
import { m } from 'framer-motion';
import { useShallow } from 'zustand/react/shallow';
import { formatPoints } from '../i18n/format.js';
import { useLocale, useT } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { useBoardsStore } from '../live/boards-store.js';
import { biggestMovers, type Movement } from '../live/movement.js';
import { useOrgStore } from '../org/org-store.js';
import { Avatar } from './avatar.js';
import { MovementArrow, TierBadge } from './board-parts.js';
import { CountUp } from './count-up.js';
import type { Fit } from './layout.js';

const MOVERS_SHOWN = 3;
const EMPTY_ROWS: BoardRow[] = [];
const NO_MOVEMENT: Movement = {};
const SPRING = { type: 'spring', stiffness: 260, damping: 32 } as const;

/**
 * The ranked rows of one board: the top that fits, then the biggest movers of the rest. Rank
 * changes slide with framer-motion layout animations (off when the viewer prefers reduced motion).
 */
export function TvBoard({
  boardId,
  fit,
  reducedMotion,
}: {
  boardId: string;
  fit: (total: number) => Fit;
  reducedMotion: boolean;
}) {
  const t = useT();
  const { rows, movement, loaded } = useBoardsStore(
    useShallow((state) => {
      const board = state.boards[boardId];
      return {
        rows: board?.rows ?? EMPTY_ROWS,
        movement: board?.movement ?? NO_MOVEMENT,
        loaded: board?.board != null,
      };
    }),
  );
  if (!loaded) return <p className="tv-message">{t('board.loading')}</p>;
  if (rows.length === 0) return <p className="tv-message">{t('board.empty')}</p>;
  const { visible, strip } = fit(rows.length);
  const movers = strip ? biggestMovers(rows, movement, visible, MOVERS_SHOWN) : [];
  // Nobody below the top climbed: the strip shows who comes next instead.
  const shown = movers.length > 0 ? movers : rows.slice(visible, visible + MOVERS_SHOWN);
  return (
    <>
      <ol className="tv-rows" aria-label={t('board.points')}>
        {rows.slice(0, visible).map((row) => {
          const className = `tv-row rank-${Math.min(row.rank, 4)}`;
          const content = (
            <BoardRowView row={row} moved={movement[row.repId]} reducedMotion={reducedMotion} />
          );
          // Reduced motion: plain rows that jump to their new place.
          return reducedMotion ? (
            <li key={row.repId} className={className} data-testid="board-row">
              {content}
            </li>
          ) : (
            <m.li
              key={row.repId}
              className={className}
              data-testid="board-row"
              layout="position"
              transition={SPRING}
            >
              {content}
            </m.li>
          );
        })}
      </ol>
      {strip ? (
        <MoversStrip
          rows={shown}
          title={movers.length > 0 ? 'board.movers' : 'board.next'}
          movement={movement}
          more={rows.length - visible - shown.length}
        />
      ) : null}
    </>
  );
}

function BoardRowView({
  row,
  moved,
  reducedMotion,
}: {
  row: BoardRow;
  moved: number | undefined;
  reducedMotion: boolean;
}) {
  const locale = useLocale();
  const teamName = useOrgStore((state) => (row.teamId ? state.teams[row.teamId] : undefined));
  return (
    <>
      <span className="rank">{row.rank}</span>
      <MovementArrow moved={moved} />
      <Avatar repId={row.repId} name={row.name} />
      <span className="who">
        <span className="name" dir="auto">
          {row.name}
        </span>
        {teamName ? (
          <span className="team" dir="auto">
            {teamName}
          </span>
        ) : null}
      </span>
      <TierBadge tier={row.tier} />
      <CountUp
        className="points"
        value={row.points}
        format={(points) => formatPoints(locale, points)}
        reducedMotion={reducedMotion}
      />
    </>
  );
}

function MoversStrip({
  rows,
  title,
  movement,
  more,
}: {
  rows: BoardRow[];
  title: MessageKey;
  movement: Movement;
  /** Reps neither in the top nor in the strip. */
  more: number;
}) {
  const t = useT();
  return (
    <section className="tv-strip" aria-label={t(title)} data-testid="strip">
      <h2>{t(title)}</h2>
      <ul>
        {rows.map((row) => (
          <li key={row.repId} data-testid="mover">
            <span className="strip-rank">{row.rank}</span>
            <Avatar repId={row.repId} name={row.name} />
            <span className="name" dir="auto">
              {row.name}
            </span>
            <MovementArrow moved={movement[row.repId]} />
          </li>
        ))}
      </ul>
      {more > 0 ? <span className="strip-more">{t('board.more', { count: more })}</span> : null}
    </section>
  );
}
