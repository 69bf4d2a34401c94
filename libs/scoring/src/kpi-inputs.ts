/**
 * The manager inputs of the KPIs as the formulas see them: monthly spend and direct costs summed
 * over the months of a period, and the history behind a suggested sales target (SPEC 6).
 */
import type { KpiOutcome, Money } from '@leaderboard/contracts';
import type { PeriodInstance } from './engine-api.js';
import { suggestTarget } from './kpi-catalog.js';
import type { MoneyByCurrency } from './kpi-facts.js';
import { kpiInputKey } from './kpi-scope.js';

export const KPI_INPUT_KINDS = ['spend', 'direct_costs'] as const;

/** One stored monthly figure (`kpi_inputs`). */
export interface MonthlyInput {
  kind: string;
  /** `YYYY-MM` */
  month: string;
  amount: number;
  currency: string;
}

/** The months a monthly input covers for an instance: a month, a quarter's three; else none. */
export function inputMonthsOf(instance: PeriodInstance): string[] | null {
  if (instance.period === 'month') return [instance.periodKey];
  if (instance.period !== 'quarter') return null;
  const [year, q] = instance.periodKey.split('-Q') as [string, string];
  const first = (Number(q) - 1) * 3 + 1;
  return [0, 1, 2].map((i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

/**
 * Spend and direct costs of each instance under `kpiInputKey(kind, periodKey)`: the sum of its
 * months when every month has a figure, all in one currency; else the instance has none.
 */
export function inputsOfInstances(
  rows: readonly MonthlyInput[],
  instances: readonly PeriodInstance[],
): Map<string, Money> {
  const byMonth = new Map(
    rows.map((r) => [kpiInputKey(r.kind, r.month), { amount: r.amount, currency: r.currency }]),
  );
  const out = new Map<string, Money>();
  for (const instance of instances) {
    const months = inputMonthsOf(instance);
    if (months === null) continue;
    for (const kind of KPI_INPUT_KINDS) {
      const parts = months.map((m) => byMonth.get(kpiInputKey(kind, m)));
      if (parts.some((p) => p === undefined)) continue;
      const currencies = new Set(parts.map((p) => (p as Money).currency));
      if (currencies.size !== 1) continue;
      out.set(kpiInputKey(kind, instance.periodKey), {
        amount: parts.reduce((sum, p) => sum + (p as Money).amount, 0),
        currency: (parts[0] as Money).currency,
      });
    }
  }
  return out;
}

/** A won amount of one rep in one bucket (`b`: index of the trailing instance). */
export interface WonInBucket {
  b: number;
  repId: string;
  currency: string;
  amount: number;
}

/** Won amounts per `${repId}:${b}`, per currency. */
export function wonByRepAndBucket(rows: readonly WonInBucket[]): Map<string, MoneyByCurrency> {
  const wonOf = new Map<string, MoneyByCurrency>();
  for (const w of rows) {
    const key = `${w.repId}:${w.b}`;
    const m = wonOf.get(key) ?? {};
    m[w.currency] = (m[w.currency] ?? 0) + w.amount;
    wonOf.set(key, m);
  }
  return wonOf;
}

/**
 * A rep's suggested target and the history behind it: the won amount of each trailing period
 * (null when in several currencies, zero in `currency` when none); periods that ended before the
 * rep's first event (`firstAt`, null: no event) are not history.
 */
export function targetSuggestion(
  trailing: readonly PeriodInstance[],
  won: (b: number) => MoneyByCurrency | undefined,
  firstAt: number | null,
  stretchPct: number,
  currency: string,
): { suggested: KpiOutcome; history: Array<{ periodKey: string; won: Money | null }> } {
  const history = trailing.map((instance, b) => ({ instance, won: won(b) ?? {} }));
  const counted = history.filter((h) => firstAt !== null && h.instance.to > firstAt);
  return {
    suggested: suggestTarget(
      counted.map((h) => h.won),
      stretchPct,
      currency,
    ),
    history: history.map((h) => {
      const currencies = Object.keys(h.won);
      return {
        periodKey: h.instance.periodKey,
        won:
          currencies.length > 1
            ? null
            : currencies.length === 0
              ? { amount: 0, currency }
              : { amount: h.won[currencies[0] as string] as number, currency: currencies[0] as string },
      };
    }),
  };
}
