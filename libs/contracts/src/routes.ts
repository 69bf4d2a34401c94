/**
 * The HTTP API as one map: every route the API registers, `METHOD /api/path` (with `:param`s) ->
 * its query, body and response types. The web client (apps/web/src/session/api.ts) is checked
 * against it, and apps/api/src/api-routes.integration-spec.ts checks that the map, docs/openapi.yaml
 * and the routes the Nest app registers are the same set.
 */
import type { AuditEntry, LoginResponse, PublicRepView, RepView, TeamView } from './api.js';
import type {
  CreatedToken,
  CreateTokenInput,
  CreateUserInput,
  LoginInput,
  MeView,
  TokenView,
  UpdateUserInput,
  UserView,
  WhoAmIView,
} from './auth.js';
import type { BoardResponse, BreakdownResponse, DisplaySettings } from './boards.js';
import type { BurnoutResponse } from './burnout.js';
import type { CompetitionInput, CompetitionView } from './competitions.js';
import type {
  ConnectorHealth,
  ConnectorInput,
  ConnectorStage,
  ConnectorStagesInput,
  ConnectorUserInput,
  ConnectorUserView,
  ConnectorUserRow,
  ConnectorStageRow,
  ConnectorSyncResult,
  ConnectorBackfillInput,
  ConnectorJobView,
  InboxDeliveryView,
  ConnectorView,
  CreatedConnector,
  UpdateConnectorInput,
} from './connectors.js';
import type { EventBatchInput, EventImportResponse, EventInput, IngestResponse } from './events.js';
import type { KpiInputView, KpiResponse, RepTargetView, SuggestedTargetsResponse } from './kpis.js';
import type { AdjustmentView, PayoutView, PeriodCloseView, PeriodSummary } from './periods.js';
import type {
  AuditQuery,
  BoardQuery,
  BurnoutQuery,
  BurnoutWindowQuery,
  CreateRepInput,
  HealthView,
  KpiInputBody,
  KpiQuery,
  PayoutLineBody,
  PayoutQuery,
  PeriodAtQuery,
  PreviewBody,
  PublishBody,
  RepDeleteResult,
  RepTargetBody,
  RuleSetBody,
  TeamBody,
  UpdateRepInput,
} from './requests.js';
import type { PreviewResponse, RuleSetView, ValidationProblem, WorkingHours } from './rulesets.js';

/** A rep as admins and managers see them, with the working hours of their own (null: the org's). */
export interface RepDetails extends RepView {
  workingHours: WorkingHours | null;
}

/** What a rep, a display or a manager reads of a rep: the full view or the public one (by role). */
export type RepViewByRole = RepDetails | PublicRepView;

/** `POST /api/rulesets/validate`. */
export interface RuleSetValidation {
  ok: boolean;
  problems: ValidationProblem[];
}

/**
 * One route: `query` and `body` when it takes them, `response` the JSON it answers (`void`: 204,
 * no body); `produces` marks a route that answers something other than JSON, `consumes` one whose
 * body is not JSON (the body type is then the text sent as it is).
 */
export interface RouteTypes {
  query?: object;
  body?: unknown;
  response: unknown;
  produces?: string;
  consumes?: string;
}

export interface ApiRoutes {
  'GET /api/audit': { query: AuditQuery; response: AuditEntry[] };

  'POST /api/auth/login': { body: LoginInput; response: LoginResponse };
  'GET /api/auth/whoami': { response: WhoAmIView };
  'GET /api/auth/me': { response: MeView };

  'GET /api/tokens': { response: TokenView[] };
  'POST /api/tokens': { body: CreateTokenInput; response: CreatedToken };
  'POST /api/tokens/:id/revoke': { response: TokenView };
  'DELETE /api/tokens/:id': { response: TokenView };

  'GET /api/users': { response: UserView[] };
  'GET /api/users/:id': { response: UserView };
  'POST /api/users': { body: CreateUserInput; response: UserView };
  'PATCH /api/users/:id': { body: UpdateUserInput; response: UserView };

  'GET /api/boards': { query: BoardQuery; response: BoardResponse };
  'GET /api/settings': { response: DisplaySettings };
  'GET /api/reps/:id/breakdown': { query: PeriodAtQuery; response: BreakdownResponse };

  'GET /api/burnout': { query: BurnoutQuery; response: BurnoutResponse };
  'GET /api/reps/:id/burnout': { query: BurnoutWindowQuery; response: BurnoutResponse };

  'GET /api/competitions': { response: CompetitionView[] };
  'GET /api/competitions/:id': { response: CompetitionView };
  'POST /api/competitions': { body: CompetitionInput; response: CompetitionView };
  'DELETE /api/competitions/:id': { response: void };

