import { Injectable } from '@nestjs/common';
import type { ConnectorHealth, InboxDeliveryView, InboxStatus } from '@leaderboard/contracts';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { ConnectorHealthRepository } from '../repositories/connector-health.repository.js';
import { ConnectorsRepository } from '../repositories/connectors.repository.js';
import { alertOf, GAP_WINDOW_MS } from './connector-alert.js';
import { toDeliveryView, toHealth } from './connector-views.js';
import { ConnectorsService } from './connectors.service.js';
import { InboxWorker } from './inbox-worker.js';

const HOUR_MS = 3_600_000;
/** Deliveries `GET .../inbox` lists. */
const LISTED_DELIVERIES = 50;

/**
 * A connector's health (deliveries and events per hour, what waits for a mapping, its usual rhythm,
 * its alert), its inbox by status, and the replay of a delivery once its mapping is fixed.
 */
@Injectable()
export class ConnectorHealthService {
  constructor(
    private readonly connectors: ConnectorsService,
    private readonly records: ConnectorsRepository,
    private readonly health: ConnectorHealthRepository,
    private readonly worker: InboxWorker,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<ConnectorHealth> {
    await this.connectors.find(id);
    const now = this.clock.now();
    const firstHour = Math.floor(now / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
    const [stats, lastFailure, [facts], hours] = await Promise.all([
      this.records.stats(id, now - HOUR_MS),
      this.records.lastFailure(id),
      this.health.facts(id, now - GAP_WINDOW_MS),
      this.health.hourly(id, firstHour),
    ]);
    const byHour = new Map(hours.map((h) => [new Date(h.hour).getTime(), h]));
    const hourly = Array.from({ length: 24 }, (_, i) => {
      const at = firstHour + i * HOUR_MS;
      const found = byHour.get(at);
      return {
        hour: new Date(at).toISOString(),
        deliveries: found?.deliveries ?? 0,
        events: found?.events ?? 0,
      };
    });
    return toHealth(id, stats, lastFailure, { facts, hourly, alert: alertOf(facts, now) });
  }

  /** The latest 50 deliveries (of one status, or any), newest first, the URL secret masked. */
  async inbox(id: string, status: InboxStatus | null): Promise<InboxDeliveryView[]> {
    await this.connectors.find(id);
    return (await this.health.inbox(id, status, LISTED_DELIVERIES)).map(toDeliveryView);
  }

  /**
   * Puts an unmapped or failed delivery back in the worker's queue (attempts from 0) and kicks the
   * worker: after the mapping is fixed it goes in once (the ledger is idempotent). 409 otherwise.
   */
  async replay(id: string, deliveryId: string): Promise<InboxDeliveryView> {
    await this.connectors.find(id);
    if (!/^\d{1,19}$/.test(deliveryId))
      throw new DomainError('NOT_FOUND', 'No such delivery of this connector');
    const row = await this.health.replay(id, deliveryId, this.clock.now());
    if (row === null) {
      const status = await this.health.deliveryStatus(id, deliveryId);
      if (status === null) throw new DomainError('NOT_FOUND', 'No such delivery of this connector');
      throw new DomainError(
        'CONFLICT',
        `Only an unmapped or failed delivery can be replayed; this one is ${status}`,
      );
    }
    this.worker.kick();
    return toDeliveryView(row);
  }
}
