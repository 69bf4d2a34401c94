/**
 * What closing a month writes, as a plan the API executes in one transaction: the figures frozen
 * (see `monthFigures`), the adjustments of earlier closed months carried into it, and each rep's
 * payout (the tier's payout plus every carried payout difference).
 */
import type { AdjustmentCause, PayoutLineItem } from '@leaderboard/contracts';
import type { ClosedFigures, PendingAdjustment } from './period-close.js';

/** The month after `YYYY-MM`. */
export function nextMonthKey(key: string): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The first month after `key` that is not closed: where its adjustments are carried. */
export function targetMonth(key: string, closed: ReadonlySet<string>): string {
  let next = nextMonthKey(key);
  while (closed.has(next)) next = nextMonthKey(next);
  return next;
}

/** 1, or 2 when `amount` is above the second-approval threshold. */
export function approvalsRequired(amount: number, threshold: number): number {
  return amount > threshold ? 2 : 1;
}

/**
 * The closed months (other than `key`) whose adjustments are carried into `key` when it closes:
 * those before it whose next open month it is.
 */
export function carriedInto<T extends { periodKey: string }>(key: string, others: readonly T[]): T[] {
  const closed = new Set(others.map((c) => c.periodKey));
  return others.filter((c) => c.periodKey <= key && targetMonth(c.periodKey, closed) === key);
}

/** An adjustment of a closed month, carried into the month being closed. */
export interface CarriedAdjustment {
  sourceId: string;
  sourcePeriodKey: string;
  adjustment: PendingAdjustment;
}

export interface PayoutPlan {
  repId: string;
  items: PayoutLineItem[];
  amount: number;
  approvalsRequired: number;
}

/**
 * Each rep's payout of the month `key`: a tier line for a paid tier, an adjustment line for each
 * carried payout difference (in the order carried); reps with no line get no payout.
 */
export function planPayouts(
  key: string,
  figures: Pick<ClosedFigures, 'rows'>,
  carried: readonly CarriedAdjustment[],
  secondApprovalAbove: number,
): PayoutPlan[] {
  const lines = new Map<string, PayoutLineItem[]>();
  const add = (repId: string, line: PayoutLineItem): void => {
    const list = lines.get(repId);
    if (list) list.push(line);
    else lines.set(repId, [line]);
  };
  for (const row of figures.rows)
    if (row.tier !== null && row.payout !== 0)
      add(row.repId, { kind: 'tier', label: row.tier, amount: row.payout, periodKey: key });
  for (const { sourcePeriodKey, adjustment } of carried)
    if (adjustment.deltaPayout !== 0)
      add(adjustment.repId, {
        kind: 'adjustment',
        label: `${sourcePeriodKey}: ${adjustment.tierBefore ?? '-'} -> ${adjustment.tierNow ?? '-'}`,
        amount: adjustment.deltaPayout,
        periodKey: sourcePeriodKey,
      });
  return [...lines].map(([repId, items]) => {
    const amount = items.reduce((sum, l) => sum + l.amount, 0);
    return { repId, items, amount, approvalsRequired: approvalsRequired(amount, secondApprovalAbove) };
  });
}

/** The events behind an adjustment, as the API shows and stores them. */
export function adjustmentCauses(a: PendingAdjustment): AdjustmentCause[] {
  return a.causes.map((c) => ({
    eventId: c.event.eventId,
    source: c.event.source,
    externalId: c.event.externalId,
    type: c.event.type,
    occurredAt: new Date(c.event.occurredAt).toISOString(),
    previousMilliPoints: c.previousMilliPoints,
    milliPoints: c.event.milliPoints,
    voided: c.event.voided,
  }));
}
