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
import {
  UnmappableDelivery,
  type ConnectorKind,
  type InboundDelivery,
  type MappedDelivery,
} from './connector-adapter.js';
import type { BatchedIngest } from './ingest-batch.js';
import { MappedIngest } from './mapped-ingest.js';

/** Rows claimed per statement. */
export const INBOX_BATCH = 100;
/** A failed row is tried this many times, then stays failed for a manager to see. */
export const INBOX_MAX_ATTEMPTS = 5;
/** How long a claimed row belongs to the process that claimed it. */
const LEASE_MS = 60_000;
const TICK_MS = 1_000;
/**
 * A kicked pass waits this long so that the deliveries arriving meanwhile share its batch (the board
 * pushes at most 10 times a second anyway): under load, fewer and fuller batches.
 */
export const INBOX_GATHER_MS = 100;
const retryDelay = (attempts: number): number => 5_000 * 2 ** attempts;
const NO_ADAPTER: InboxOutcome = { status: 'unmapped', reason: `no adapter for this connector's kind` };

/** A connector's rows of a claimed batch, with what its adapter mapped of each. */
interface ConnectorRows {
  connector: ConnectorRecord;
  rows: InboxRecord[];
  mapped: MappedDelivery[];
}

/**
 * Turns inbox rows into ledger events: claims due rows (SKIP LOCKED, so several API processes
 * share the work), maps each through its connector's adapter, then per connector the user map and
 * the stage map once and one `EventsService.ingest` of all its rows' events (idempotent: a
 * redelivery is a `duplicate`; a refused batch goes in row by row), and ends the rows in one
 * statement. Runs every second and when a delivery arrives; one pass at a time per process.
 */
@Injectable()
export class InboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private gathering: NodeJS.Timeout | null = null;
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
    if (this.gathering !== null) clearTimeout(this.gathering);
    this.timer = null;
    this.gathering = null;
    await this.running;
  }

  /**
   * Starts a pass in `INBOX_GATHER_MS` unless one runs (what came meanwhile then gets a pass after
   * it) or is about to.
   */
  kick(): void {
    if (this.running !== null) {
      this.again = true;
      return;
    }
    if (this.gathering !== null) return;
    this.gathering = setTimeout(() => {
      this.gathering = null;
      this.running = this.passes()
        .catch((error: unknown) => this.logger.error(`inbox pass failed: ${String(error)}`))
        .finally(() => {
          this.running = null;
          if (this.again) this.kick();
        });
    }, INBOX_GATHER_MS);
    this.gathering.unref();
  }

  /** Resolves once every due row has been processed (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.running !== null) await this.running;
    await this.passes();
  }

  /** Batches until one is not full; a backlog's next batch waits for what is queued (hook answers). */
  private async passes(): Promise<void> {
    for (;;) {
      this.again = false;
      if ((await this.pass()) < INBOX_BATCH) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * One claimed batch; how many rows it held. Every row is mapped by its adapter, then each
   * connector's rows go into the ledger together (`MappedIngest.deliveries`), and all rows end in
   * one statement.
   */
  private async pass(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.connectors.claim(now, now + LEASE_MS, INBOX_BATCH, INBOX_MAX_ATTEMPTS);
    // In arrival order (UPDATE ... RETURNING keeps none): of a delivery sent twice, the first counts.
    rows.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const outcomes = new Map<string, InboxOutcome>();
    const byConnector = new Map<string, ConnectorRows>();
    const found = new Map<string, ConnectorRecord | null>();
    for (const row of rows) {
      if (!found.has(row.connector_id))
        found.set(row.connector_id, await this.connectors.find(row.connector_id));
      const connector = found.get(row.connector_id) ?? null;
      const mapped = connector === null ? NO_ADAPTER : await this.map(row, connector);
      if (connector === null || 'status' in mapped) {
        outcomes.set(row.id, 'status' in mapped ? mapped : NO_ADAPTER);
        continue;
      }
      const group = byConnector.get(row.connector_id) ?? { connector, rows: [], mapped: [] };
      group.rows.push(row);
      group.mapped.push(mapped);
      byConnector.set(row.connector_id, group);
    }
    for (const { connector, rows: mine, mapped } of byConnector.values()) {
      const results = await this.ingest.deliveries(connector.id, mapped);
      mine.forEach((row, i) => outcomes.set(row.id, this.outcomeOf(row, results[i])));
    }
    const ended = [...outcomes].map(([id, outcome]) => ({ id, outcome }));
    await this.connectors.finishAll(ended, this.clock.now());
    return rows.length;
  }

  /** The row's events as its connector's adapter reads them, or how the row ends when it cannot. */
  private async map(row: InboxRecord, connector: ConnectorRecord): Promise<MappedDelivery | InboxOutcome> {
    const adapter = adapterFor(connector.kind as ConnectorKind, connector.settings as ConnectorSettings);
    if (adapter === null) return NO_ADAPTER;
    const delivery: InboundDelivery = {
      method: row.method,
      url: row.url,
      headers: row.headers,
      rawBody: row.body,
      receivedAt: new Date(row.received_at).getTime(),
    };
    try {
      return await adapter.map(
        delivery,
        this.crmClients.clientFor(connector),
        mappingSettings(connector.settings as ConnectorSettings),
      );
    } catch (error) {
      return this.failure(row, error);
    }
  }

  private outcomeOf(row: InboxRecord, result: BatchedIngest): InboxOutcome {
    if (result.status === 'thrown') return this.failure(row, result.error);
    if (result.status === 'unmapped') return result;
    return {
      status: 'done',
      eventsCreated: result.eventsCreated,
      reason: result.ignored.length > 0 ? result.ignored.join('; ') : null,
    };
  }

  /** A payload that cannot say, or the ledger refusing it: unmapped; anything else: tried again later. */
  private failure(row: InboxRecord, error: unknown): InboxOutcome {
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
