import type { EngineChange, ScoringEvent } from '@leaderboard/scoring';
import type { FlushReport } from './flush-report.js';

export type EventOrigin = 'ingest' | 'ledger';

/** What the live layer hears from scoring (registered with `addListener`). */
export interface ScoringListener {
  /**
   * New events reached the engine (before the projection is written). `origin`: `ingest` when this
   * process stored them, `ledger` when it read them from the ledger another process wrote.
   */
  applied(events: ScoringEvent[], change: EngineChange, origin: EventOrigin): void;
  /** A coalesced flush handed out the next seqs, with the messages to send (its write follows, and may fail). */
  flushed(report: FlushReport): void;
  /** The engine was rebuilt from the ledger (rule publish, working hours): every board may differ. */
  rebuilt(): void;
}

/** Where following the ledger resumes after the last replay, and how many replays there were. */
export interface ReplayMark {
  cursor: bigint;
  generation: number;
}
