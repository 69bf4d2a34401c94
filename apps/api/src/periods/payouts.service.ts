import { Inject, Injectable } from '@nestjs/common';
import type { PayoutApprovalView, PayoutLineItem, PayoutView } from '@leaderboard/contracts';
import { approvalsRequired, milliToPoints } from '@leaderboard/scoring';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PayoutsRepository, type PayoutRow } from '../repositories/payouts.repository.js';
import { payoutsCsv } from './payouts-csv.js';
import { MONTH_KEY } from './period-lock.js';

/** Payouts of closed months: line items, approvals (a second approver above the threshold), CSV. */
@Injectable()
export class PayoutsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly payouts: PayoutsRepository,
  ) {}

  async list(periodKey: string): Promise<PayoutView[]> {
    requireMonth(periodKey);
    return this.views(await this.payouts.ofMonth(periodKey));
  }

  async get(id: string): Promise<PayoutView> {
    const row = await this.payouts.find(id);
    if (!row) throw new DomainError('NOT_FOUND', `Payout ${id} not found`);
    return (await this.views([row]))[0] as PayoutView;
  }

  /**
   * One approval by a manager or admin. A payout above the threshold needs two different people;
   * the same person approving again is refused, so nobody acting alone can approve it fully.
   */
  async approve(id: string, principal: Principal): Promise<PayoutView> {
    if (principal.kind !== 'user' || (principal.role !== 'manager' && principal.role !== 'admin'))
      throw new DomainError('APPROVAL_NOT_ALLOWED', 'Only a manager or an admin can approve a payout');
    const result = await this.dataSource.transaction(async (manager) => {
      const payout = await this.payouts.lockForApproval(id, manager);
      if (!payout) throw new DomainError('NOT_FOUND', `Payout ${id} not found`);
      if (payout.status === 'approved') throw new DomainError('CONFLICT', 'The payout is already approved');
      if (!(await this.payouts.addApproval(id, principal, manager)))
        throw new DomainError(
          'APPROVAL_NOT_ALLOWED',
          'You have already approved this payout: the second approval must come from another manager or admin',
        );
      const n = await this.payouts.countApprovals(id, manager);
      const approved = n >= payout.approvals_required;
      if (approved) await this.payouts.markApproved(id, manager);
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
      const payout = await this.payouts.lockForChange(id, manager);
      if (!payout) throw new DomainError('NOT_FOUND', `Payout ${id} not found`);
      const n = await this.payouts.countApprovals(id, manager);
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
      await this.payouts.appendLine(
        id,
        line,
        total,
        approvalsRequired(total, this.config.payoutSecondApprovalAbove),
        manager,
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

  private async views(rows: PayoutRow[]): Promise<PayoutView[]> {
    if (rows.length === 0) return [];
    const approvals = await this.payouts.approvals(rows.map((r) => r.id));
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
