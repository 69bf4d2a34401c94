import { Injectable } from '@nestjs/common';
import type { EventInput } from '@leaderboard/contracts';
import { DomainError } from '../common/domain-error.js';
import { badStrings } from '../common/request-guard.js';
import { EventsService } from '../events/events.service.js';
import { ConnectorMapsRepository } from '../repositories/connector-maps.repository.js';
import { ConnectorsRepository } from '../repositories/connectors.repository.js';
import { LedgerRepository } from '../repositories/ledger.repository.js';
import { ScoringService } from '../scoring/scoring.service.js';
import type { MappedDelivery, MappedEvent } from './connector-adapter.js';
import { connectorSource, eventsOf, placeholderRep } from './event-mapping.js';
import {
  chunksOf,
  doneOf,
  freshOf,
  readyOf,
  type BatchedIngest,
  type DeliveryIngest,
  type Ready,
  type Resolver,
} from './ingest-batch.js';

/** What the ledger takes in one batch. */
const INGEST_BATCH = 1000;

/** How a history page's events went in. */
export interface HistoryIngest {
  created: number;
  /** Already in the ledger (a webhook or an earlier run brought them). */
  known: number;
  ignored: string[];
}

/**
 * The one path from a connector's mapped events to ledger events, for webhooks (the inbox worker)
 * and history (backfill, catch-up): CRM users noted and matched to reps by e-mail, the user map
 * (placeholders for unmapped users), the stage map, the strings the ledger refuses, then
 * `EventsService.ingest`, which is idempotent on (source, externalId); events held under a
 * placeholder whose user was mapped meanwhile are attached and scored.
 */
@Injectable()
export class MappedIngest {
  constructor(
    private readonly connectors: ConnectorsRepository,
    private readonly maps: ConnectorMapsRepository,
    private readonly events: EventsService,
    private readonly ledger: LedgerRepository,
    private readonly scoring: ScoringService,
  ) {}

  /**
   * A delivery's events (its `ignored` parts kept in the reason), refused whole as `unmapped` (with why) when none can go in or one holds a
   * string the ledger refuses; a ledger refusal (DomainError under 500) is thrown to the caller.
   */
  async delivery(connectorId: string, delivery: MappedDelivery): Promise<DeliveryIngest> {
    const ready = readyOf(0, delivery, await this.resolver(connectorId, delivery.events));
    if ('status' in ready) return ready;
    const { inputs, ignored } = ready;
    const { fresh, results } = await this.ingestFresh(connectorId, inputs);
    const known = inputs.length - fresh.length;
    if (known > 0) ignored.push(`${known} event(s) already recorded`);
    await this.scoreHeldIfMappedMeanwhile(connectorId, delivery.events, fresh, results);
    return {
      status: 'done',
      eventsCreated: results.filter((r) => r.status !== 'duplicate').length,
      ignored,
    };
  }

  /**
   * The deliveries of one connector, each ending as `delivery` would end it alone, in a few
   * statements: one user-map step and one ledger ingest (of up to 1,000 events, whole deliveries)
   * for all. A key the ledger or an earlier delivery of the batch holds is skipped (a vendor's
   * duplicate counts once). When the ledger refuses an ingest, its deliveries go in one by one.
   */
  async deliveries(connectorId: string, batch: readonly MappedDelivery[]): Promise<BatchedIngest[]> {
    let resolve: Resolver;
    try {
      resolve = await this.resolver(
        connectorId,
        batch.flatMap((d) => d.events),
      );
    } catch {
      return this.oneByOne(connectorId, batch);
    }
    const outcomes: BatchedIngest[] = [];
    const ready: Ready[] = [];
    batch.forEach((delivery, index) => {
      const r = readyOf(index, delivery, resolve);
      if ('status' in r) outcomes[index] = r;
      else ready.push(r);
    });
    const held = await this.knownKeys(
      connectorId,
      ready.flatMap((r) => r.inputs),
    );
    for (const chunk of chunksOf(ready, INGEST_BATCH)) {
      const ended = await this.ingestChunk(connectorId, batch, chunk, held);
      chunk.forEach((r, i) => {
        outcomes[r.index] = ended[i];
        if (ended[i].status === 'done') for (const e of r.inputs) held.add(e.externalId);
      });
    }
    return outcomes;
  }

