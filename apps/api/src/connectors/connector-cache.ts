import { Injectable } from '@nestjs/common';
import type { ConnectorRecord } from '../repositories/connectors.repository.js';
import type { ConnectorCredentials } from './connector-adapter.js';

/** What a hook needs of an enabled connector: its row and its opened credentials. */
export interface KnownConnector {
  connector: ConnectorRecord;
  credentials: ConnectorCredentials;
}

/** How long a hook trusts what it read of a connector; another API process's change shows after it. */
export const CONNECTOR_CACHE_TTL_MS = 2_000;
/** Connectors remembered at most (the oldest is forgotten first). */
export const CONNECTOR_CACHE_SIZE = 1_000;

/**
 * The connectors the public hooks read, for a moment: at 200 deliveries/s one SELECT and one
 * AES-GCM open per connector every CONNECTOR_CACHE_TTL_MS instead of one per delivery. Changes made
 * through this process (ConnectorsService: update, remove) forget the entry at once; a change made
 * by another API process is seen within the TTL. Only enabled connectors with readable credentials
 * are kept: an unknown id or a wrong secret costs what it did.
 */
@Injectable()
export class ConnectorCache {
  private readonly entries = new Map<string, KnownConnector & { until: number }>();
  /** Monotonic milliseconds (replaceable in specs). */
  now: () => number = () => performance.now();

  get(id: string): KnownConnector | null {
    const entry = this.entries.get(id);
    if (entry === undefined) return null;
    if (entry.until > this.now()) return entry;
    this.entries.delete(id);
    return null;
  }

  set(id: string, known: KnownConnector): void {
    this.entries.delete(id);
    if (this.entries.size >= CONNECTOR_CACHE_SIZE) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(id, { ...known, until: this.now() + CONNECTOR_CACHE_TTL_MS });
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
