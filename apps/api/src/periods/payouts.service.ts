import { Inject, Injectable } from '@nestjs/common';
import type { PayoutApprovalView, PayoutLineItem, PayoutStatus, PayoutView } from '@leaderboard/contracts';
import { approvalsRequired, milliToPoints } from '@leaderboard/scoring';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { modifyReturning, type Sql } from '../database/sql.js';
import { payoutsCsv } from './payouts-csv.js';
import { MONTH_KEY } from './period-lock.js';

interface PayoutRow {
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

const PAYOUT_SELECT = `SELECT p.id, p.period_key, p.rep_id, coalesce(s.rep_key, r.key) AS rep_key,
    coalesce(s.name, r.name) AS name, s.tier, s.milli_points::text, s.rank, p.amount::text, p.currency,
    p.line_items, p.status, p.approvals_required
  FROM payouts p LEFT JOIN period_close_rows s ON s.close_id = p.close_id AND s.rep_id = p.rep_id
  LEFT JOIN reps r ON r.id = p.rep_id`;

/** Payouts of closed months: line items, approvals (a second approver above the threshold), CSV. */
@Injectable()
export class PayoutsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(periodKey: string): Promise<PayoutView[]> {
    requireMonth(periodKey);
    const rows = await this.dataSource.query<PayoutRow[]>(
      `${PAYOUT_SELECT} WHERE p.period_key = $1 ORDER BY s.rank NULLS LAST, coalesce(s.name, r.name), p.rep_id`,
      [periodKey],
    );
    return this.views(this.dataSource, rows);
  }

  async get(id: string): Promise<PayoutView> {
    const rows = await this.dataSource.query<PayoutRow[]>(`${PAYOUT_SELECT} WHERE p.id = $1`, [id]);
    if (rows.length === 0) throw new DomainError('NOT_FOUND', `Payout ${id} not found`);
    return (await this.views(this.dataSource, rows))[0] as PayoutView;
  }

