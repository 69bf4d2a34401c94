/**
 * One daily cap bucket (rep, category, local day). Items stay sorted by (occurredAt, source,
 * externalId); each gets min(value, cap - used before it). Inserting or removing re-allocates from
 * that position only, and stops as soon as an item sees the same usage as before (everything after
 * it is then unchanged). Appending in order is O(1) amortized.
 */

export interface CapItem {
  occurredAt: number;
  source: string;
  externalId: string;
  /** Value after factors (milli). */
  value: number;
  /** Cap of this item's rule set version (milli). */
  capMilli: number;
  /** Milli awarded after the cap. */
  awarded: number;
  /** Cap usage before this item; NaN until allocated. */
  usedBefore: number;
}

/** The scoring order of events: `occurredAt`, then source, then externalId. */
export function compareItems(
  a: Pick<CapItem, 'occurredAt' | 'source' | 'externalId'>,
  b: Pick<CapItem, 'occurredAt' | 'source' | 'externalId'>,
): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt - b.occurredAt;
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  if (a.externalId !== b.externalId) return a.externalId < b.externalId ? -1 : 1;
  return 0;
}

export class CapBucket<T extends CapItem> {
  readonly items: T[] = [];

  constructor(
    readonly category: string,
    readonly day: number,
  ) {}

  /** Total awarded in the bucket. */
  used(): number {
    const last = this.items[this.items.length - 1];
    return last ? last.usedBefore + last.awarded : 0;
  }

  /** Cap of the latest item (versions may differ inside a day; normally all equal). */
  cap(): number {
    const last = this.items[this.items.length - 1];
    return last ? last.capMilli : 0;
  }

  private lowerBound(item: T): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareItems(this.items[mid] as T, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Inserts `item`; `onAward(item, previous)` is called for every item whose award changed. */
  insert(item: T, onAward: (item: T, previous: number) => void): void {
    const n = this.items.length;
    let i = n;
    if (n > 0 && compareItems(this.items[n - 1] as T, item) > 0) i = this.lowerBound(item);
    item.usedBefore = Number.NaN;
    if (i === n) this.items.push(item);
    else this.items.splice(i, 0, item);
    this.reallocate(i, onAward);
  }

  /** Removes `item` (its award is left to the caller) and re-allocates the rest. */
  remove(item: T, onAward: (item: T, previous: number) => void): void {
    const i = this.lowerBound(item);
    if (this.items[i] !== item) return;
    this.items.splice(i, 1);
    this.reallocate(i, onAward);
  }

  private reallocate(from: number, onAward: (item: T, previous: number) => void): void {
    const items = this.items;
    const prev = from > 0 ? (items[from - 1] as T) : undefined;
    let used = prev ? prev.usedBefore + prev.awarded : 0;
    for (let j = from; j < items.length; j++) {
      const it = items[j] as T;
      if (it.usedBefore === used) break;
      it.usedBefore = used;
      const award = it.value <= 0 ? it.value : Math.min(it.value, Math.max(0, it.capMilli - used));
      if (award !== it.awarded) {
        const previous = it.awarded;
        it.awarded = award;
        onAward(it, previous);
      }
      used += award;
    }
  }
}
