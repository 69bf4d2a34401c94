import type { BoardRow } from '@leaderboard/contracts';
import { m } from 'framer-motion';
import { memo, useCallback } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatChange, formatPoints } from '../i18n/format.js';
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
/** Under a celebration: rows take their new place at once. */
const INSTANT = { duration: 0 } as const;

/**
 * The ranked rows of one board: the top that fits, then the biggest movers of the rest. Rank
 * changes slide with framer-motion layout animations (off when the viewer prefers reduced motion).
 * While a celebration covers the board (`calm`), rows jump to their new place and points instead
 * of animating under the dimmed backdrop: one thing moves at a time, and the screen does not spend
 * its frames on motion nobody watches.
 */
export function TvBoard({
  boardId,
  fit,
  reducedMotion,
  calm = false,
}: {
  boardId: string;
  fit: (total: number) => Fit;
  reducedMotion: boolean;
  calm?: boolean;
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
        {rows.slice(0, visible).map((row, position) => (
          <RankedRow
            key={row.repId}
            row={row}
            position={position}
            moved={movement[row.repId]}
            reducedMotion={reducedMotion}
            calm={calm}
          />
        ))}
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

interface RankedRowProps {
  row: BoardRow;
  /** Place in the list: the row slides when it changes. */
  position: number;
  moved: number | undefined;
  reducedMotion: boolean;
  calm: boolean;
}

/** Every delta brings new row objects: a row renders again only when what it shows changed. */
function sameRow(a: RankedRowProps, b: RankedRowProps): boolean {
  return (
    a.position === b.position &&
    a.moved === b.moved &&
    a.reducedMotion === b.reducedMotion &&
    a.calm === b.calm &&
    a.row.repId === b.row.repId &&
    a.row.rank === b.row.rank &&
    a.row.name === b.row.name &&
    a.row.teamId === b.row.teamId &&
    a.row.photoUrl === b.row.photoUrl &&
    a.row.points === b.row.points &&
    a.row.rankValue === b.row.rankValue &&
    a.row.tier === b.row.tier
  );
}

const RankedRow = memo(function RankedRow({ row, position, moved, reducedMotion, calm }: RankedRowProps) {
  const className = `tv-row rank-${Math.min(row.rank, 4)}${row.rankValue === undefined ? '' : ' has-change'}`;
  const content = <BoardRowView row={row} moved={moved} reducedMotion={reducedMotion || calm} />;
  // Reduced motion: plain rows that jump to their new place.
  if (reducedMotion) {
    return (
      <li className={className} data-testid="board-row">
        {content}
      </li>
    );
  }
  // `layoutDependency`: framer-motion measures the row (a forced layout) only when its place
  // changes, not when its points or its arrow do.
  return (
    <m.li
      className={`${className} tv-row-moving`}
      data-testid="board-row"
      layout="position"
      layoutDependency={position}
      transition={calm ? INSTANT : SPRING}
    >
      {content}
    </m.li>
  );
}, sameRow);

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
  const format = useCallback((points: number) => formatPoints(locale, points), [locale]);
  const teamName = useOrgStore((state) => (row.teamId ? state.teams[row.teamId] : undefined));
  return (
    <>
      <span className="rank">{row.rank}</span>
      <MovementArrow moved={moved} />
      <Avatar repId={row.repId} name={row.name} photoUrl={row.photoUrl} />
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
      {row.rankValue !== undefined ? <ChangeBadge bp={row.rankValue} /> : null}
      <CountUp className="points" value={row.points} format={format} reducedMotion={reducedMotion} />
    </>
  );
}

/** Most improved board: the change against the rep's usual result, "+50 % vs usual". */
function ChangeBadge({ bp }: { bp: number }) {
  const t = useT();
  const locale = useLocale();
  return (
    <span className={`change ${bp > 0 ? 'up' : bp < 0 ? 'down' : 'flat'}`} data-testid="change">
      {formatChange(locale, bp)} <small>{t('board.vsUsual')}</small>
    </span>
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
          <Mover
            key={row.repId}
            repId={row.repId}
            rank={row.rank}
            name={row.name}
            photoUrl={row.photoUrl}
            moved={movement[row.repId]}
          />
        ))}
      </ul>
      {more > 0 ? <span className="strip-more">{t('board.more', { count: more })}</span> : null}
    </section>
  );
}

const Mover = memo(function Mover({
  repId,
  rank,
  name,
  photoUrl,
  moved,
}: {
  repId: string;
  rank: number;
  name: string;
  photoUrl: string | null | undefined;
  moved: number | undefined;
}) {
  return (
    <li data-testid="mover">
      <span className="strip-rank">{rank}</span>
      <Avatar repId={repId} name={name} photoUrl={photoUrl} />
      <span className="name" dir="auto">
        {name}
      </span>
      <MovementArrow moved={moved} />
    </li>
  );
});
