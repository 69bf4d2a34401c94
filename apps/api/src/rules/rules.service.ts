import { Injectable } from '@nestjs/common';
import type { PreviewResponse, RuleSetView, ValidationProblem } from '@leaderboard/contracts';
import { previewRuleSet, validateRuleSet } from '@leaderboard/scoring';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { assertNotLocked } from '../periods/period-lock.js';
import { LedgerRepository } from '../repositories/ledger.repository.js';
import { PeriodClosesRepository } from '../repositories/period-closes.repository.js';
import { RepsRepository } from '../repositories/reps.repository.js';
import { RuleSetsRepository } from '../repositories/rule-sets.repository.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { RuleSetEntity } from './rule-set.entity.js';

function toView(r: RuleSetEntity): RuleSetView {
  return {
    id: r.id,
    version: r.version,
    status: r.status,
    document: r.document,
    effectiveFrom: r.effectiveFrom ? r.effectiveFrom.toISOString() : null,
    publishedAt: r.publishedAt ? r.publishedAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
  };
}

function parseInstant(text: string, path: string): number {
  const at = Date.parse(text);
  if (Number.isNaN(at))
    throw new DomainError('VALIDATION_FAILED', `${path} is not a valid date-time`, [
      { path, message: 'must be ISO-8601' },
    ]);
  return at;
}

@Injectable()
export class RulesService {
  constructor(
    @InjectRepository(RuleSetEntity) private readonly ruleSets: Repository<RuleSetEntity>,
    private readonly scoring: ScoringService,
    private readonly publishedRuleSets: RuleSetsRepository,
    private readonly reps: RepsRepository,
    private readonly ledger: LedgerRepository,
    private readonly closes: PeriodClosesRepository,
  ) {}

  async list(): Promise<RuleSetView[]> {
    const rows = await this.ruleSets.find({ order: { createdAt: 'DESC' } });
    return rows
      .sort(
        (a, b) =>
          (b.version ?? Infinity) - (a.version ?? Infinity) || b.createdAt.getTime() - a.createdAt.getTime(),
      )
      .map(toView);
  }

  async get(id: string): Promise<RuleSetView> {
    return toView(await this.find(id));
  }

  validate(document: unknown): { ok: boolean; problems: ValidationProblem[] } {
    const result = validateRuleSet(document);
    return result.ok ? { ok: true, problems: [] } : { ok: false, problems: result.problems };
  }

  async createDraft(document: unknown, createdBy: string | null): Promise<RuleSetView> {
    const valid = this.requireValid(document);
    const entity = this.ruleSets.create({
      status: 'draft',
      version: null,
      effectiveFrom: null,
      publishedAt: null,
      createdBy,
    });
    // Assigned, not merged by create(): its deep merge drops keys such as `constructor`.
    entity.document = valid;
    const draft = await this.ruleSets.save(entity);
    return toView(draft);
  }

  async updateDraft(id: string, document: unknown): Promise<RuleSetView> {
    const ruleSet = await this.find(id);
    if (ruleSet.status === 'published')
      throw new DomainError(
        'RULESET_PUBLISHED',
        `Rule set version ${ruleSet.version} is published and immutable`,
      );
    ruleSet.document = this.requireValid(document);
    await this.ruleSets.save(ruleSet);
    return toView(ruleSet);
  }

  async deleteDraft(id: string): Promise<void> {
    const ruleSet = await this.find(id);
    if (ruleSet.status === 'published')
      throw new DomainError(
        'RULESET_PUBLISHED',
        `Rule set version ${ruleSet.version} is published and immutable`,
      );
    await this.ruleSets.delete({ id });
  }

  /** Assigns the next version; from then on the rule set is immutable. Re-scores everything. */
  async publish(id: string, effectiveFrom: string): Promise<RuleSetView> {
    const ruleSet = await this.find(id);
    if (ruleSet.status === 'published')
      throw new DomainError('RULESET_PUBLISHED', `Rule set version ${ruleSet.version} is already published`);
    const at = parseInstant(effectiveFrom, 'effectiveFrom');
    // SPEC 4a: re-scoring may not reach into a closed (locked) month.
    await assertNotLocked(this.closes, at);
    let rows: Array<{ id: string }>;
    try {
      rows = await this.publishedRuleSets.publish(id, new Date(at));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('CONFLICT', 'Another rule set was published at the same time; try again');
      }
      throw error;
    }
    if (rows.length === 0) {
      // A month closed meanwhile, or the rule set was published meanwhile.
      await assertNotLocked(this.closes, at);
      throw new DomainError('RULESET_PUBLISHED', 'The rule set was published meanwhile');
    }
    await this.scoring.rebuild();
    return this.get(id);
  }

  /** What-if: the rule set (draft or not) against the published versions over [from, to). */
  async preview(id: string, from: string, to: string): Promise<PreviewResponse> {
    const ruleSet = await this.find(id);
    const fromMs = parseInstant(from, 'from');
    const toMs = parseInstant(to, 'to');
    if (toMs <= fromMs)
      throw new DomainError('VALIDATION_FAILED', 'to must be after from', [
        { path: 'to', message: 'must be after from' },
      ]);
    const [versions, reps, events] = await Promise.all([
      this.publishedRuleSets.publishedVersions(),
      this.reps.profiles(),
      this.ledger.scoredEvents({ from: new Date(fromMs), to: new Date(toMs) }),
    ]);
    return previewRuleSet({ events, reps, versions, draft: ruleSet.document, from: fromMs, to: toMs });
  }

  private requireValid(document: unknown) {
    const result = validateRuleSet(document);
    if (!result.ok) {
      throw new DomainError(
        'RULESET_INVALID',
        `The rule set has ${result.problems.length} problem(s)`,
        result.problems.map((p) => ({ path: p.path, message: p.message })),
      );
    }
    return result.document;
  }

  private async find(id: string): Promise<RuleSetEntity> {
    const ruleSet = await this.ruleSets.findOneBy({ id });
    if (!ruleSet) throw new DomainError('NOT_FOUND', `Rule set ${id} not found`);
    return ruleSet;
  }
}