  'GET /api/connectors': { response: ConnectorView[] };
  'POST /api/connectors': { body: ConnectorInput; response: CreatedConnector };
  'GET /api/connectors/:id': { response: ConnectorView };
  'PATCH /api/connectors/:id': { body: UpdateConnectorInput; response: ConnectorView };
  'DELETE /api/connectors/:id': { response: void };
  'GET /api/connectors/:id/health': { response: ConnectorHealth };
  'PUT /api/connectors/:id/users/:crmUserId': { body: ConnectorUserInput; response: ConnectorUserView };
  'PUT /api/connectors/:id/stages': { body: ConnectorStagesInput; response: ConnectorStage[] };
  'GET /api/connectors/:id/users': { response: ConnectorUserRow[] };
  'GET /api/connectors/:id/stages': { response: ConnectorStageRow[] };
  'POST /api/connectors/:id/sync': { response: ConnectorSyncResult };
  'POST /api/connectors/:id/backfill': { body: ConnectorBackfillInput; response: ConnectorJobView };
  'GET /api/connectors/:id/jobs': { response: ConnectorJobView[] };
  'GET /api/connectors/:id/inbox': { query: { status?: string }; response: InboxDeliveryView[] };
  'POST /api/connectors/:id/inbox/:deliveryId/replay': { response: InboxDeliveryView };
  /** Public: the CRM's webhook (the secret in the path); any body up to 1 MB, stored raw. */
  'POST /api/hooks/:connectorId/:secret': { response: { ok: true } };
  'GET /api/hooks/:connectorId/:secret': { response: { ok: true } | string };
  /** The same, at any path below the address (Mango Office adds `/events/summary`). */
  'POST /api/hooks/:connectorId/:secret/:tail': { response: { ok: true } };
  'GET /api/hooks/:connectorId/:secret/:tail': { response: { ok: true } | string };

  'POST /api/events': { body: EventInput | EventBatchInput; response: IngestResponse };
  /** The body is the CSV file itself (text/csv), streamed; up to 50 MB and 200,000 rows. */
  'POST /api/events/import': { body: string; response: EventImportResponse; consumes: 'text/csv' };

  'GET /api/health': { response: HealthView };

  'GET /api/kpis': { query: KpiQuery; response: KpiResponse };
  'GET /api/kpis/inputs': { response: KpiInputView[] };
  'PUT /api/kpis/inputs': { body: KpiInputBody; response: KpiInputView };
  'GET /api/kpis/targets': { query: PeriodAtQuery; response: SuggestedTargetsResponse };
  'PUT /api/kpis/targets': { body: RepTargetBody; response: RepTargetView };

  'GET /api/payouts': { query: PayoutQuery; response: PayoutView[] };
  'GET /api/payouts/export.csv': { query: PayoutQuery; response: string; produces: 'text/csv' };
  'POST /api/payouts/:id/approve': { response: PayoutView };
  'POST /api/payouts/:id/lines': { body: PayoutLineBody; response: PayoutView };

  'GET /api/periods': { response: PeriodSummary[] };
  'GET /api/periods/:periodKey': { response: PeriodCloseView };
  'POST /api/periods/:periodKey/close': { response: PeriodCloseView };
  'GET /api/adjustments': { response: AdjustmentView[] };

  'GET /api/teams': { response: TeamView[] };
  'POST /api/teams': { body: TeamBody; response: TeamView };
  'PATCH /api/teams/:id': { body: TeamBody; response: TeamView };
  'DELETE /api/teams/:id': { response: void };

  'GET /api/reps': { response: RepViewByRole[] };
  'GET /api/reps/:id': { response: RepViewByRole };
  'POST /api/reps': { body: CreateRepInput; response: RepDetails };
  'PATCH /api/reps/:id': { body: UpdateRepInput; response: RepDetails };
  'DELETE /api/reps/:id': { response: RepDeleteResult };

  'GET /api/rulesets': { response: RuleSetView[] };
  'POST /api/rulesets/validate': { body: RuleSetBody; response: RuleSetValidation };
  'GET /api/rulesets/:id': { response: RuleSetView };
  'POST /api/rulesets': { body: RuleSetBody; response: RuleSetView };
  'PATCH /api/rulesets/:id': { body: RuleSetBody; response: RuleSetView };
  'DELETE /api/rulesets/:id': { response: void };
  'POST /api/rulesets/:id/publish': { body: PublishBody; response: RuleSetView };
  'POST /api/rulesets/:id/preview': { body: PreviewBody; response: PreviewResponse };
}

