import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConnectorSettings } from '@leaderboard/contracts';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import {
  ConnectorsRepository,
  type ConnectorRecord,
  type InboxOutcome,
  type InboxRecord,
} from '../repositories/connectors.repository.js';
import { adapterFor, mappingSettings } from './adapter-registry.js';
import { CrmClients } from './crm/crm-client-registry.js';
import { UnmappableDelivery, type ConnectorKind, type InboundDelivery } from './connector-adapter.js';
import { MappedIngest } from './mapped-ingest.js';

/** Rows claimed per statement. */
export const INBOX_BATCH = 100;
/** A failed row is tried this many times, then stays failed for a manager to see. */
export const INBOX_MAX_ATTEMPTS = 5;
/** How long a claimed row belongs to the process that claimed it. */
const LEASE_MS = 60_000;
const TICK_MS = 1_000;
const retryDelay = (attempts: number): number => 5_000 * 2 ** attempts;

/**
 * Turns inbox rows into ledger events: claims due rows (SKIP LOCKED, so several API processes
 * share the work), maps each through its connector's adapter, the user map and the stage map, and
 * ingests the events through `EventsService.ingest` (idempotent: a redelivery is a `duplicate`).
 * Runs every second and when a delivery arrives; one pass at a time per process.
 */
@Injectable()
export class InboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly connectors: ConnectorsRepository,
    private readonly ingest: MappedIngest,
    private readonly clock: Clock,
    private readonly crmClients: CrmClients,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Starts a pass unless one runs (then that one goes on for what came meanwhile). */
  kick(): void {
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.running = this.passes()
      .catch((error: unknown) => this.logger.error(`inbox pass failed: ${String(error)}`))
      .finally(() => {
        this.running = null;
      });
  }

  /** Resolves once every due row has been processed (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.running !== null) await this.running;
    await this.passes();
  }

  private async passes(): Promise<void> {
    for (;;) {
      this.again = false;
      const processed = await this.pass();
      if (processed < INBOX_BATCH && !this.again) return;
    }
  }

  /** One claimed batch; how many rows it held. */
  private async pass(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.connectors.claim(now, now + LEASE_MS, INBOX_BATCH, INBOX_MAX_ATTEMPTS);
    const byId = new Map<string, ConnectorRecord | null>();
    for (const row of rows) {
      if (!byId.has(row.connector_id))
        byId.set(row.connector_id, await this.connectors.find(row.connector_id));
      const outcome = await this.process(row, byId.get(row.connector_id) ?? null);
      await this.connectors.finish(row.id, outcome, this.clock.now());
    }
    return rows.length;
  }

  private async process(row: InboxRecord, connector: ConnectorRecord | null): Promise<InboxOutcome> {
    const adapter =
      connector && adapterFor(connector.kind as ConnectorKind, connector.settings as ConnectorSettings);
    if (connector === null || adapter === null)
      return { status: 'unmapped', reason: `no adapter for this connector's kind` };
    try {
      const delivery: InboundDelivery = {
        method: row.method,
        url: row.url,
        headers: row.headers,
        rawBody: row.body,
        receivedAt: new Date(row.received_at).getTime(),
      };
      const mapped = await adapter.map(
        delivery,
        this.crmClients.clientFor(connector),
        mappingSettings(connector.settings as ConnectorSettings),
      );
      const result = await this.ingest.delivery(connector.id, mapped);
      if (result.status === 'unmapped') return result;
      return {
        status: 'done',
        eventsCreated: result.eventsCreated,
        reason: result.ignored.length > 0 ? result.ignored.join('; ') : null,
      };
    } catch (error) {
      if (error instanceof UnmappableDelivery) return { status: 'unmapped', reason: error.reason };
      if (error instanceof DomainError && error.status < 500) {
        const details = error.details.map((d) => `${d.path}: ${d.message}`).join('; ');
        return { status: 'unmapped', reason: `${error.message}${details ? ` (${details})` : ''}` };
      }
      return {
        status: 'failed',
        reason: error instanceof Error ? error.message : String(error),
        retryAt: this.clock.now() + retryDelay(row.attempts),
      };
    }
  }
}
