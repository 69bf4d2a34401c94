import { Injectable } from '@nestjs/common';
import type { ScoringEvent } from '@leaderboard/scoring';
import { DataSource } from 'typeorm';
import { preparedQuery, type PreparedStatement } from '../database/prepared-query.js';
import { modifyReturning, type SqlRunner } from '../database/sql.js';
import { eventColumns, toScoringEvent, type EventRow } from './ledger-rows.js';

/** A row STORE_EVENTS inserted. */
export interface StoredEventRow {
  id: string;
  source: string;
  external_id: string;
  rep_id: string | null;
}

/**
 * ONE statement stores a batch, atomically without an explicit transaction: reps resolved by a
 * join (unknown key: held), a multi-row insert that skips existing keys with the same content, and
 * `event_conflict()` aborting the whole statement when a key exists with different content. Rows
 * travel as compact JSON arrays parsed once as jsonb (field access is then cheap), in key order
 * (one lock order for every request). The inserted rows come back with their key, so no join back
 * to the input is needed. Prepared: every POST runs it, and planning it was half its cost.
 */
const STORE_EVENTS: PreparedStatement = {
  name: 'store_events',
  text: `INSERT INTO events (source, external_id, type, rep_key, rep_id, occurred_at, attributes, voids_source, voids_external_id, content_hash)
    SELECT u.v->>0, u.v->>1, u.v->>2, u.v->>3, r.id, (u.v->>4)::timestamptz, u.v->5, u.v->>6, u.v->>7, u.v->>8
    FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS u(v, ord)
    LEFT JOIN reps r ON r.key = u.v->>3
    ORDER BY u.ord
    ON CONFLICT (source, external_id) DO UPDATE SET content_hash = event_conflict(events.source, events.external_id)
      WHERE events.content_hash <> EXCLUDED.content_hash
    RETURNING id::text AS id, source, external_id, rep_id`,
};

