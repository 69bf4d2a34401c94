/**
 * KPI figures of SPEC 5 in words, for /admin and /me: basis points as percentages, minor units as
 * money in their currency, seconds as durations, counts and per-day rates through `Intl`; a KPI
 * without a value says why ("no data", "needs spend entered"). Pure: a locale in, a string out.
 */
import type {
  KpiBenchmark,
  KpiBreakdownItem,
  KpiId,
  KpiNullReason,
  KpiOutcome,
  KpiPeriodView,
  KpiValue,
  Period,
} from '@leaderboard/contracts';
import { kpiScalar } from '@leaderboard/contracts';
import { cached, formatMoney, formatPoints } from '../i18n/format.js';
import * as kpi from '../i18n/catalogs/kpi.js';
import { registerMessages, translate, type Locale } from '../i18n/i18n.js';

// The KPI texts travel with this module, which only /me and /admin load.
registerMessages(kpi);

function has(key: string): key is keyof typeof kpi.en {
  return Object.hasOwn(kpi.en, key);
}

export function kpiName(locale: Locale, id: KpiId): string {
  const key = `kpi.name.${id}`;
  return has(key) ? translate(locale, key) : id;
}

/** 1234 bp -> `12.34%` (`12,34 %` in Russian); at most two decimals, as the API computed it. */
export function formatBasisPoints(locale: Locale, bp: number): string {
  return cached(
    `bp:${locale}`,
    () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }),
  ).format(bp / 10_000);
}

const UNITS = [
  { unit: 'day', seconds: 86_400 },
  { unit: 'hour', seconds: 3_600 },
  { unit: 'minute', seconds: 60 },
  { unit: 'second', seconds: 1 },
] as const;

function unitText(locale: Locale, unit: (typeof UNITS)[number]['unit'], amount: number): string {
  return cached(
    `u:${locale}:${unit}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }),
  ).format(amount);
}

/** Whole seconds in the two largest units that are not zero: `4 min 30 sec`, `2 days 3 hr`. */
export function formatDuration(locale: Locale, seconds: number): string {
  if (seconds <= 0) return unitText(locale, 'second', 0);
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const { unit, seconds: size } of UNITS) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0) parts.push(unitText(locale, unit, amount));
    else if (parts.length > 0) break;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

function formatCount(locale: Locale, count: number): string {
  return formatPoints(locale, count);
}

/** Thousandths per rep per day: 2500 -> `2.5 a day`. */
function formatRate(locale: Locale, milli: number): string {
  const value = cached(
    `r1:${locale}`,
    () => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
  ).format(milli / 1000);
  return translate(locale, 'kpi.perDay', { value });
}

/** One breakdown item: `call: 150 000 ₽`, `unknown` in words. */
export function breakdownItemText(locale: Locale, id: KpiId, item: KpiBreakdownItem): string {
  const key = item.key === 'unknown' ? translate(locale, 'kpi.unknown') : item.key;
  const value = item.value ? formatKpiValue(locale, item.value) : reasonText(locale, id, item.reason);
  return translate(locale, 'kpi.item', { key, value });
}

/** A KPI value as a person reads it. */
export function formatKpiValue(locale: Locale, value: KpiValue, id: KpiId = 'leaderboard'): string {
  switch (value.kind) {
    case 'count':
      return formatCount(locale, value.count);
    case 'percent':
      return formatBasisPoints(locale, value.bp);
    case 'money':
      return formatMoney(locale, value.amount, value.currency);
    case 'duration':
      return formatDuration(locale, value.seconds);
    case 'rate':
      return formatRate(locale, value.milli);
    case 'points':
      return value.rank === null
        ? translate(locale, 'kpi.points', { points: formatPoints(locale, value.points) })
        : translate(locale, 'kpi.pointsRank', {
            points: formatPoints(locale, value.points),
            rank: value.rank,
          });
    case 'breakdown':
      return value.items.map((item) => breakdownItemText(locale, id, item)).join(' · ');
  }
}

/** Why a KPI has no value, in words; a missing input names the input the KPI needs. */
export function reasonText(locale: Locale, id: KpiId, reason: KpiNullReason | null): string {
  if (reason === 'MISSING_INPUT') {
    const specific = `kpi.reason.MISSING_INPUT.${id}`;
    if (has(specific)) return translate(locale, specific);
  }
  const key = `kpi.reason.${reason ?? 'NO_DATA'}`;
  return has(key) ? translate(locale, key) : String(reason);
}

/** The value, or the reason there is none. */
export function outcomeText(locale: Locale, id: KpiId, outcome: KpiOutcome): string {
  return outcome.value === null
    ? reasonText(locale, id, outcome.reason)
    : formatKpiValue(locale, outcome.value, id);
}

/** `≥ 30%`, `≤ 15 min`. */
export function benchmarkValueText(locale: Locale, benchmark: KpiBenchmark): string {
  return translate(locale, 'kpi.benchmark', {
    op: benchmark.op === 'gte' ? '≥' : '≤',
    value: formatKpiValue(locale, benchmark.value),
  });
}

/** Where the benchmark comes from (SPEC 5), in the UI's language. */
export function benchmarkNote(locale: Locale, benchmark: KpiBenchmark): string {
  const key = `kpi.benchmark.${benchmark.id}`;
  return has(key) ? translate(locale, key) : benchmark.note;
}

/**
 * The number a chart plots for a value (integers as the API sends them: bp, minor units, seconds),
 * null for points' rank-less breakdowns and anything without one figure.
 */
export function scalarOf(value: KpiValue | null): number | null {
  return value === null ? null : kpiScalar(value);
}

/** The value of the same kind as `like` with `scalar` in it (a chart axis tick, a tooltip). */
export function withScalar(like: KpiValue, scalar: number): KpiValue | null {
  switch (like.kind) {
    case 'count':
      return { kind: 'count', count: scalar };
    case 'percent':
      return { kind: 'percent', bp: scalar };
    case 'money':
      return { kind: 'money', amount: scalar, currency: like.currency };
    case 'duration':
      return { kind: 'duration', seconds: scalar };
    case 'rate':
      return { kind: 'rate', milli: scalar };
    case 'points':
      return { kind: 'points', points: scalar, milliPoints: scalar * 1000, rank: null };
    case 'breakdown':
      return null;
  }
}

/** A period on a chart axis: `Nov 2026`, `Q4 2026`, `16 Nov` (a week by its first day, a day). */
export function periodLabel(locale: Locale, period: Period, view: KpiPeriodView, timeZone: string): string {
  if (period === 'quarter') {
    const [year, quarter] = view.periodKey.split('-');
    return `${quarter} ${year}`;
  }
  if (period === 'month') {
    return cached(
      `pm:${locale}:${timeZone}`,
      () => new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone }),
    ).format(new Date(view.from));
  }
  return cached(
    `pd:${locale}:${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone }),
  ).format(new Date(view.from));
}
