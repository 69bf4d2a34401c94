import { Injectable } from '@nestjs/common';
import type { PayoutLineItem, PayoutStatus } from '@leaderboard/contracts';
import { DataSource } from 'typeorm';
import { modifyReturning, type SqlRunner } from '../database/sql.js';

export interface PayoutRow {
  id: string;
  period_key: string;
  rep_id: string;
  rep_key: string | null;
  name: string | null;
  tier: string | null;
  milli_points: string | null;
  rank: number | null;
  amount: string;
  currency: string;
  line_items: PayoutLineItem[];
  status: PayoutStatus;
  approvals_required: number;
}

export interface ApprovalRow {
  payout_id: string;
  user_id: string;
  name: string;
  role: string;
  at: Date;
}

const PAYOUT_SELECT = `SELECT p.id, p.period_key, p.rep_id, coalesce(s.rep_key, r.key) AS rep_key,
    coalesce(s.name, r.name) AS name, s.tier, s.milli_points::text, s.rank, p.amount::text, p.currency,
    p.line_items, p.status, p.approvals_required
  FROM payouts p LEFT JOIN period_close_rows s ON s.close_id = p.close_id AND s.rep_id = p.rep_id
  LEFT JOIN reps r ON r.id = p.rep_id`;

/**
 * `payouts` and `payout_approvals` (the periods family). Methods that approvals and manual lines
 * run inside their transaction take its manager; the row locks (`FOR UPDATE`) hold until it ends.
 */
@Injectable()
export class PayoutsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A month's payouts with the rep as frozen by the close (or as now, for a rep not in it). */
  ofMonth(periodKey: string): Promise<PayoutRow[]> {
    return this.dataSource.query<PayoutRow[]>(
      `${PAYOUT_SELECT} WHERE p.period_key = $1 ORDER BY s.rank NULLS LAST, coalesce(s.name, r.name), p.rep_id`,
      [periodKey],
    );
  }

  async find(id: string): Promise<PayoutRow | null> {
    const rows = await this.dataSource.query<PayoutRow[]>(`${PAYOUT_SELECT} WHERE p.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The approvals of these payouts, oldest first. */
  approvals(payoutIds: string[], sql: SqlRunner = this.dataSource): Promise<ApprovalRow[]> {
    return sql.query<ApprovalRow[]>(
      'SELECT payout_id, user_id, name, role, at FROM payout_approvals WHERE payout_id = ANY($1::uuid[]) ORDER BY at',
      [payoutIds],
    );
  }

  async insert(
    payout: {
      closeId: string;
      periodKey: string;
      repId: string;
      currency: string;
      lineItems: PayoutLineItem[];
      amount: number;
      approvalsRequired: number;
    },
    sql: SqlRunner = this.dataSource,
  ): Promise<void> {
    await sql.query(
      `INSERT INTO payouts (close_id, period_key, rep_id, currency, line_items, amount, approvals_required)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
      [
        payout.closeId,
        payout.periodKey,
        payout.repId,
        payout.currency,
        JSON.stringify(payout.lineItems),
        payout.amount,
        payout.approvalsRequired,
      ],
    );
  }

  /** Status and approvals needed of a payout, locked for an approval; null when there is none. */
  async lockForApproval(
    id: string,
    sql: SqlRunner,
  ): Promise<{ status: PayoutStatus; approvals_required: number } | null> {
    const rows = await sql.query<Array<{ status: PayoutStatus; approvals_required: number }>>(
      'SELECT status, approvals_required FROM payouts WHERE id = $1 FOR UPDATE',
      [id],
    );
    return rows[0] ?? null;
  }

  /** Status, amount and month of a payout, locked for a change; null when there is none. */
  async lockForChange(
    id: string,
    sql: SqlRunner,
  ): Promise<{ status: PayoutStatus; amount: string; period_key: string } | null> {
    const rows = await sql.query<Array<{ status: PayoutStatus; amount: string; period_key: string }>>(
      'SELECT status, amount::text, period_key FROM payouts WHERE id = $1 FOR UPDATE',
      [id],
    );
    return rows[0] ?? null;
  }

  /** Adds a user's approval; false when that user has approved it already. */
  async addApproval(
    id: string,
    approver: { userId: string; email: string; role: string },
    sql: SqlRunner,
  ): Promise<boolean> {
    const added = await sql.query<unknown[]>(
      `INSERT INTO payout_approvals (payout_id, user_id, name, role) VALUES ($1, $2, $3, $4)
         ON CONFLICT (payout_id, user_id) DO NOTHING RETURNING payout_id`,
      [id, approver.userId, approver.email, approver.role],
    );
    return added.length > 0;
  }

  async countApprovals(id: string, sql: SqlRunner): Promise<number> {
    const [{ n }] = await sql.query<Array<{ n: number }>>(
      'SELECT count(*)::int AS n FROM payout_approvals WHERE payout_id = $1',
      [id],
    );
    return n;
  }

  async markApproved(id: string, sql: SqlRunner): Promise<void> {
    await sql.query(
      "UPDATE payouts SET status = 'approved', approved_at = now() WHERE id = $1 AND status = 'pending'",
      [id],
    );
  }

  /** Appends a line item and sets the new amount and approvals needed. */
  async appendLine(
    id: string,
    line: PayoutLineItem,
    amount: number,
    approvalsRequired: number,
    sql: SqlRunner,
  ): Promise<void> {
    await modifyReturning(
      sql,
      `UPDATE payouts SET line_items = line_items || $2::jsonb, amount = $3, approvals_required = $4
         WHERE id = $1 RETURNING id`,
      [id, JSON.stringify([line]), amount, approvalsRequired],
    );
  }
}