/** The `events` table: the append-only ledger. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a batch (`payload`: the JSON array STORE_EVENTS reads) with one prepared statement;
   * gives the rows it inserted.
   */
  store(payload: string): Promise<StoredEventRow[]> {
    return preparedQuery<StoredEventRow>(this.dataSource, STORE_EVENTS, [payload]);
  }

  /** The content hashes stored under the keys `(sources[i], externalIds[i])` that exist. */
  contentHashes(
    sources: string[],
    externalIds: string[],
  ): Promise<Array<{ source: string; external_id: string; content_hash: string }>> {
    return this.dataSource.query(
      `SELECT e.source, e.external_id, e.content_hash FROM events e
       JOIN unnest($1::text[], $2::text[]) AS u(s, x) ON e.source = u.s AND e.external_id = u.x`,
      [sources, externalIds],
    );
  }

  /** Attaches held events (by id) whose rep exists now; gives them as scorable events. */
  async attachHeld(eventIds: string[]): Promise<ScoringEvent[]> {
    const rows = await modifyReturning<EventRow>(
      this.dataSource,
      `UPDATE events e SET rep_id = r.id, tx = pg_current_xact_id()::text::bigint FROM reps r
       WHERE e.id = ANY($1::bigint[]) AND e.rep_id IS NULL AND r.key = e.rep_key
       RETURNING ${eventColumns('e')}`,
      [eventIds],
    );
    return rows.map(toScoringEvent);
  }

  /** Attaches every held event of a rep key (after the rep was created); gives them. */
  async attachHeldByKey(repKey: string): Promise<ScoringEvent[]> {
    const rows = await modifyReturning<EventRow>(
      this.dataSource,
      `UPDATE events SET rep_id = r.id, tx = pg_current_xact_id()::text::bigint FROM reps r
       WHERE events.rep_key = $1 AND events.rep_id IS NULL AND r.key = events.rep_key
       RETURNING ${eventColumns('events')}`,
      [repKey],
    );
    return rows.map(toScoringEvent);
  }

  /**
   * Attaches every held event of a placeholder key (a connector's unmapped CRM user,
   * `crm:<connectorId>:<crmUserId>`) to the rep the manager mapped that user to; gives them. The
   * rows keep their `rep_key`: the append-only trigger lets only `rep_id` (and `tx`) change.
   */
  async attachHeldKeyToRep(placeholderKey: string, repId: string): Promise<ScoringEvent[]> {
    const rows = await modifyReturning<EventRow>(
      this.dataSource,
      `UPDATE events SET rep_id = $2, tx = pg_current_xact_id()::text::bigint
       WHERE events.rep_key = $1 AND events.rep_id IS NULL
       RETURNING ${eventColumns('events')}`,
      [placeholderKey, repId],
    );
    return rows.map(toScoringEvent);
  }

  /** Whether any event is attached to the rep. */
  async hasEventsOf(repId: string, sql: SqlRunner = this.dataSource): Promise<boolean> {
    const rows = await sql.query<unknown[]>('SELECT 1 FROM events WHERE rep_id = $1 LIMIT 1', [repId]);
    return rows.length > 0;
  }

  /** The oldest transaction still running: every `tx` below it has finished. */
  async horizon(sql: SqlRunner = this.dataSource): Promise<bigint> {
    const rows = await sql.query<Array<{ xmin: string }>>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
    );
    return BigInt(rows[0].xmin);
  }

  /** Every scorable (not held) event, in ledger order. */
  async scoredEvents(
    range?: { from: Date; to: Date },
    sql: SqlRunner = this.dataSource,
  ): Promise<ScoringEvent[]> {
    const rows = range
      ? await sql.query<EventRow[]>(
          `SELECT ${eventColumns()} FROM events WHERE rep_id IS NOT NULL AND occurred_at >= $1 AND occurred_at < $2 ORDER BY id`,
          [range.from.toISOString(), range.to.toISOString()],
        )
      : await sql.query<EventRow[]>(
          `SELECT ${eventColumns()} FROM events WHERE rep_id IS NOT NULL ORDER BY id`,
        );
    return rows.map(toScoringEvent);
  }

  /**
   * The scorable events a competition takes: inside its window, and the voids whose target is
   * inside it or not received yet (one of a target outside the window cannot change it).
   */
  async competitionEvents(
    from: number,
    to: number,
    sql: SqlRunner = this.dataSource,
  ): Promise<ScoringEvent[]> {
    const rows = await sql.query<EventRow[]>(
      `SELECT ${eventColumns()} FROM events
     WHERE rep_id IS NOT NULL AND ((occurred_at >= $1 AND occurred_at < $2) OR (type = 'void' AND NOT EXISTS (
       SELECT 1 FROM events t WHERE t.source = events.voids_source AND t.external_id = events.voids_external_id
         AND (t.occurred_at < $1 OR t.occurred_at >= $2))))
     ORDER BY id`,
      [new Date(from).toISOString(), new Date(to).toISOString()],
    );
    return rows.map(toScoringEvent);
  }

  /**
   * The events of rep-days in [from, to) (one rep, or every rep when `repId` is null), voids
   * included, plus the voids naming any of them: what scoring those days from the ledger needs.
   */
  async dayWindowEvents(repId: string | null, from: number, to: number): Promise<ScoringEvent[]> {
    const rows = await this.dataSource.query<EventRow[]>(
      `SELECT ${eventColumns('e')} FROM events e
         WHERE e.rep_id IS NOT NULL AND ($1::uuid IS NULL OR e.rep_id = $1) AND e.occurred_at >= $2 AND e.occurred_at < $3
       UNION ALL
       SELECT ${eventColumns('v')} FROM events v JOIN events t
           ON t.source = v.voids_source AND t.external_id = v.voids_external_id
         WHERE v.type = 'void' AND v.rep_id IS NOT NULL
           AND t.rep_id IS NOT NULL AND ($1::uuid IS NULL OR t.rep_id = $1) AND t.occurred_at >= $2 AND t.occurred_at < $3
           AND NOT (($1::uuid IS NULL OR v.rep_id = $1) AND v.occurred_at >= $2 AND v.occurred_at < $3)`,
      [repId, new Date(from).toISOString(), new Date(to).toISOString()],
    );
    return rows.map(toScoringEvent);
  }

  /**
   * What an engine with horizon `from` replays: every scorable event from `from` on, and the earlier
   * voids whose target is not earlier (not received, or from `from` on).
   */
  async openEvents(from: number): Promise<ScoringEvent[]> {
    const rows = await this.dataSource.query<EventRow[]>(
      `SELECT ${eventColumns('e')} FROM events e
         WHERE e.rep_id IS NOT NULL AND (e.occurred_at >= $1 OR (e.type = 'void' AND NOT EXISTS (
           SELECT 1 FROM events t WHERE t.source = e.voids_source AND t.external_id = e.voids_external_id
             AND t.occurred_at < $1)))
         ORDER BY e.id`,
      [new Date(from).toISOString()],
    );
    return rows.map(toScoringEvent);
  }

  /** Rep and time of the events with these keys (the targets of voids). */
  async eventsByKey(
    keys: ReadonlyArray<{ source: string; externalId: string }>,
  ): Promise<
    Array<{ source: string; externalId: string; type: string; repId: string | null; occurredAt: number }>
  > {
    if (keys.length === 0) return [];
    const rows = await this.dataSource.query<
      Array<{ source: string; external_id: string; type: string; rep_id: string | null; occurred_at: Date }>
    >(
      `SELECT e.source, e.external_id, e.type, e.rep_id, e.occurred_at FROM events e
       JOIN unnest($1::text[], $2::text[]) AS u(s, x) ON e.source = u.s AND e.external_id = u.x`,
      [keys.map((k) => k.source), keys.map((k) => k.externalId)],
    );
    return rows.map((r) => ({
      source: r.source,
      externalId: r.external_id,
      type: r.type,
      repId: r.rep_id,
      occurredAt: new Date(r.occurred_at).getTime(),
    }));
  }

  /**
   * Reps and times of scorable events before `before` written (or attached) by transactions from
   * `cursor` on, and of the targets before `before` of voids written since: the rolled-out rep-days
   * a late event may have reached since the summaries were last known complete.
   */
  async touchedBefore(cursor: bigint, before: number): Promise<Array<{ repId: string; occurredAt: number }>> {
    const rows = await this.dataSource.query<Array<{ rep_id: string; occurred_at: Date }>>(
      `SELECT e.rep_id, e.occurred_at FROM events e
         WHERE e.tx >= $1 AND e.rep_id IS NOT NULL AND e.occurred_at < $2
       UNION
       SELECT t.rep_id, t.occurred_at FROM events v JOIN events t
           ON t.source = v.voids_source AND t.external_id = v.voids_external_id
         WHERE v.tx >= $1 AND v.type = 'void' AND t.rep_id IS NOT NULL AND t.occurred_at < $2`,
      [cursor.toString(), new Date(before).toISOString()],
    );
    return rows.map((r) => ({ repId: r.rep_id, occurredAt: new Date(r.occurred_at).getTime() }));
  }

  /** The earliest `occurred_at` of a scorable event (null for an empty ledger). */
  async firstOccurredAt(): Promise<number | null> {
    const rows = await this.dataSource.query<Array<{ first: Date | null }>>(
      'SELECT min(occurred_at) AS first FROM events WHERE rep_id IS NOT NULL',
    );
    const first = rows[0]?.first;
    return first ? new Date(first).getTime() : null;
  }

  /** Scorable rows committed by transactions in [fromTx, toTx) (following the ledger). */
  async scoredEventsOfTx(fromTx: bigint, toTx: bigint): Promise<ScoringEvent[]> {
    const rows = await this.dataSource.query<EventRow[]>(
      `SELECT ${eventColumns('e')} FROM events e
         WHERE e.tx >= $1 AND e.tx < $2 AND e.rep_id IS NOT NULL ORDER BY e.id`,
      [fromTx.toString(), toTx.toString()],
    );
    return rows.map(toScoringEvent);
  }
}
