import type { EventInput } from '@leaderboard/contracts';
import { badStrings } from '../common/request-guard.js';
import type { MappedDelivery, MappedEvent } from './connector-adapter.js';

/** How a delivery's events went in. */
export type DeliveryIngest =
  { status: 'unmapped'; reason: string } | { status: 'done'; eventsCreated: number; ignored: string[] };

/** One delivery of a batch: how it went in, or what it would have thrown alone. */
export type BatchedIngest = DeliveryIngest | { status: 'thrown'; error: unknown };

/** Mapped events to ledger events (and what was left out) with one connector's user and stage maps. */
export type Resolver = (mapped: readonly MappedEvent[]) => { inputs: EventInput[]; ignored: string[] };

/** A delivery (at `index` of its batch) whose events are ready for the ledger. */
export interface Ready {
  index: number;
  inputs: EventInput[];
  ignored: string[];
}

/**
 * A delivery's events ready for the ledger, or why it is refused whole (`unmapped`): none can go
 * in, or one holds a string the ledger refuses.
 */
export function readyOf(index: number, delivery: MappedDelivery, resolve: Resolver): Ready | DeliveryIngest {
  const events = resolve(delivery.events);
  const ignored = [...delivery.ignored, ...events.ignored];
  if (events.inputs.length === 0)
    return { status: 'unmapped', reason: ignored.join('; ') || 'the delivery describes no event' };
  // What the request guard refuses on POST /api/events (NUL, lone surrogates) cannot be stored
  // either: say where, instead of failing in the database and retrying.
  const bad = badStrings({ events: events.inputs });
  if (bad.length > 0)
    return { status: 'unmapped', reason: bad.map((d) => `${d.path}: ${d.message}`).join('; ') };
  return { index, inputs: events.inputs, ignored };
}

/** Whole deliveries in chunks of up to `max` events (a delivery over `max` makes a chunk alone). */
export function chunksOf(ready: readonly Ready[], max: number): Ready[][] {
  const chunks: Ready[][] = [];
  let size = Infinity;
  for (const r of ready) {
    if (size + r.inputs.length > max) {
      chunks.push([]);
      size = 0;
    }
    chunks[chunks.length - 1].push(r);
    size += r.inputs.length;
  }
  return chunks;
}

/**
 * Each delivery's events to send: those whose key is neither `held` (the ledger or an earlier
 * chunk has it) nor taken by an earlier delivery of the chunk. A key twice in one delivery stays
 * twice: the ledger decides, as it would for the delivery alone.
 */
export function freshOf(chunk: readonly Ready[], held: ReadonlySet<string>): EventInput[][] {
  const taken = new Set<string>();
  return chunk.map((r) => {
    const mine = r.inputs.filter((e) => !held.has(e.externalId) && !taken.has(e.externalId));
    for (const e of mine) taken.add(e.externalId);
    return mine;
  });
}

/** Each delivery's outcome from its share of the chunk's ingest results (in `fresh` order). */
export function doneOf(
  chunk: readonly Ready[],
  fresh: readonly EventInput[][],
  results: ReadonlyArray<{ status: string }>,
): DeliveryIngest[] {
  let at = 0;
  return chunk.map((r, i) => {
    const mine = results.slice(at, (at += fresh[i].length));
    const known = r.inputs.length - fresh[i].length;
    return {
      status: 'done',
      eventsCreated: mine.filter((x) => x.status !== 'duplicate').length,
      ignored: known > 0 ? [...r.ignored, `${known} event(s) already recorded`] : r.ignored,
    };
  });
}