export type RouteKey = keyof ApiRoutes;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Every key once, at run time: the object's type makes a key missing from, or extra to, the map a type error. */
const ROUTE_KEYS = {
  'GET /api/audit': true,
  'POST /api/auth/login': true,
  'GET /api/auth/whoami': true,
  'GET /api/auth/me': true,
  'GET /api/tokens': true,
  'POST /api/tokens': true,
  'POST /api/tokens/:id/revoke': true,
  'DELETE /api/tokens/:id': true,
  'GET /api/users': true,
  'GET /api/users/:id': true,
  'POST /api/users': true,
  'PATCH /api/users/:id': true,
  'GET /api/boards': true,
  'GET /api/settings': true,
  'GET /api/reps/:id/breakdown': true,
  'GET /api/burnout': true,
  'GET /api/reps/:id/burnout': true,
  'GET /api/competitions': true,
  'GET /api/competitions/:id': true,
  'POST /api/competitions': true,
  'DELETE /api/competitions/:id': true,
  'GET /api/connectors': true,
  'POST /api/connectors': true,
  'GET /api/connectors/:id': true,
  'PATCH /api/connectors/:id': true,
  'DELETE /api/connectors/:id': true,
  'GET /api/connectors/:id/health': true,
  'PUT /api/connectors/:id/users/:crmUserId': true,
  'PUT /api/connectors/:id/stages': true,
  'GET /api/connectors/:id/users': true,
  'GET /api/connectors/:id/stages': true,
  'POST /api/connectors/:id/sync': true,
  'POST /api/connectors/:id/backfill': true,
  'GET /api/connectors/:id/jobs': true,
  'GET /api/connectors/:id/inbox': true,
  'POST /api/connectors/:id/inbox/:deliveryId/replay': true,
  'POST /api/hooks/:connectorId/:secret': true,
  'GET /api/hooks/:connectorId/:secret': true,
  'POST /api/hooks/:connectorId/:secret/:tail': true,
  'GET /api/hooks/:connectorId/:secret/:tail': true,
  'POST /api/events': true,
  'POST /api/events/import': true,
  'GET /api/health': true,
  'GET /api/kpis': true,
  'GET /api/kpis/inputs': true,
  'PUT /api/kpis/inputs': true,
  'GET /api/kpis/targets': true,
  'PUT /api/kpis/targets': true,
  'GET /api/payouts': true,
  'GET /api/payouts/export.csv': true,
  'POST /api/payouts/:id/approve': true,
  'POST /api/payouts/:id/lines': true,
  'GET /api/periods': true,
  'GET /api/periods/:periodKey': true,
  'POST /api/periods/:periodKey/close': true,
  'GET /api/adjustments': true,
  'GET /api/teams': true,
  'POST /api/teams': true,
  'PATCH /api/teams/:id': true,
  'DELETE /api/teams/:id': true,
  'GET /api/reps': true,
  'GET /api/reps/:id': true,
  'POST /api/reps': true,
  'PATCH /api/reps/:id': true,
  'DELETE /api/reps/:id': true,
  'GET /api/rulesets': true,
  'POST /api/rulesets/validate': true,
  'GET /api/rulesets/:id': true,
  'POST /api/rulesets': true,
  'PATCH /api/rulesets/:id': true,
  'DELETE /api/rulesets/:id': true,
  'POST /api/rulesets/:id/publish': true,
  'POST /api/rulesets/:id/preview': true,
} satisfies Record<RouteKey, true>;

/** Every route of the map, `METHOD /api/path`. */
export const API_ROUTES = Object.keys(ROUTE_KEYS) as RouteKey[];

/** The paths of `method`'s routes that take and answer JSON. */
export type JsonPathOf<M extends HttpMethod> = {
  [K in RouteKey]: K extends `${M} ${infer P}`
    ? ApiRoutes[K] extends { produces: string } | { consumes: string }
      ? never
      : P
    : never;
}[RouteKey];

/** The paths of the POST routes whose body is a file (`consumes`), answering JSON. */
export type UploadPathOf = {
  [K in RouteKey]: K extends `POST ${infer P}`
    ? ApiRoutes[K] extends { consumes: string }
      ? P
      : never
    : never;
}[RouteKey];

/** The paths of `method`'s routes that answer a file (`produces`), not JSON. */
export type FilePathOf<M extends HttpMethod> = {
  [K in RouteKey]: K extends `${M} ${infer P}`
    ? ApiRoutes[K] extends { produces: string }
      ? P
      : never
    : never;
}[RouteKey];

/** The types of one route; never for a route that is not in the map or is not a `RouteTypes`. */
export type RouteOf<M extends HttpMethod, P extends string> = `${M} ${P}` extends RouteKey
  ? ApiRoutes[`${M} ${P}`] extends RouteTypes
    ? ApiRoutes[`${M} ${P}`]
    : never
  : never;

/** `{ id: string }` for `/api/reps/:id/breakdown`. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : Record<never, never>;
