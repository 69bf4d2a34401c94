/**
 * What `GET /api/kpis` computed from the rollups, kept under the rollups' version
 * (`kpi_rollup_state.version`, new in every transaction that changes a rollup row): a request
 * whose catch-up returns the version an entry was read at gets that entry, which is what reading
 * again would give (the rows read then were at that version or newer). Entries of another version
 * are dropped when the first one of a new version is stored. ARCHITECTURE.md "KPIs".
 */
export class KpiAnswerCache<T> {
  private version: string | null = null;
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  get(version: string, key: string): T | undefined {
    if (version !== this.version) return undefined;
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Least recently used first: a hit moves to the end.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(version: string, key: string, value: T): void {
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
  }

  /** Forgets `key` if it still holds `value` (a read that failed). */
  drop(version: string, key: string, value: T): void {
    if (version === this.version && this.entries.get(key) === value) this.entries.delete(key);
  }
}
