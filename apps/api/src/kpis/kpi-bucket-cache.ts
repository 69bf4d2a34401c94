/**
 * Aggregates of past period buckets kept in the API process, so that `GET /api/kpis` scans only
 * the current bucket (ARCHITECTURE.md "KPIs"). Each entry remembers the ledger cursor it is exact
 * up to and which rows could change it (`touches`); the service checks every entry it reuses
 * against the rows written since its cursor, in one query (`touchedSince` in kpi-ledger-queries.ts).
 *
 * A least-recently-used map of at most `capacity` entries: a lookup moves the entry to the young
 * end, a store beyond the capacity drops the oldest.
 */

/**
 * Rows that can change a cached aggregate: an event, or the event a void names, with `occurredAt`
 * in `[from, to)` (`from` null: any instant before `to`) and a type in `types` (null: any type).
 */
export interface KpiTouch {
  from: Date | null;
  to: Date;
  types: readonly string[] | null;
}

export interface KpiCacheEntry<V> {
  value: V;
  /**
   * The xmin of a snapshot taken before `value` was read: every row with `tx` below it was
   * visible to the aggregate, rows at or above it are checked before the entry is reused.
   */
  cursor: bigint;
  touches: readonly KpiTouch[];
}

export class KpiBucketCache<V> {
  private readonly entries = new Map<string, KpiCacheEntry<V>>();
  private ledger: string | null = null;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`A KPI cache holds at least one entry (capacity ${capacity})`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Forgets every entry when the ledger is not the one they were read from. The id is the
   * `events` table's file (`pg_relation_filenode`): TRUNCATE (the test reset, a restore) gives the
   * table a new one, and rows that vanish that way leave no `tx` behind to be found.
   */
  useLedger(id: string): void {
    if (this.ledger === id) return;
    this.entries.clear();
    this.ledger = id;
  }

  /** The entry under `key`, now the most recently used one. */
  get(key: string): KpiCacheEntry<V> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Stores `entry` as the most recently used one; drops the least recently used beyond capacity. */
  set(key: string, entry: KpiCacheEntry<V>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Keys from the least to the most recently used. */
  keys(): string[] {
    return [...this.entries.keys()];
  }
}