  /**
   * A history page's events: an event the ledger refuses (a bad string, an invalid value, its key
   * stored with other content meanwhile) is left out and listed in `ignored`; the rest go in.
   */
  async history(connectorId: string, mapped: readonly MappedEvent[]): Promise<HistoryIngest> {
    const { inputs, ignored } = (await this.resolver(connectorId, mapped))(mapped);
    const clean: EventInput[] = [];
    for (const input of inputs) {
      const bad = badStrings(input);
      if (bad.length === 0) clean.push(input);
      else ignored.push(`${input.externalId}: ${bad.map((d) => `${d.path}: ${d.message}`).join('; ')}`);
    }
    const fresh = await this.withoutKnown(connectorId, clean);
    let created = 0;
    for (let from = 0; from < fresh.length; from += INGEST_BATCH) {
      const batch = fresh.slice(from, from + INGEST_BATCH);
      const results = await this.ingestLeniently(batch, ignored);
      created += results.filter((r) => r.status !== 'duplicate').length;
      await this.scoreHeldIfMappedMeanwhile(connectorId, mapped, batch, results);
    }
    return { created, known: clean.length - fresh.length, ignored };
  }

  /** Attaches the events held under a CRM user's placeholder key to its rep and scores them; how many. */
  async scoreHeld(connectorId: string, crmUserId: string, repId: string): Promise<number> {
    const events = await this.ledger.attachHeldKeyToRep(placeholderRep(connectorId, crmUserId), repId);
    await this.scoring.apply(events);
    return events.length;
  }

  /**
   * Ingests a batch; items the ledger refuses by index are left out (listed in `ignored`) and the
   * rest sent again. Results line up with `batch` (a left-out item counts as a duplicate).
   */
  private async ingestLeniently(batch: EventInput[], ignored: string[]): Promise<Array<{ status: string }>> {
    const refused = new Set<number>();
    for (;;) {
      const kept = batch.filter((_, i) => !refused.has(i));
      if (kept.length === 0) return batch.map(() => ({ status: 'duplicate' }));
      try {
        const { results } = await this.events.ingest({ events: kept });
        let k = 0;
        return batch.map((_, i) => (refused.has(i) ? { status: 'duplicate' } : results[k++]));
      } catch (error) {
        if (!(error instanceof DomainError) || error.status >= 500) throw error;
        const indexes = batch.flatMap((_, i) => (refused.has(i) ? [] : [i]));
        const before = refused.size;
        for (const detail of error.details) {
          const at = detail.index === undefined ? undefined : indexes[detail.index];
          if (at === undefined || refused.has(at)) continue;
          refused.add(at);
          ignored.push(`${batch[at].externalId}: ${detail.message}`);
        }
        if (refused.size === before) throw error;
      }
    }
  }

  /**
   * Ingests the events whose key the ledger does not hold. A backfill or catch-up page may store
   * one of them between the look and the insert, read from the CRM's history with content a second
   * apart (amoCRM's event time, Bitrix24's stage-history row): the ledger then refuses the whole
   * batch (`EVENT_CONFLICT`), and the key is known by now, so look again once and ingest the rest.
   */
  private async ingestFresh(
    connectorId: string,
    inputs: EventInput[],
  ): Promise<{ fresh: EventInput[]; results: Array<{ status: string }> }> {
    for (let attempt = 1; ; attempt += 1) {
      const fresh = await this.withoutKnown(connectorId, inputs);
      if (fresh.length === 0) return { fresh, results: [] };
      try {
        return { fresh, results: (await this.events.ingest({ events: fresh })).results };
      } catch (error) {
        if (attempt >= 2 || !(error instanceof DomainError) || error.code !== 'EVENT_CONFLICT') throw error;
      }
    }
  }

