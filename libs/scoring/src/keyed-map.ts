/** A map keyed by (source, externalId) without building a joined key string per lookup. */
export class KeyedMap<V> {
  private readonly bySource = new Map<string, Map<string, V>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(source: string, externalId: string): V | undefined {
    return this.bySource.get(source)?.get(externalId);
  }

  has(source: string, externalId: string): boolean {
    return this.bySource.get(source)?.has(externalId) ?? false;
  }

  /** Sets the value unless the key is present; returns false when it was. */
  add(source: string, externalId: string, value: V): boolean {
    let inner = this.bySource.get(source);
    if (!inner) {
      inner = new Map();
      this.bySource.set(source, inner);
    }
    if (inner.has(externalId)) return false;
    inner.set(externalId, value);
    this.count++;
    return true;
  }

  /** Removes the key; returns whether it was present. */
  delete(source: string, externalId: string): boolean {
    const inner = this.bySource.get(source);
    if (!inner || !inner.delete(externalId)) return false;
    this.count--;
    if (inner.size === 0) this.bySource.delete(source);
    return true;
  }

  *values(): IterableIterator<V> {
    for (const inner of this.bySource.values()) yield* inner.values();
  }
}
