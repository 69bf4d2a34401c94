/**
 * The inputs of the KPI formulas (SPEC 5): counters per rep and period that SQL produces with one
 * GROUP BY over the ledger, or `aggregateKpiEvents` produces from an event list. Counters add up,
 * so a team or the org is the sum of its reps (`addCounters`). Money is kept per currency.
 *
 * Event conventions (attributes beyond SPEC 3 that link events; documented in the README):
 * - `currency` on money events (`amount`, `mrr`, `margin`); absent: the org currency.
 * - `deal_won.kind` absent counts as `new` (a new customer).
 * - `lead_qualified`: `to = sql` (or no `to`) is a conversion; `to = mql` is a new MQL;
 *   `from = mql, to = sql` is an MQL that became an SQL. `leadCreatedAt` on it times the conversion.
 * - `lead_responded.leadCreatedAt` gives the response time (speed to lead).
 * - `dealId` links `opportunity_created`, `deal_won` and `deal_lost` (pipeline, sales cycle: from
 *   the deal's first opportunity at or before the win); `deal_won.openedAt` (ISO) times a cycle
 *   when no opportunity of its `dealId` came at or before it.
 * - `opportunity_created.stage` / `deal_stage_changed.from, to` for the stage funnel; a move
 *   to a stage in LOST_STAGES is not a move to the next stage.
 */
import type { EventAttributes, EventKey } from '@leaderboard/contracts';

/** Integer minor units per ISO currency code. */
export type MoneyByCurrency = Record<string, number>;

export interface GroupTotals {
  count: number;
  amount: MoneyByCurrency;
}

export interface KpiCounters {
  calls: number;
  emails: number;
  /** E-mails that say whether they were opened (`opened` true or false). */
  emailsOpenKnown: number;
  emailsOpened: number;
  emailsReplied: number;
  opportunities: number;
  demosBooked: number;
  leadsResponded: number;
  /** Response times in seconds of `lead_responded` with `leadCreatedAt` (any order). */
  responseSeconds: number[];
  /** `lead_qualified` with `to` = `sql` or without `to`. */
  conversions: number;
  conversionsTimed: number;
  conversionSeconds: number;
  /** `lead_qualified` with `to` = `mql`. */
  mqls: number;
  /** `lead_qualified` with `from` = `mql` and `to` = `sql`. */
  mqlsToSql: number;
  dealsWon: number;
  wonAmount: MoneyByCurrency;
  /** Won deals of kind `new` (or no kind). */
  newCustomers: number;
  /** Won deals of kind repeat, renewal or expansion. */
  repeatDeals: number;
  newMrr: MoneyByCurrency;
  expansionMrr: MoneyByCurrency;
  /** Revenue and margin of the won deals that carry `margin`. */
  marginRevenue: MoneyByCurrency;
  margin: MoneyByCurrency;
  /** Revenue of won deals without `margin`. */
  revenueWithoutMargin: MoneyByCurrency;
  /** Won deals with `channel` = `call`, and those of them with `scriptFollowed` = true. */
  callDeals: number;
  scriptDeals: number;
  cyclesTimed: number;
  cycleSeconds: number;
  churned: number;
  churnedMrr: MoneyByCurrency;
  byChannel: Record<string, GroupTotals>;
  byRegion: Record<string, GroupTotals>;
  byProduct: Record<string, GroupTotals>;
  /** Deals that entered a stage (opportunity created in it, or moved to it). */
  stageEntered: Record<string, number>;
  /** Deals that moved from a stage to another one that is not lost. */
  stageAdvanced: Record<string, number>;
}

/** What the customer base looked like at an instant (cumulative over all history before it). */
export interface KpiStock {
  customers: number;
  mrr: MoneyByCurrency;
  expansionMrr: MoneyByCurrency;
}

/** Open opportunities (created, not won or lost) at an instant. */
export interface KpiPipeline {
  count: number;
  amount: MoneyByCurrency;
}

export const LOST_STAGES: ReadonlySet<string> = new Set(['lost', 'closed_lost']);
export const REPEAT_KINDS: ReadonlySet<string> = new Set(['repeat', 'renewal', 'expansion']);
/** Speed to lead: a lead answered within this many seconds counts as fast (SPEC 5). */
export const FAST_RESPONSE_SECONDS = 15 * 60;

