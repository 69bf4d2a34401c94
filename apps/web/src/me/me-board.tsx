/** My rank and points on the three boards (the tiles pick the period) and the places around me. */
import { m } from 'framer-motion';
import { useLocale, useT } from '../i18n/i18n.js';
import { formatPoints } from '../i18n/format.js';
import { useBoardsStore } from '../live/boards-store.js';
import { windowAround } from './around-me.js';
import { ME_PERIODS, useMeStore, type MePeriod } from './me-store.js';
import { pointsText } from './texts.js';

const boardIdOf = (period: MePeriod) => `${period}:all`;

function useBoard(period: MePeriod) {
  return useBoardsStore((state) => state.boards[boardIdOf(period)]);
}

function Tile({ period, repId }: { period: MePeriod; repId: string }) {
  const t = useT();
  const locale = useLocale();
  const board = useBoard(period);
  const selected = useMeStore((state) => state.period === period);
  const select = useMeStore((state) => state.select);
  const mine = board?.rows.find((row) => row.repId === repId);
  return (
    <button
      type="button"
      className="me-tile"
      aria-pressed={selected}
      data-testid={`tile-${period}`}
      onClick={() => select(period)}
    >
      <span className="me-tile-period">{t(`period.${period}`)}</span>
      {board?.board == null ? (
        <span className="me-tile-rank me-dim">…</span>
      ) : mine ? (
        <>
          <span className="me-tile-rank">{t('me.rank', { rank: mine.rank })}</span>
          <span className="me-tile-of">{t('me.rankOf', { count: board.rows.length })}</span>
          <span className="me-tile-points">{pointsText(locale, mine.points)}</span>
        </>
      ) : (
        <span className="me-tile-of">{t('me.notRanked')}</span>
      )}
    </button>
  );
}

export function MeTiles({ repId }: { repId: string }) {
  const t = useT();
  return (
    <div className="me-tiles" role="group" aria-label={t('me.periods')}>
      {ME_PERIODS.map((period) => (
        <Tile key={period} period={period} repId={repId} />
      ))}
    </div>
  );
}

/** Two above, me, two below on the selected period's board; my row stands out. */
export function AroundMe({ repId }: { repId: string }) {
  const t = useT();
  const locale = useLocale();
  const period = useMeStore((state) => state.period);
  const board = useBoard(period);
  const rows = board ? windowAround(board.rows, repId) : [];
  return (
    <section className="me-card" aria-labelledby="me-around-title">
      <h2 id="me-around-title">
        {t('me.around.title')} · {t(`period.${period}`)}
      </h2>
      {board?.board == null ? (
        <p className="me-dim">{t('board.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="me-dim">{t('me.around.empty')}</p>
      ) : (
        <ol className="me-around">
          {rows.map((row) => {
            const mine = row.repId === repId;
            return (
              <m.li
                key={row.repId}
                layout
                className={mine ? 'me-around-row me-around-mine' : 'me-around-row'}
                aria-current={mine ? 'true' : undefined}
                data-testid="around-row"
              >
                <span className="me-around-rank">{row.rank}</span>
                <span className="me-around-name">
                  {row.name}
                  {mine && <span className="me-around-you"> · {t('me.around.you')}</span>}
                </span>
                <span className="me-around-points">{formatPoints(locale, row.points)}</span>
              </m.li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
