/**
 * Query strings and request bodies of the HTTP API that no domain module of this library owns: the
 * shapes the API's DTO classes validate (apps/api/src/<module>/dto), so that the route map
 * (`routes.ts`) types both ends of every call.
 */
import type { Period } from './boards.js';
import type { KpiInputKind, Money } from './kpis.js';
import type { WorkingHours } from './rulesets.js';

/** `GET /api/audit`: newest first, `before` an entry id (paging back). */
export interface AuditQuery {
  limit?: number;
  before?: string;
}

/** `GET /api/boards`. */
export interface BoardQuery {
  period?: Period;
  team?: string;
  /** all, team:<id>, tenure:<band>, improved, or competition:<id>. */
  scope?: string;
  /** The board instance containing this instant (default: now). */
  at?: string;
}

/** `GET /api/reps/:id/breakdown`, `GET /api/kpis/targets`. */
export interface PeriodAtQuery {
  period?: Period;
  at?: string;
}

/** `GET /api/reps/:id/burnout`: local days `YYYY-MM-DD`, both inclusive. */
export interface BurnoutWindowQuery {
  from?: string;
  to?: string;
}

/** `GET /api/burnout`. */
export interface BurnoutQuery extends BurnoutWindowQuery {
  team?: string;
}

/** `GET /api/kpis`: scope `org`, `team:<id>` or `rep:<id>`. */
export interface KpiQuery {
  period?: Period;
  scope?: string;
  periods?: number;
  at?: string;
}

/** `GET /api/payouts`, `GET /api/payouts/export.csv`: a closed month `YYYY-MM`. */
export interface PayoutQuery {
  period: string;
}

/** `PUT /api/kpis/inputs`: the month's spend or direct costs, replacing the previous figure. */
export interface KpiInputBody extends Money {
  kind: KpiInputKind;
  /** `YYYY-MM` in the org time zone. */
  month: string;
}

/** `PUT /api/kpis/targets`: a rep's sales target for one period instance. */
export interface RepTargetBody extends Money {
  repId: string;
  period: Period;
  /** `YYYY-MM`, `YYYY-Qn` or `YYYY-MM-DD`. */
  periodKey: string;
}

/** `POST /api/payouts/:id/lines`: a manual line, negative to deduct. */
export interface PayoutLineBody {
  amount: number;
  reason: string;
}

/** `POST /api/teams`, `PATCH /api/teams/:id`. */
export interface TeamBody {
  name: string;
}

/** `POST /api/reps`. */
export interface CreateRepInput {
  key: string;
  name: string;
  teamId: string;
  region?: string;
  email?: string;
  /** http(s) URL of the rep's photo on the wall board; null clears it. */
  photoUrl?: string | null;
  /** `YYYY-MM-DD`: the rep's tenure bracket on the fair boards; null clears it. */
  startedOn?: string | null;
  workingHours?: WorkingHours | null;
}

/** `PATCH /api/reps/:id`. */
export type UpdateRepInput = Partial<CreateRepInput> & { active?: boolean };

/** `DELETE /api/reps/:id`: a rep with events is kept, deactivated. */
export interface RepDeleteResult {
  deleted: boolean;
  deactivated: boolean;
}

/** `POST /api/rulesets`, `PATCH /api/rulesets/:id`, `POST /api/rulesets/validate`. */
export interface RuleSetBody {
  /** A rule set document (SPEC 4a) as edited: the API validates any value (422 RULESET_INVALID). */
  document: unknown;
}

/** `POST /api/rulesets/:id/publish`. */
export interface PublishBody {
  effectiveFrom: string;
}

/** `POST /api/rulesets/:id/preview`. */
export interface PreviewBody {
  from: string;
  to: string;
}

/** `GET /api/health`: 503 with `Retry-After` and `unavailable` when the database does not answer. */
export interface HealthView {
  status: 'ok' | 'unavailable';
}