export function emptyCounters(): KpiCounters {
  return {
    calls: 0,
    emails: 0,
    emailsOpenKnown: 0,
    emailsOpened: 0,
    emailsReplied: 0,
    opportunities: 0,
    demosBooked: 0,
    leadsResponded: 0,
    responseSeconds: [],
    conversions: 0,
    conversionsTimed: 0,
    conversionSeconds: 0,
    mqls: 0,
    mqlsToSql: 0,
    dealsWon: 0,
    wonAmount: {},
    newCustomers: 0,
    repeatDeals: 0,
    newMrr: {},
    expansionMrr: {},
    marginRevenue: {},
    margin: {},
    revenueWithoutMargin: {},
    callDeals: 0,
    scriptDeals: 0,
    cyclesTimed: 0,
    cycleSeconds: 0,
    churned: 0,
    churnedMrr: {},
    byChannel: {},
    byRegion: {},
    byProduct: {},
    stageEntered: {},
    stageAdvanced: {},
  };
}

export function emptyStock(): KpiStock {
  return { customers: 0, mrr: {}, expansionMrr: {} };
}

export function addMoney(into: MoneyByCurrency, from: MoneyByCurrency, sign = 1): MoneyByCurrency {
  for (const [currency, amount] of Object.entries(from))
    into[currency] = (into[currency] ?? 0) + sign * amount;
  return into;
}

function addGroups(into: Record<string, GroupTotals>, from: Record<string, GroupTotals>): void {
  for (const [key, g] of Object.entries(from)) {
    const target = (into[key] ??= { count: 0, amount: {} });
    target.count += g.count;
    addMoney(target.amount, g.amount);
  }
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}

const NUMBER_FIELDS = [
  'calls',
  'emails',
  'emailsOpenKnown',
  'emailsOpened',
  'emailsReplied',
  'opportunities',
  'demosBooked',
  'leadsResponded',
  'conversions',
  'conversionsTimed',
  'conversionSeconds',
  'mqls',
  'mqlsToSql',
  'dealsWon',
  'newCustomers',
  'repeatDeals',
  'callDeals',
  'scriptDeals',
  'cyclesTimed',
  'cycleSeconds',
  'churned',
] as const satisfies ReadonlyArray<keyof KpiCounters>;

const MONEY_FIELDS = [
  'wonAmount',
  'newMrr',
  'expansionMrr',
  'marginRevenue',
  'margin',
  'revenueWithoutMargin',
  'churnedMrr',
] as const satisfies ReadonlyArray<keyof KpiCounters>;

/** Adds `from` into `into` (a team is the sum of its reps). Returns `into`. */
export function addCounters(into: KpiCounters, from: KpiCounters): KpiCounters {
  for (const f of NUMBER_FIELDS) into[f] += from[f];
  for (const f of MONEY_FIELDS) addMoney(into[f], from[f]);
  for (const s of from.responseSeconds) into.responseSeconds.push(s);
  addGroups(into.byChannel, from.byChannel);
  addGroups(into.byRegion, from.byRegion);
  addGroups(into.byProduct, from.byProduct);
  addCounts(into.stageEntered, from.stageEntered);
  addCounts(into.stageAdvanced, from.stageAdvanced);
  return into;
}

export function sumCounters(list: Iterable<KpiCounters>): KpiCounters {
  const total = emptyCounters();
  for (const c of list) addCounters(total, c);
  return total;
}

/** The stock after the events of a period: new customers and MRR in, churn out. */
export function advanceStock(stock: KpiStock, c: KpiCounters): KpiStock {
  const mrr = addMoney(addMoney(addMoney({ ...stock.mrr }, c.newMrr), c.expansionMrr), c.churnedMrr, -1);
  return {
    customers: stock.customers + c.newCustomers - c.churned,
    mrr,
    expansionMrr: addMoney({ ...stock.expansionMrr }, c.expansionMrr),
  };
}

export function addStock(into: KpiStock, from: KpiStock): KpiStock {
  into.customers += from.customers;
  addMoney(into.mrr, from.mrr);
  addMoney(into.expansionMrr, from.expansionMrr);
  return into;
}

export function addPipeline(into: KpiPipeline, from: KpiPipeline): KpiPipeline {
  into.count += from.count;
  addMoney(into.amount, from.amount);
  return into;
}

