/** Closed (locked) months, their frozen figures, adjustments and payouts (issue 6). */

/** One rep's frozen figures in a closed month. */
export interface ClosedRow {
  repId: string;
  key: string;
  name: string;
  teamId: string | null;
  milliPoints: number;
  points: number;
  rank: number;
  tier: string | null;
  /** Integer minor units of the close's currency; 0 without a tier (or when the tier period does not end with this month). */
  payout: number;
}

/** `POST /api/periods/:periodKey/close` and `GET /api/periods/:periodKey`. */
export interface PeriodCloseView {
  id: string;
  /** `YYYY-MM`. */
  periodKey: string;
  from: string;
  to: string;
  currency: string;
  /** The published rule set in effect at the end of the month (its tiers decide tier and payout). */
  ruleSetId: string;
  ruleSetVersion: number | null;
  /** sha256 (hex) of the canonical figures: rows and every event's award. */
  contentHash: string;
  closedAt: string;
  closedBy: string;
  rows: ClosedRow[];
}

/** `GET /api/periods`: what is closed. */
export interface PeriodSummary {
  periodKey: string;
  closedAt: string;
  closedBy: string;
  contentHash: string;
}

/** One event whose award in a closed month differs from what was frozen (or carried since). */
export interface AdjustmentCause {
  eventId: string;
  source: string;
  externalId: string;
  type: string;
  occurredAt: string;
  /** Award frozen (plus any adjustments already carried) vs what the engine gives it now. */
  previousMilliPoints: number;
  milliPoints: number;
  /** The event is voided now, or is itself a void. */
  voided: boolean;
}

/** A late or voided event changed a closed month: the difference, to be carried into the next open month. */
export interface AdjustmentView {
  /** The closed month the events belong to. */
  periodKey: string;
  /** The month it is carried into: the first month after `periodKey` that is not closed. */
  targetPeriodKey: string;
  repId: string;
  name: string;
  deltaMilliPoints: number;
  deltaPoints: number;
  /** Tier as frozen (adjusted) vs as computed now with the same month-end rule set. */
  tierBefore: string | null;
  tierNow: string | null;
  /** Payout difference in minor units; added to the rep's payout of `targetPeriodKey` when it is closed. */
  deltaPayout: number;
  currency: string;
  causes: AdjustmentCause[];
  /** Pending: not yet carried; carried: frozen into the close of `targetPeriodKey`. */
  status: 'pending' | 'carried';
}

export type PayoutLineKind = 'tier' | 'adjustment' | 'manual';

export interface PayoutLineItem {
  kind: PayoutLineKind;
  /** Tier name, or the month an adjustment comes from, or the manager's reason. */
  label: string;
  amount: number;
  /** Adjustment lines: the closed month; tier lines: this month. */
  periodKey: string;
  /** Manual lines: who added it. */
  by?: string;
}

export type PayoutStatus = 'pending' | 'approved';

export interface PayoutApprovalView {
  userId: string;
  name: string;
  role: string;
  at: string;
}

export interface PayoutView {
  id: string;
  periodKey: string;
  repId: string;
  repKey: string;
  name: string;
  tier: string | null;
  milliPoints: number;
  points: number;
  rank: number;
  /** Sum of the line items, minor units. */
  amount: number;
  currency: string;
  lineItems: PayoutLineItem[];
  status: PayoutStatus;
  /** 1, or 2 when `amount` is above the configured second-approval threshold. */
  approvalsRequired: number;
  approvals: PayoutApprovalView[];
}
