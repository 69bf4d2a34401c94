import type { BoardScope, Period } from '@leaderboard/contracts';
import { useShallow } from 'zustand/react/shallow';
import { formatRange, formatTime } from '../i18n/format.js';
import { useLocale, useT } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { useBoardsStore } from '../live/boards-store.js';
import { useOrgStore } from '../org/org-store.js';
import { LanguageSwitch } from '../shell/language-switch.js';
import { ConnectionBadge } from './connection-badge.js';

const PERIOD_KEYS: Record<Period, MessageKey> = {
  today: 'period.today',
  week: 'period.week',
  month: 'period.month',
  quarter: 'period.quarter',
};
const RANGE_KINDS = { today: 'day', week: 'range', month: 'month', quarter: 'range' } as const;

/**
 * `2026-11-29T21:33:05.120Z` -> `2026-11-29T21:33:00Z`: the header shows minutes, so it renders
 * again once a minute, not for every delta.
 */
function toMinute(asOf: string | null): string | null {
  return asOf ? `${asOf.slice(0, 16)}:00Z` : null;
}

/** Board name (period and scope), its dates, "as of HH:MM", and where the rotation is. */
export function TvHeader({
  boardId,
  period,
  scope,
  index,
  count,
}: {
  boardId: string;
  period: Period;
  scope: BoardScope;
  index: number;
  count: number;
}) {
  const t = useT();
  const locale = useLocale();
  const { board, asOf } = useBoardsStore(
    useShallow((state) => ({
      board: state.boards[boardId]?.board ?? null,
      asOf: toMinute(state.boards[boardId]?.asOf ?? null),
    })),
  );
  const { timeZone, teamName, orgName } = useOrgStore(
    useShallow((state) => ({
      timeZone: state.timeZone,
      teamName: scope.kind === 'team' ? state.teams[scope.teamId] : undefined,
      orgName: state.orgName,
    })),
  );
  const scopeName =
    scope.kind === 'team'
      ? teamName
        ? t('scope.team', { name: teamName })
        : t('scope.unknownTeam')
      : scope.kind === 'tenure'
        ? t(`scope.tenure.${scope.band}`)
        : scope.kind === 'improved'
          ? t('scope.improved')
          : scope.kind === 'competition'
            ? (board?.competition?.name ?? '')
            : t('scope.all');
  // A competition has its own window instead of a period.
  const competition = scope.kind === 'competition';
  return (
    <header className="tv-header">
      <div className="tv-title">
        <h1>
          {t(competition ? 'scope.competition' : PERIOD_KEYS[period])}
          <span className="tv-scope" dir="auto" data-testid="tv-scope">
            {' · '}
            {scopeName}
          </span>
        </h1>
        <p className="tv-range" dir="auto">
          {[
            orgName,
            board
              ? formatRange(
                  locale,
                  board.from,
                  board.to,
                  timeZone,
                  competition ? 'range' : RANGE_KINDS[period],
                )
              : '',
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      </div>
      <div className="tv-meta">
        <ConnectionBadge />
        {asOf ? (
          <p className="tv-asof" data-testid="as-of">
            {t('board.asOf', { time: formatTime(locale, asOf, timeZone) })}
          </p>
        ) : null}
        {count > 1 ? (
          <ol className="tv-dots" aria-label={t('tv.rotation', { index: index + 1, count })}>
            {Array.from({ length: count }, (_, i) => (
              <li key={i} className={i === index ? 'on' : undefined} />
            ))}
          </ol>
        ) : null}
        <LanguageSwitch className="lang-switch tv-lang" />
      </div>
    </header>
  );
}