  /**
   * One approval by a manager or admin. A payout above the threshold needs two different people;
   * the same person approving again is refused, so nobody acting alone can approve it fully.
   */
  async approve(id: string, principal: Principal): Promise<PayoutView> {
    if (principal.kind !== 'user' || (principal.role !== 'manager' && principal.role !== 'admin'))
      throw new DomainError('APPROVAL_NOT_ALLOWED', 'Only a manager or an admin can approve a payout');
    const result = await this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<Array<{ status: PayoutStatus; approvals_required: number }>>(
        'SELECT status, approvals_required FROM payouts WHERE id = $1 FOR UPDATE',
        [id],
      );
      const payout = rows[0];
      if (!payout) throw new DomainError('NOT_FOUND', `Payout ${id} not found`);
      if (payout.status === 'approved') throw new DomainError('CONFLICT', 'The payout is already approved');
      const added = await manager.query<unknown[]>(
        `INSERT INTO payout_approvals (payout_id, user_id, name, role) VALUES ($1, $2, $3, $4)
         ON CONFLICT (payout_id, user_id) DO NOTHING RETURNING payout_id`,
        [id, principal.userId, principal.email, principal.role],
      );
      if (added.length === 0)
        throw new DomainError(
          'APPROVAL_NOT_ALLOWED',
          'You have already approved this payout: the second approval must come from another manager or admin',
        );
      const [{ n }] = await manager.query<Array<{ n: number }>>(
        'SELECT count(*)::int AS n FROM payout_approvals WHERE payout_id = $1',
        [id],
      );
      const approved = n >= payout.approvals_required;
      if (approved)
        await manager.query(
          "UPDATE payouts SET status = 'approved', approved_at = now() WHERE id = $1 AND status = 'pending'",
          [id],
        );
      return { approvals: n, approved };
    });
    const view = await this.get(id);
    await this.audit.record(principal, {
      action: 'payout.approve',
      subjectId: id,
      details: {
        periodKey: view.periodKey,
        repId: view.repId,
        amount: view.amount,
        currency: view.currency,
        approvals: result.approvals,
        approvalsRequired: view.approvalsRequired,
        status: view.status,
      },
    });
    return view;
  }

  /**
   * A manual line (a correction a manager makes by hand) with its required reason. Only on a payout
   * nobody has approved yet: the approvers must see the amount they approve.
   */
  async addLine(id: string, amount: number, reason: string, principal: Principal): Promise<PayoutView> {
    const by = principal.kind === 'user' ? principal.email : `${principal.kind}:${principal.name}`;
    await this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<Array<{ status: PayoutStatus; amount: string; period_key: string }>>(
        'SELECT status, amount::text, period_key FROM payouts WHERE id = $1 FOR UPDATE',
        [id],
      );
      const payout = rows[0];
      if (!payout) throw new DomainError('NOT_FOUND', `Payout ${id} not found`);
      const [{ n }] = await manager.query<Array<{ n: number }>>(
        'SELECT count(*)::int AS n FROM payout_approvals WHERE payout_id = $1',
        [id],
      );
      if (payout.status === 'approved' || n > 0)
        throw new DomainError('CONFLICT', 'The payout has approvals: it can no longer be changed');
      const total = Number(payout.amount) + amount;
      const line: PayoutLineItem = {
        kind: 'manual',
        label: reason,
        amount,
        periodKey: payout.period_key,
        by,
      };
      await modifyReturning(
        manager,
        `UPDATE payouts SET line_items = line_items || $2::jsonb, amount = $3, approvals_required = $4
         WHERE id = $1 RETURNING id`,
        [id, JSON.stringify([line]), total, approvalsRequired(total, this.config.payoutSecondApprovalAbove)],
      );
    });
    const view = await this.get(id);
    await this.audit.record(principal, {
      action: 'payout.adjust',
      subjectId: id,
      details: { periodKey: view.periodKey, repId: view.repId, amount, reason, total: view.amount },
    });
    return view;
  }

  /** The month's payouts as CSV for payroll: every payout, with its status (see ARCHITECTURE.md). */
  async exportCsv(periodKey: string): Promise<string> {
    return payoutsCsv(await this.list(periodKey));
  }

  private async views(sql: Sql, rows: PayoutRow[]): Promise<PayoutView[]> {
    if (rows.length === 0) return [];
    const approvals = await sql.query<
      Array<{ payout_id: string; user_id: string; name: string; role: string; at: Date }>
    >(
      'SELECT payout_id, user_id, name, role, at FROM payout_approvals WHERE payout_id = ANY($1::uuid[]) ORDER BY at',
      [rows.map((r) => r.id)],
    );
    const byPayout = new Map<string, PayoutApprovalView[]>();
    for (const a of approvals) {
      const list = byPayout.get(a.payout_id) ?? [];
      list.push({ userId: a.user_id, name: a.name, role: a.role, at: new Date(a.at).toISOString() });
      byPayout.set(a.payout_id, list);
    }
    return rows.map((r) => {
      const milli = Number(r.milli_points ?? 0);
      return {
        id: r.id,
        periodKey: r.period_key,
        repId: r.rep_id,
        repKey: r.rep_key ?? '',
        name: r.name ?? '',
        tier: r.tier,
        milliPoints: milli,
        points: milliToPoints(milli),
        rank: r.rank ?? 0,
        amount: Number(r.amount),
        currency: r.currency,
        lineItems: r.line_items,
        status: r.status,
        approvalsRequired: r.approvals_required,
        approvals: byPayout.get(r.id) ?? [],
      };
    });
  }
}

function requireMonth(periodKey: string): void {
  if (!MONTH_KEY.test(periodKey))
    throw new DomainError('VALIDATION_FAILED', `period must be a month YYYY-MM, got "${periodKey}"`, [
      { path: 'period', message: 'must be a month YYYY-MM' },
    ]);
}