// ---------------------------------------------------------------------------------------------
// From an event list (tests, small ledgers). The API aggregates the same way in SQL.

/** An event of the ledger as the KPI aggregation needs it. */
export interface KpiEvent extends EventKey {
  type: string;
  repId: string;
  /** Epoch milliseconds. */
  occurredAt: number;
  attributes: EventAttributes;
  voids?: EventKey;
}

const keyOf = (k: EventKey): string => `${k.source}\u0000${k.externalId}`;

/** Drops void events and the non-void events they void (a void of a void does nothing). */
export function liveKpiEvents<T extends KpiEvent>(events: readonly T[]): T[] {
  const voided = new Set<string>();
  for (const e of events) if (e.type === 'void' && e.voids) voided.add(keyOf(e.voids));
  return events.filter((e) => e.type !== 'void' && !voided.has(keyOf(e)));
}

const str = (a: EventAttributes, name: string): string | null => {
  const v = a[name];
  return typeof v === 'string' && v !== '' ? v : null;
};
const int = (a: EventAttributes, name: string): number | null => {
  const v = a[name];
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
};
const instant = (a: EventAttributes, name: string): number | null => {
  const v = str(a, name);
  if (v === null) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
};

function addTo(m: MoneyByCurrency, currency: string, amount: number): void {
  m[currency] = (m[currency] ?? 0) + amount;
}

function group(into: Record<string, GroupTotals>, key: string, currency: string, amount: number): void {
  const g = (into[key] ??= { count: 0, amount: {} });
  g.count += 1;
  addTo(g.amount, currency, amount);
}

/** Whole seconds between two instants, rounded down (as SQL `floor(extract(epoch ...))`). */
export function secondsBetween(from: number, to: number): number {
  return Math.floor((to - from) / 1000);
}

export interface AggregateOptions {
  /** The org currency: money events without `currency` are in it. */
  currency: string;
  /** Region of a rep, for won deals that do not name one. */
  regionOf?: (repId: string) => string | null;
  /** `openedAt` of deals by `dealId` (their first `opportunity_created`), for the sales cycle. */
  openedAtByDeal?: ReadonlyMap<string, number>;
}

/** Adds one live (non-voided) event to `c`. */
export function countKpiEvent(c: KpiCounters, e: KpiEvent, options: AggregateOptions): void {
  const a = e.attributes;
  const currency = str(a, 'currency') ?? options.currency;
  switch (e.type) {
    case 'call':
      c.calls += 1;
      break;
    case 'email':
      c.emails += 1;
      if (typeof a['opened'] === 'boolean') {
        c.emailsOpenKnown += 1;
        if (a['opened']) c.emailsOpened += 1;
      }
      if (a['replied'] === true) c.emailsReplied += 1;
      break;
    case 'opportunity_created': {
      c.opportunities += 1;
      const stage = str(a, 'stage');
      if (stage !== null) c.stageEntered[stage] = (c.stageEntered[stage] ?? 0) + 1;
      break;
    }
    case 'demo_booked':
      c.demosBooked += 1;
      break;
    case 'lead_responded': {
      c.leadsResponded += 1;
      const created = instant(a, 'leadCreatedAt');
      if (created !== null) c.responseSeconds.push(Math.max(0, secondsBetween(created, e.occurredAt)));
      break;
    }
    case 'lead_qualified': {
      const from = str(a, 'from');
      const to = str(a, 'to');
      if (to === null || to === 'sql') {
        c.conversions += 1;
        const created = instant(a, 'leadCreatedAt');
        if (created !== null) {
          c.conversionsTimed += 1;
          c.conversionSeconds += Math.max(0, secondsBetween(created, e.occurredAt));
        }
      }
      if (to === 'mql') c.mqls += 1;
      if (from === 'mql' && to === 'sql') c.mqlsToSql += 1;
      break;
    }
    case 'deal_stage_changed': {
      const from = str(a, 'from');
      const to = str(a, 'to');
      if (to !== null) c.stageEntered[to] = (c.stageEntered[to] ?? 0) + 1;
      if (from !== null && to !== null && !LOST_STAGES.has(to)) {
        c.stageAdvanced[from] = (c.stageAdvanced[from] ?? 0) + 1;
      }
      break;
    }
    case 'deal_won': {
      const amount = int(a, 'amount') ?? 0;
      const kind = str(a, 'kind') ?? 'new';
      const mrr = int(a, 'mrr');
      const margin = int(a, 'margin');
      c.dealsWon += 1;
      addTo(c.wonAmount, currency, amount);
      if (kind === 'new') {
        c.newCustomers += 1;
        if (mrr !== null) addTo(c.newMrr, currency, mrr);
      }
      if (REPEAT_KINDS.has(kind)) c.repeatDeals += 1;
      if (kind === 'expansion' && mrr !== null) addTo(c.expansionMrr, currency, mrr);
      if (margin !== null) {
        addTo(c.marginRevenue, currency, amount);
        addTo(c.margin, currency, margin);
      } else addTo(c.revenueWithoutMargin, currency, amount);
      const channel = str(a, 'channel');
      if (channel === 'call') {
        c.callDeals += 1;
        if (a['scriptFollowed'] === true) c.scriptDeals += 1;
      }
      group(c.byChannel, channel ?? 'unknown', currency, amount);
      group(c.byRegion, str(a, 'region') ?? options.regionOf?.(e.repId) ?? 'unknown', currency, amount);
      group(c.byProduct, str(a, 'product') ?? 'unknown', currency, amount);
      // The cycle starts at the deal's first opportunity at or before the win, else `openedAt`.
      const dealId = str(a, 'dealId');
      const first = dealId !== null ? options.openedAtByDeal?.get(dealId) : undefined;
      const opened = first !== undefined && first <= e.occurredAt ? first : instant(a, 'openedAt');
      if (opened !== null && opened !== undefined) {
        c.cyclesTimed += 1;
        c.cycleSeconds += Math.max(0, secondsBetween(opened, e.occurredAt));
      }
      break;
    }
    case 'customer_churned': {
      c.churned += 1;
      const mrr = int(a, 'mrr');
      if (mrr !== null) addTo(c.churnedMrr, currency, mrr);
      break;
    }
    default:
      break;
  }
}

