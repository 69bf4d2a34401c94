import { Injectable } from '@nestjs/common';
import type { ErrorDetail, IngestResponse, IngestResult, IngestStatus } from '@leaderboard/contracts';
import type { ScoringEvent } from '@leaderboard/scoring';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { isEventConflict, isSerializationFailure } from '../database/pg-errors.js';
import { preparedQuery, type PreparedStatement } from '../database/prepared-query.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { eventColumns, modifyReturning, toScoringEvent, type EventRow } from '../scoring/scoring-data.js';
import { validateEventBatch, type ValidEvent } from './event-validator.js';
import { jsonOf } from './json-text.js';

interface StoreRow {
  id: string;
  source: string;
  external_id: string;
  rep_id: string | null;
}

const keyOf = (source: string, externalId: string): string => `${source}\u0000${externalId}`;

/**
 * Every place an event of a batch names a source other than `onlySource`, the one source its token
 * is bound to: the event's own key and every reference to another event (`voids`, the only one an
 * event carries). A bound token may neither send nor void (even in advance) another source's events.
 */
export function foreignSources(
  events: readonly ValidEvent[],
  onlySource: string,
  batch: boolean,
): ErrorDetail[] {
  const foreign: ErrorDetail[] = [];
  const message = `this token may only send and reference source "${onlySource}"`;
  events.forEach((e, index) => {
    const prefix = batch ? `events[${index}].` : '';
    if (e.source !== onlySource) foreign.push({ index, path: `${prefix}source`, message });
    if (e.voidsSource !== null && e.voidsSource !== onlySource)
      foreign.push({ index, path: `${prefix}voids.source`, message });
  });
  return foreign;
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

/**
 * The ingest path of SPEC section 9: validate by hand, store the batch in ONE transaction with one
 * multi-row insert (the unique key decides what is new), commit, then score what was created.
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scoring: ScoringService,
    private readonly clock: Clock,
  ) {}

  /**
   * @param onlySource an integration token bound to one source may only send events of it and
   *   reference (void) events of it; null for an admin or an unbound integration token (any source).
   */
  async ingest(body: unknown, onlySource: string | null = null): Promise<IngestResponse> {
    const validation = validateEventBatch(body, this.clock.now());
    if (!validation.ok) {
      throw new DomainError(
        'BATCH_INVALID',
        'The batch holds invalid events; nothing was stored',
        validation.problems,
      );
    }
    const events = validation.events;
    if (onlySource !== null) {
      const foreign = foreignSources(events, onlySource, validation.batch);
      if (foreign.length > 0)
        throw new DomainError('FORBIDDEN', 'Events of another source; nothing was stored', foreign);
    }
    // Same key twice in one batch: identical content counts once, different content is refused.
    const firstIndex = new Map<string, number>();
    const duplicateOf: Array<number | null> = new Array<number | null>(events.length).fill(null);
    const problems: ErrorDetail[] = [];
    const unique: Array<{ index: number; event: ValidEvent; key: string }> = [];
    events.forEach((event, index) => {
      const key = keyOf(event.source, event.externalId);
      const first = firstIndex.get(key);
      if (first === undefined) {
        firstIndex.set(key, index);
        unique.push({ index, event, key });
      } else if (events[first].contentHash === event.contentHash) {
        duplicateOf[index] = first;
      } else {
        problems.push({
          index,
          path: validation.batch ? `events[${index}]` : '',
          message: `same source and externalId as events[${first}] with different content`,
        });
      }
    });
    if (problems.length > 0) {
      throw new DomainError(
        'BATCH_INVALID',
        'The batch holds conflicting events; nothing was stored',
        problems,
      );
    }

    // One lock order for every transaction (by key), so concurrent overlapping batches never deadlock.
    unique.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const { statuses, created } = await this.storeWithRetry(unique);
    const results: IngestResult[] = events.map((event, index) => {
      const first = duplicateOf[index];
      return {
        externalId: event.externalId,
        status: first === null ? (statuses.get(index) ?? 'duplicate') : 'duplicate',
      };
    });
    const held = created.filter((c) => c.held).map((c) => c.id);
    const toScore = created.filter((c) => !c.held).map((c) => c.event);
    await this.scoring.apply(toScore);
    if (held.length > 0) await this.attachHeld(held);
    return { results };
  }

  /** Attaches held events (by id) whose rep exists now and scores them; closes a race with rep creation. */
  async attachHeld(eventIds: string[]): Promise<number> {
    const rows = await modifyReturning<EventRow>(
      this.dataSource,
      `UPDATE events e SET rep_id = r.id, tx = pg_current_xact_id()::text::bigint FROM reps r
       WHERE e.id = ANY($1::bigint[]) AND e.rep_id IS NULL AND r.key = e.rep_key
       RETURNING ${eventColumns('e')}`,
      [eventIds],
    );
    await this.scoring.apply(rows.map(toScoringEvent));
    return rows.length;
  }

  /** Attaches every held event of a rep key (after the rep was created) and scores them. */
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

  private async storeWithRetry(unique: Array<{ index: number; event: ValidEvent; key: string }>) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store(unique);
      } catch (error) {
        if (attempt >= 3 || !isSerializationFailure(error)) throw error;
      }
    }
  }

  /** Stores the batch with STORE_EVENTS; which keys were new decides each status. */
  private async store(unique: Array<{ index: number; event: ValidEvent; key: string }>): Promise<{
    statuses: Map<number, IngestStatus>;
    created: Array<{ id: string; held: boolean; event: ScoringEvent }>;
  }> {
    // Built by hand: occurredAt (checked by a strict pattern), type (whitelisted) and the hash
    // (base64url) need no escaping; other strings go through jsonOf, attributes through JSON.stringify.
    let payload = '[';
    for (let i = 0; i < unique.length; i++) {
      const e = unique[i].event;
      payload +=
        `${i === 0 ? '' : ','}[${jsonOf(e.source)},${jsonOf(e.externalId)},"${e.type}",` +
        `${jsonOf(e.rep)},"${e.occurredAt}",${JSON.stringify(e.attributes)},` +
        `${jsonOf(e.voidsSource)},${jsonOf(e.voidsExternalId)},"${e.contentHash}"]`;
    }
    payload += ']';
    let rows: StoreRow[];
    try {
      rows = await preparedQuery<StoreRow>(this.dataSource, STORE_EVENTS, [payload]);
    } catch (error) {
      if (isEventConflict(error)) await this.throwConflicts(unique);
      throw error;
    }
    const inserted = new Map<string, StoreRow>();
    for (const row of rows) inserted.set(keyOf(row.source, row.external_id), row);
    const statuses = new Map<number, IngestStatus>();
    const created: Array<{ id: string; held: boolean; event: ScoringEvent }> = [];
    for (const { index, event, key } of unique) {
      const row = inserted.get(key);
      if (!row) {
        // Not inserted and no conflict raised: the key exists with the same content.
        statuses.set(index, 'duplicate');
        continue;
      }
      const held = row.rep_id === null;
      statuses.set(index, held ? 'held' : 'created');
      const scoring: ScoringEvent = {
        id: row.id,
        source: event.source,
        externalId: event.externalId,
        type: event.type,
        repId: row.rep_id ?? '',
        occurredAt: event.occurredAtMs,
        attributes: event.attributes,
      };
      if (event.voidsSource !== null && event.voidsExternalId !== null) {
        scoring.voids = { source: event.voidsSource, externalId: event.voidsExternalId };
      }
      created.push({ id: scoring.id, held, event: scoring });
    }
    return { statuses, created };
  }

  /** The batch was refused (nothing stored): name every index whose key exists with other content. */
  private async throwConflicts(unique: Array<{ index: number; event: ValidEvent }>): Promise<never> {
    const stored = await this.dataSource.query<
      Array<{ source: string; external_id: string; content_hash: string }>
    >(
      `SELECT e.source, e.external_id, e.content_hash FROM events e
       JOIN unnest($1::text[], $2::text[]) AS u(s, x) ON e.source = u.s AND e.external_id = u.x`,
      [unique.map((u) => u.event.source), unique.map((u) => u.event.externalId)],
    );
    const hashByKey = new Map(stored.map((r) => [keyOf(r.source, r.external_id), r.content_hash]));
    const conflicts: ErrorDetail[] = unique
      .filter(({ event }) => {
        const hash = hashByKey.get(keyOf(event.source, event.externalId));
        return hash !== undefined && hash !== event.contentHash;
      })
      .map(({ index, event }) => ({
        index,
        path: `events[${index}]`,
        message: `an event with source "${event.source}" and externalId "${event.externalId}" exists with different content`,
      }))
      .sort((a, b) => a.index - b.index);
    throw new DomainError(
      'EVENT_CONFLICT',
      'Same source and externalId as a stored event with different content; nothing was stored',
      conflicts,
    );
  }
}
