import { Injectable } from '@nestjs/common';
import type { ErrorDetail, IngestResponse, IngestResult, IngestStatus } from '@leaderboard/contracts';
import type { ScoringEvent } from '@leaderboard/scoring';
import { DomainError } from '../common/domain-error.js';
import { isEventConflict, isSerializationFailure } from '../database/pg-errors.js';
import { LedgerRepository, type StoredEventRow } from '../repositories/ledger.repository.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { validateEventBatch, type ValidEvent } from './event-validator.js';
import { jsonOf } from './json-text.js';

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
 * The ingest path of SPEC section 9: validate by hand, store the batch in ONE transaction with one
 * multi-row insert (the unique key decides what is new), commit, then score what was created.
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly scoring: ScoringService,
  ) {}

  /**
   * @param onlySource an integration token bound to one source may only send events of it and
   *   reference (void) events of it; null for an admin or an unbound integration token (any source).
   */
  async ingest(body: unknown, onlySource: string | null = null): Promise<IngestResponse> {
    const validation = validateEventBatch(body);
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
    const events = await this.ledger.attachHeld(eventIds);
    await this.scoring.apply(events);
    return events.length;
  }

  /** Attaches every held event of a rep key (after the rep was created) and scores them. */
  attachHeldByKey(repKey: string): Promise<ScoringEvent[]> {
    return this.ledger.attachHeldByKey(repKey);
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

  /** Stores the batch with one statement (see LedgerRepository.store); which keys were new decides each status. */
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
    let rows: StoredEventRow[];
    try {
      rows = await this.ledger.store(payload);
    } catch (error) {
      if (isEventConflict(error)) await this.throwConflicts(unique);
      throw error;
    }
    const inserted = new Map<string, StoredEventRow>();
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
    const stored = await this.ledger.contentHashes(
      unique.map((u) => u.event.source),
      unique.map((u) => u.event.externalId),
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
