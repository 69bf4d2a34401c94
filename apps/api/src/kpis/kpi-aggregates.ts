/**
 * The ledger aggregates of one KPI window: counters per bucket and rep, the customer stock before
 * the window, the open pipeline at each bucket's end. Aggregates of what ended before now come from
 * `KpiBucketCache` when no row written since they were read touches them (one query checks them
 * all); the rest (the current bucket, and whatever was stale or never read) is read from the
 * ledger, contiguous buckets in one pass. ARCHITECTURE.md "KPIs" says why this is exact.
 */
import type { KpiCounters, KpiPipeline, KpiStock, KpiWindowAggregates } from '@leaderboard/scoring';
import type { EntityManager } from 'typeorm';
import { KpiBucketCache, type KpiCacheEntry, type KpiTouch } from './kpi-bucket-cache.js';
import { pipelinesAt, stockBefore } from './kpi-balance-queries.js';
import { windowCounters, windowOutcomeGroups } from './kpi-window-queries.js';
import { ledgerCursor, touchedSince, type TouchProbe } from './kpi-ledger-queries.js';
import type { BucketCounters } from './kpi-sql.js';

/** Buckets, stocks and pipelines kept: a year of months for every scope is a few dozen. */
export const KPI_CACHE_ENTRIES = 500;

const STOCK_TYPES = ['deal_won', 'customer_churned'] as const;
const PIPELINE_TYPES = ['opportunity_created', 'deal_won', 'deal_lost'] as const;

export type KpiCachedValue =
  | { kind: 'counters'; reps: ReadonlyMap<string, KpiCounters> }
  | { kind: 'stock'; reps: ReadonlyMap<string, KpiStock> }
  | { kind: 'pipeline'; reps: ReadonlyMap<string, KpiPipeline> };

interface Slot {
  key: string;
  /** Ended before now: kept once read. */
  keep: boolean;
  touches: KpiTouch[];
  hit: KpiCacheEntry<KpiCachedValue> | undefined;
}

/** What an aggregate was read from is fixed by its key; the values are never changed once stored. */
export class KpiAggregates {
  readonly cache: KpiBucketCache<KpiCachedValue>;

  constructor(capacity = KPI_CACHE_ENTRIES) {
    this.cache = new KpiBucketCache(capacity);
  }

  /** `bounds` b0 < ... < bN (bucket i is [b_i, b_i+1)); `now` decides which buckets have ended. */
  async load(db: EntityManager, bounds: Date[], currency: string, now: number): Promise<KpiWindowAggregates> {
    const { xmin, ledger } = await ledgerCursor(db);
    this.cache.useLedger(ledger);
    const buckets = bounds.slice(0, -1).map((from, b) => ({ from, to: bounds[b + 1] as Date }));
    const first = bounds[0] as Date;
    const slot = (key: string, end: Date, touches: KpiTouch[]): Slot => {
      const keep = end.getTime() <= now;
      return {
        key: `${key}:${currency}`,
        keep,
        touches,
        hit: keep ? this.cache.get(`${key}:${currency}`) : undefined,
      };
    };
    const counterSlots = buckets.map(({ from, to }) =>
      slot(`counters:${from.toISOString()}:${to.toISOString()}`, to, [
        { from, to, types: null },
        // The sales cycle of a won deal starts at its first opportunity before the bucket's end.
        { from: null, to, types: ['opportunity_created'] },
      ]),
    );
    const stockSlot = slot(`stock:${first.toISOString()}`, first, [
      { from: null, to: first, types: STOCK_TYPES },
    ]);
    const pipelineSlots = buckets.map(({ to }) =>
      slot(`pipeline:${to.toISOString()}`, to, [{ from: null, to, types: PIPELINE_TYPES }]),
    );
    const slots = [...counterSlots, stockSlot, ...pipelineSlots];

    // One query checks every entry reused; a stale one is read again below.
    const probes: TouchProbe[] = [];
    slots.forEach((s, entry) => {
      if (s.hit) for (const t of s.hit.touches) probes.push({ entry, cursor: s.hit.cursor, ...t });
    });
    const stale = await touchedSince(db, probes);
    slots.forEach((s, entry) => {
      if (!s.hit) return;
      if (stale.has(entry)) {
        this.cache.delete(s.key);
        s.hit = undefined;
      } else if (s.hit.cursor < xmin) {
        // Nothing below xmin touches it, and every row below xmin was visible to the check.
        s.hit.cursor = xmin;
      }
    });
    const store = (s: Slot, value: KpiCachedValue): void => {
      if (s.keep) this.cache.set(s.key, { value, cursor: xmin, touches: s.touches });
    };

    const counters: BucketCounters = new Map();
    const runs: Array<[number, number]> = [];
    counterSlots.forEach((s, b) => {
      if (s.hit?.value.kind === 'counters') {
        counters.set(b, new Map(s.hit.value.reps));
        return;
      }
      const last = runs.at(-1);
      if (last && last[1] === b) last[1] = b + 1;
      else runs.push([b, b + 1]);
    });
    const readRun = async ([start, end]: [number, number]): Promise<void> => {
      const runBounds = bounds.slice(start, end + 1);
      const part = await windowCounters(db, runBounds, currency);
      await windowOutcomeGroups(db, runBounds, currency, part);
      for (let b = start; b < end; b++) {
        const reps = part.get(b - start) ?? new Map<string, KpiCounters>();
        counters.set(b, reps);
        store(counterSlots[b] as Slot, { kind: 'counters', reps });
      }
    };

    const readStock = async (): Promise<Map<string, KpiStock>> => {
      if (stockSlot.hit?.value.kind === 'stock') return new Map(stockSlot.hit.value.reps);
      const reps = await stockBefore(db, first, currency);
      store(stockSlot, { kind: 'stock', reps });
      return reps;
    };

    const pipelines = new Map<number, Map<string, KpiPipeline>>();
    const readPipelines = async (): Promise<void> => {
      const missing: number[] = [];
      pipelineSlots.forEach((s, b) => {
        if (s.hit?.value.kind === 'pipeline') pipelines.set(b, new Map(s.hit.value.reps));
        else missing.push(b);
      });
      if (missing.length === 0) return;
      const read = await pipelinesAt(
        db,
        missing.map((b) => (buckets[b] as { to: Date }).to),
        currency,
      );
      missing.forEach((b, i) => {
        const reps = read.get(i) ?? new Map<string, KpiPipeline>();
        pipelines.set(b, reps);
        store(pipelineSlots[b] as Slot, { kind: 'pipeline', reps });
      });
    };

    const [stock0] = await Promise.all([readStock(), readPipelines(), ...runs.map(readRun)]);
    return { counters, stock0, pipelines };
  }
}
