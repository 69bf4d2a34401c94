/**
 * The live protocol of SPEC section 7 and 9: Socket.IO namespace `/live`, token in the handshake
 * `auth: { token }`. Typed event maps for the server (`Namespace<LiveClientToServer, LiveServerToClient>`)
 * and for the client module in `live-board.ts`.
 */
import type { ErrorBody } from './api.js';
import type { BoardResponse, BoardRow, Period } from './boards.js';

export const LIVE_NAMESPACE = '/live';

/** `board:subscribe` payload: which board (the current instance of `period`, all reps or one team). */
export interface BoardSubscription {
  period: Period;
  team?: string;
  /**
   * `all`, `team:<id>`, `tenure:<band>`, `improved` or `competition:<id>` (see `scopeKey`; for a
   * competition `period` is ignored); `team` alone still works.
   */
  scope?: string;
}

/**
 * The changes of one board since the previous `seq`: `rows` are the rows whose values changed, with
 * their new values (absolute, never increments, so applying one twice changes nothing); `removed`
 * are rep ids that left the board. Ranks of other rows may shift: the client re-ranks with
 * `rankRows`, which the server uses too.
 */
export interface BoardDelta {
  key: string;
  /** Exactly one more than the previous delta or snapshot of this board. */
  seq: number;
  rows: BoardRow[];
  removed: string[];
}

/** The answer to `board:subscribe`: the snapshot (same shape as `GET /api/boards`), or why not. */
export type BoardSubscribeAck =
  { ok: true; snapshot: BoardResponse } | { ok: false; error: ErrorBody['error'] };

/**
 * A moment for the TV. `deal_won`: a rep closed a deal (`amount` in minor units of `currency`).
 * `tier`: a rep reached a higher tier. `competition`: a competition's window ended; `name` is the
 * winner (a rep, or a team when `winnerKind` is `team`; winners sharing first place are joined by
 * ", "), `competition` the competition's name, `repId` the winner's rep or team id. Never a payout.
 */
export interface Celebration {
  kind: 'deal_won' | 'tier' | 'competition';
  repId: string;
  name: string;
  teamId: string | null;
  amount?: number;
  currency?: string;
  tier?: string;
  /** `competition` only: the competition's name and id, and whether a rep or a team won. */
  competition?: string;
  competitionId?: string;
  winnerKind?: 'rep' | 'team';
  /** When it happened (the event's `occurredAt`), ISO-8601. */
  at: string;
}

/**
 * `kpis:subscribe` payload: the KPI scope a screen shows, as `GET /api/kpis` takes it (`org`,
 * `team:<id>`, `rep:<id>`). A rep may only name `rep:<own id>`; managers and admins any scope;
 * display and integration tokens none.
 */
export interface KpiSubscription {
  scope: string;
}

/** The answer to `kpis:subscribe`: accepted, or why not (the SPEC 9 error body). */
export type KpiSubscribeAck = { ok: true } | { ok: false; error: ErrorBody['error'] };

/**
 * A hint, never figures: the KPI rollups now include events that change what the subscribed scope
 * shows (for `rep:<id>`, that rep's events; for `org` and `team:<id>`, anyone's). The screen reads
 * `GET /api/kpis` again. At most one per `KPI_LIVE_HINT_MS` (default 3 s) per room.
 */
export interface KpisChanged {
  /** When the rollups were found to have moved, ISO-8601. */
  asOf: string;
}

export interface LiveServerToClient {
  'board:delta': (delta: BoardDelta) => void;
  /**
   * Start over with this board: sent after a period rollover (a new key) or a change that deltas
   * do not describe (a rep renamed or moved to another team). Its `seq` is the board's current one.
   */
  'board:snapshot': (snapshot: BoardResponse) => void;
  celebration: (celebration: Celebration) => void;
  /** The KPIs of a scope this socket subscribed to with `kpis:subscribe` changed: read them again. */
  'kpis:changed': (hint: KpisChanged) => void;
}

export interface LiveClientToServer {
  'board:subscribe': (subscription: BoardSubscription, ack: (answer: BoardSubscribeAck) => void) => void;
  'board:unsubscribe': (subscription: BoardSubscription, ack?: (answer: { ok: boolean }) => void) => void;
  'kpis:subscribe': (subscription: KpiSubscription, ack: (answer: KpiSubscribeAck) => void) => void;
  'kpis:unsubscribe': (subscription: KpiSubscription, ack?: (answer: { ok: boolean }) => void) => void;
}
