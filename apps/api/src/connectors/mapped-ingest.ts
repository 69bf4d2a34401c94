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

/** What the ledger takes in one batch. */
const INGEST_BATCH = 1000;

/** How a delivery's events went in. */
export type DeliveryIngest =
  { status: 'unmapped'; reason: string } | { status: 'done'; eventsCreated: number; ignored: string[] };

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
    const mapped = delivery.events;
    const events = await this.toInputs(connectorId, mapped);
    const inputs = events.inputs;
    const ignored = [...delivery.ignored, ...events.ignored];
    if (inputs.length === 0)
      return { status: 'unmapped', reason: ignored.join('; ') || 'the delivery describes no event' };
    // What the request guard refuses on POST /api/events (NUL, lone surrogates) cannot be stored
    // either: say where, instead of failing in the database and retrying.
    const bad = badStrings({ events: inputs });
    if (bad.length > 0)
      return { status: 'unmapped', reason: bad.map((d) => `${d.path}: ${d.message}`).join('; ') };
    const { fresh, results } = await this.ingestFresh(connectorId, inputs);
    const known = inputs.length - fresh.length;
    if (known > 0) ignored.push(`${known} event(s) already recorded`);
    await this.scoreHeldIfMappedMeanwhile(connectorId, mapped, fresh, results);
    return {
      status: 'done',
      eventsCreated: results.filter((r) => r.status !== 'duplicate').length,
      ignored,
    };
  }

  /**
   * A history page's events: an event the ledger refuses (a bad string, an invalid value, its key
   * stored with other content meanwhile) is left out and listed in `ignored`; the rest go in.
   */
  async history(connectorId: string, mapped: readonly MappedEvent[]): Promise<HistoryIngest> {
    const { inputs, ignored } = await this.toInputs(connectorId, mapped);
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

  /** The events whose key the ledger does not hold yet (a key stored with other content counts as held). */
  private async withoutKnown(connectorId: string, inputs: EventInput[]): Promise<EventInput[]> {
    if (inputs.length === 0) return inputs;
    const known = new Set<string>();
    for (let from = 0; from < inputs.length; from += INGEST_BATCH) {
      const ids = inputs.slice(from, from + INGEST_BATCH).map((e) => e.externalId);
      const rows = await this.ledger.contentHashes(
        ids.map(() => connectorSource(connectorId)),
        ids,
      );
      for (const row of rows) known.add(row.external_id);
    }
    return inputs.filter((e) => !known.has(e.externalId));
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

  private async toInputs(
    connectorId: string,
    mapped: readonly MappedEvent[],
  ): Promise<{ inputs: EventInput[]; ignored: string[] }> {
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
    return eventsOf(
      connectorId,
      mapped,
      (crmUserId) => repKeys.get(crmUserId) ?? placeholderRep(connectorId, crmUserId),
      stages,
    );
  }
}