  /** One chunk of a batch in one ingest; a refused ingest sends its deliveries one by one. */
  private async ingestChunk(
    connectorId: string,
    batch: readonly MappedDelivery[],
    chunk: readonly Ready[],
    held: ReadonlySet<string>,
  ): Promise<BatchedIngest[]> {
    const fresh = freshOf(chunk, held);
    const all = fresh.flat();
    let results: Array<{ status: string }> = [];
    try {
      if (all.length > 0) ({ results } = await this.events.ingest({ events: all }));
    } catch {
      return this.oneByOne(
        connectorId,
        chunk.map((r) => batch[r.index]),
      );
    }
    try {
      const mapped = chunk.flatMap((r) => batch[r.index].events);
      await this.scoreHeldIfMappedMeanwhile(connectorId, mapped, all, results);
    } catch (error) {
      // The events are in: alone, the delivery would fail and find them recorded when tried again.
      return chunk.map(() => ({ status: 'thrown', error }));
    }
    return doneOf(chunk, fresh, results);
  }

  /** Each delivery alone, in order. */
  private async oneByOne(connectorId: string, batch: readonly MappedDelivery[]): Promise<BatchedIngest[]> {
    const outcomes: BatchedIngest[] = [];
    for (const delivery of batch) {
      outcomes.push(
        await this.delivery(connectorId, delivery).catch(
          (error: unknown) => ({ status: 'thrown', error }) as const,
        ),
      );
    }
    return outcomes;
  }

  /** The events whose key the ledger does not hold yet (a key stored with other content counts as held). */
  private async withoutKnown(connectorId: string, inputs: EventInput[]): Promise<EventInput[]> {
    const known = await this.knownKeys(connectorId, inputs);
    return inputs.filter((e) => !known.has(e.externalId));
  }

  /** The keys of `inputs` the ledger holds (with any content). */
  private async knownKeys(connectorId: string, inputs: readonly EventInput[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (let from = 0; from < inputs.length; from += INGEST_BATCH) {
      const ids = inputs.slice(from, from + INGEST_BATCH).map((e) => e.externalId);
      const rows = await this.ledger.contentHashes(
        ids.map(() => connectorSource(connectorId)),
        ids,
      );
      for (const row of rows) known.add(row.external_id);
    }
    return known;
  }

  /**
   * A manager may map a CRM user between the read of the user map and the ingest: the events then
   * went in under the placeholder, after the mapping attached what was held. Attach them.
   */
  private async scoreHeldIfMappedMeanwhile(
    connectorId: string,
    mapped: readonly MappedEvent[],
    inputs: readonly EventInput[],
    results: ReadonlyArray<{ status: string }>,
  ): Promise<void> {
    const placeholders = new Set(inputs.filter((_, i) => results[i]?.status === 'held').map((e) => e.rep));
    const crmUserIds = [
      ...new Set(
        mapped.flatMap((e) =>
          e.crmUserId !== null && placeholders.has(placeholderRep(connectorId, e.crmUserId))
            ? [e.crmUserId]
            : [],
        ),
      ),
    ];
    if (crmUserIds.length === 0) return;
    for (const user of await this.connectors.userMap(connectorId, crmUserIds)) {
      if (user.rep_id !== null) await this.scoreHeld(connectorId, user.crm_user_id, user.rep_id);
    }
  }

  /**
   * The CRM users of `mapped` noted and matched by e-mail (what was held under a user matched now is
   * scored), the user map and the stage map read once: what turns mapped events into ledger events.
   */
  private async resolver(connectorId: string, mapped: readonly MappedEvent[]): Promise<Resolver> {
    const userIds = [...new Set(mapped.flatMap((e) => (e.crmUserId === null ? [] : [e.crmUserId])))];
    if (userIds.length > 0) {
      await this.maps.noteSeen(connectorId, userIds);
      // Matched now: what an earlier delivery left held under the placeholder is theirs too.
      for (const match of await this.maps.matchByEmail(connectorId, userIds))
        await this.scoreHeld(connectorId, match.crmUserId, match.repId);
    }
    const users = userIds.length > 0 ? await this.connectors.userMap(connectorId, userIds) : [];
    const repKeys = new Map(users.flatMap((u) => (u.rep_key === null ? [] : [[u.crm_user_id, u.rep_key]])));
    const stages = mapped.some((e) => e.stage !== undefined) ? await this.connectors.stages(connectorId) : [];
    const repOf = (crmUserId: string) => repKeys.get(crmUserId) ?? placeholderRep(connectorId, crmUserId);
    return (events) => eventsOf(connectorId, events, repOf, stages);
  }
}
