import { Injectable } from '@nestjs/common';
import type { KpiInputKind, KpiInputView, Money, Period, RepTargetView } from '@leaderboard/contracts';
import { inputsOfInstances, kpiInputKey, repTargetKey, type PeriodInstance } from '@leaderboard/scoring';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { RepsRepository } from '../repositories/reps.repository.js';

/** What a period key looks like for each period a target can be set for. */
function periodKeyPattern(period: Period): RegExp {
  return period === 'month'
    ? /^\d{4}-\d{2}$/
    : period === 'quarter'
      ? /^\d{4}-Q[1-4]$/
      : /^\d{4}-\d{2}-\d{2}$/;
}

/** The figures managers enter (`kpi_inputs`: monthly spend, direct costs; `rep_targets`). */
@Injectable()
export class KpiInputsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reps: RepsRepository,
  ) {}

  /** Spend and direct costs of the instances (a quarter sums its three months). */
  async monthlyInputs(instances: PeriodInstance[]): Promise<Map<string, Money>> {
    const rows = await this.dataSource.query<
      Array<{ kind: string; month: string; amount: string; currency: string }>
    >('SELECT kind, month, amount, currency FROM kpi_inputs');
    return inputsOfInstances(
      rows.map((r) => ({ kind: r.kind, month: r.month, amount: Number(r.amount), currency: r.currency })),
      instances,
    );
  }

  /** Targets of the period instances `keys`, under `repTargetKey(repId, periodKey)`. */
  async targetsOf(period: Period, keys: string[]): Promise<Map<string, Money>> {
    const rows = await this.dataSource.query<
      Array<{ rep_id: string; period_key: string; amount: string; currency: string }>
    >(
      'SELECT rep_id, period_key, amount, currency FROM rep_targets WHERE period = $1 AND period_key = ANY($2)',
      [period, keys],
    );
    return new Map(
      rows.map((r) => [
        repTargetKey(r.rep_id, r.period_key),
        { amount: Number(r.amount), currency: r.currency },
      ]),
    );
  }

  async listInputs(): Promise<KpiInputView[]> {
    const rows = await this.dataSource.query<
      Array<{ kind: KpiInputKind; month: string; amount: string; currency: string; updated_at: Date }>
    >('SELECT kind, month, amount, currency, updated_at FROM kpi_inputs ORDER BY month DESC, kind');
    return rows.map((r) => ({
      id: kpiInputKey(r.kind, r.month),
      kind: r.kind,
      month: r.month,
      amount: Number(r.amount),
      currency: r.currency,
      updatedAt: new Date(r.updated_at).toISOString(),
    }));
  }

  /** One statement: insert or replace the figure of (kind, month). */
  async setInput(
    input: { kind: KpiInputKind; month: string; amount: number; currency: string },
    by: string,
  ): Promise<KpiInputView> {
    const rows = await this.dataSource.query<Array<{ updated_at: Date }>>(
      `INSERT INTO kpi_inputs (kind, month, amount, currency, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kind, month) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency,
         updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING updated_at`,
      [input.kind, input.month, input.amount, input.currency, by],
    );
    return {
      id: kpiInputKey(input.kind, input.month),
      kind: input.kind,
      month: input.month,
      amount: input.amount,
      currency: input.currency,
      updatedAt: new Date((rows[0] as { updated_at: Date }).updated_at).toISOString(),
    };
  }

  async setTarget(
    input: { repId: string; period: Period; periodKey: string; amount: number; currency: string },
    by: string,
  ): Promise<RepTargetView> {
    if (!periodKeyPattern(input.period).test(input.periodKey)) {
      throw new DomainError('VALIDATION_FAILED', 'The request is not valid', [
        { path: 'periodKey', message: `periodKey does not name a ${input.period}` },
      ]);
    }
    if (!(await this.reps.exists(input.repId)))
      throw new DomainError('NOT_FOUND', `Rep ${input.repId} not found`);
    const rows = await this.dataSource.query<Array<{ updated_at: Date }>>(
      `INSERT INTO rep_targets (rep_id, period, period_key, amount, currency, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (rep_id, period, period_key) DO UPDATE SET amount = EXCLUDED.amount,
         currency = EXCLUDED.currency, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING updated_at`,
      [input.repId, input.period, input.periodKey, input.amount, input.currency, by],
    );
    return {
      id: `${input.repId}:${input.period}:${input.periodKey}`,
      ...input,
      updatedAt: new Date((rows[0] as { updated_at: Date }).updated_at).toISOString(),
    };
  }
}
