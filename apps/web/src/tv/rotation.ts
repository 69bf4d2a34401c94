/**
 * Which boards a TV shows, from its URL: `?rotate=today,week,month&every=30` turns through the
 * periods every 30 s; an item `week:<teamId>` is one team's board, `month:improved` the most
 * improved, `month:tenure:0-3m` one tenure bracket (any scope key, see `scopeKey`), and
 * `team=<teamId>` or `scope=<scope key>` applies to every item without one. An item
 * `competition:<id>` (or `scope=competition:<id>`) is a competition's board, whose window is its own. Without `rotate`, one
 * board: `?period=` (default month) with `?team=` or `?scope=`.
 */
import { parseScope, PERIODS, type BoardSubscription, type Period } from '@leaderboard/contracts';

export interface Rotation {
  boards: BoardSubscription[];
  everyMs: number;
}

export const DEFAULT_PERIOD: Period = 'month';
export const DEFAULT_EVERY_S = 30;
export const MIN_EVERY_S = 5;

function isPeriod(value: string): value is Period {
  return (PERIODS as readonly string[]).includes(value);
}

/** A scope key, or a bare team id (the older `week:<teamId>` form). */
function subscription(period: Period, scopeText: string | undefined): BoardSubscription {
  if (!scopeText || scopeText === 'all') return { period };
  if (scopeText.startsWith('team:')) return { period, team: scopeText.slice(5) };
  return parseScope(scopeText) ? { period, scope: scopeText } : { period, team: scopeText };
}

export function parseRotation(search: string): Rotation {
  const params = new URLSearchParams(search);
  const team = params.get('scope')?.trim() || params.get('team')?.trim() || undefined;
  const boards: BoardSubscription[] = [];
  const seen = new Set<string>();
  for (const item of (params.get('rotate') ?? '').split(',')) {
    const [period, ...rest] = item.trim().split(':');
    // `competition:<id>`: a competition's board (its own window; the period is ignored).
    const board: BoardSubscription | null =
      period === 'competition' && parseScope(item.trim())
        ? { period: DEFAULT_PERIOD, scope: item.trim() }
        : isPeriod(period)
          ? subscription(period, rest.join(':').trim() || team)
          : null;
    if (!board) continue;
    // A competition's board is one board whatever the period.
    const id = board.scope?.startsWith('competition:')
      ? board.scope
      : `${board.period}:${board.team ?? ''}:${board.scope ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    boards.push(board);
  }
  if (boards.length === 0) {
    const period = params.get('period') ?? '';
    boards.push(subscription(isPeriod(period) ? period : DEFAULT_PERIOD, team));
  }
  const every = Number(params.get('every'));
  const everyS = Number.isFinite(every) && every > 0 ? Math.max(every, MIN_EVERY_S) : DEFAULT_EVERY_S;
  return { boards, everyMs: everyS * 1000 };
}