/** First `opportunity_created` instant per `dealId`. */
export function openedAtByDeal(events: readonly KpiEvent[]): Map<string, number> {
  const opened = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'opportunity_created') continue;
    const dealId = str(e.attributes, 'dealId');
    if (dealId === null) continue;
    const prev = opened.get(dealId);
    if (prev === undefined || e.occurredAt < prev) opened.set(dealId, e.occurredAt);
  }
  return opened;
}

/** Counters of the live events in `[from, to)`; `events` already without voids (`liveKpiEvents`). */
export function aggregateKpiEvents(
  events: readonly KpiEvent[],
  from: number,
  to: number,
  options: AggregateOptions,
): KpiCounters {
  const c = emptyCounters();
  const opts = { ...options, openedAtByDeal: options.openedAtByDeal ?? openedAtByDeal(events) };
  for (const e of events) if (e.occurredAt >= from && e.occurredAt < to) countKpiEvent(c, e, opts);
  return c;
}

/** The customer base at instant `at`: every live event before it. */
export function stockAt(events: readonly KpiEvent[], at: number, options: AggregateOptions): KpiStock {
  return advanceStock(emptyStock(), aggregateKpiEvents(events, -8.64e15, at, options));
}

/**
 * Opportunities open at instant `at`: created before `at` with a `dealId` that no `deal_won` or
 * `deal_lost` before `at` closed. Opportunities without a `dealId` cannot be followed and are left out.
 */
export function pipelineAt(events: readonly KpiEvent[], at: number, options: AggregateOptions): KpiPipeline {
  const closed = new Set<string>();
  for (const e of events) {
    if ((e.type === 'deal_won' || e.type === 'deal_lost') && e.occurredAt < at) {
      const dealId = str(e.attributes, 'dealId');
      if (dealId !== null) closed.add(dealId);
    }
  }
  const pipeline: KpiPipeline = { count: 0, amount: {} };
  for (const e of events) {
    if (e.type !== 'opportunity_created' || e.occurredAt >= at) continue;
    const dealId = str(e.attributes, 'dealId');
    if (dealId === null || closed.has(dealId)) continue;
    pipeline.count += 1;
    addTo(
      pipeline.amount,
      str(e.attributes, 'currency') ?? options.currency,
      int(e.attributes, 'amount') ?? 0,
    );
  }
  return pipeline;
}
