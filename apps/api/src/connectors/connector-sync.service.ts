import { Injectable } from '@nestjs/common';
import type {
  ConnectorStageRow,
  ConnectorSyncResult,
  ConnectorUserRow,
  EventType,
} from '@leaderboard/contracts';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import {
  ConnectorMapsRepository,
  type SyncedStage,
  type SyncedUser,
} from '../repositories/connector-maps.repository.js';
import type { ConnectorRecord } from '../repositories/connectors.repository.js';
import { ConnectorsService } from './connectors.service.js';
import type { CrmClient, CrmPipelineStage, CrmUser } from './crm/crm-client.js';
import { CrmClients, hasCrmClient } from './crm/crm-client-registry.js';
import { CrmHttpError } from './crm/crm-http.js';
import { MappedIngest } from './mapped-ingest.js';

/** How the manager reads each CRM's name in an error. */
const CRM_NAMES: Readonly<Record<string, string>> = {
  amocrm: 'amoCRM',
  bitrix24: 'Bitrix24',
  getcourse: 'GetCourse',
  hubspot: 'HubSpot',
  pipedrive: 'Pipedrive',
};
/** The credential a manager checks when a CRM refuses it, as the /admin form names it (else the API token). */
const CREDENTIAL_NAMES: Readonly<Record<string, string>> = {
  bitrix24: 'the inbound webhook URL (REST)',
};
const MAX_ID = 200;
const MAX_TEXT = 500;

export const crmName = (kind: string): string => CRM_NAMES[kind] ?? kind;

/**
 * A failure of a CRM's API as the manager reads it: not answering (down, timed out, still 429 or
 * 5xx after CrmHttp's retries, an answer that cannot be read) is 502 `CRM_UNAVAILABLE`; refusing
 * (401 bad token, 403, 404) is 422 `CRM_REFUSED` with the CRM's answer. Never a 500.
 */
export function crmFailure(kind: string, error: unknown): DomainError {
  const name = crmName(kind);
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof CrmHttpError && error.status !== null && error.status < 500 && error.status !== 429) {
    const credential = CREDENTIAL_NAMES[kind] ?? 'the API token';
    const hint =
      error.status === 401 || error.status === 403 ? ` (check ${credential} of the connector)` : '';
    return new DomainError('CRM_REFUSED', `${name} refused the request${hint}: ${text}`);
  }
  return new DomainError('CRM_UNAVAILABLE', `${name} did not answer usably, try again later: ${text}`);
}

/** Runs a call of a CRM's API, its failures as `crmFailure`. */
export async function callCrm<T>(kind: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw crmFailure(kind, error);
  }
}

/** NUL and lone surrogates, which the database cannot store as text. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what it looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const text = (value: string | null | undefined): string | null =>
  typeof value === 'string' && value.trim() !== ''
    ? value.slice(0, MAX_TEXT).replace(UNSTORABLE, '\uFFFD')
    : null;
const validId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_ID && !value.match(UNSTORABLE);

const presetOf = (semantic: CrmPipelineStage['semantic']): EventType | null =>
  semantic === 'won' ? 'deal_won' : semantic === 'lost' ? 'deal_lost' : null;

/**
 * Reads a connector's CRM users and pipelines' stages from its API into the user and stage maps:
 * users matched to reps by e-mail (never overriding a manual map), stages typed from the CRM's
 * won/lost semantics where the manager set no type.
 */
@Injectable()
export class ConnectorSyncService {
  constructor(
    private readonly connectors: ConnectorsService,
    private readonly maps: ConnectorMapsRepository,
    private readonly crmClients: CrmClients,
    private readonly ingest: MappedIngest,
    private readonly clock: Clock,
  ) {}

  /** The connector's CRM client, or 409 CRM_NOT_CONNECTED saying why there is none. */
  clientOf(connector: ConnectorRecord): CrmClient {
    if (!hasCrmClient(connector.kind))
      throw new DomainError(
        'CRM_NOT_CONNECTED',
        `Connectors of kind "${connector.kind}" do not read a CRM's API: they only receive webhooks`,
      );
    const client = this.crmClients.clientFor(connector);
    if (client === null)
      throw new DomainError(
        'CRM_NOT_CONNECTED',
        `The connector lacks what ${crmName(connector.kind)}'s API needs (its API address or token): add them first`,
      );
    return client;
  }

  async sync(id: string): Promise<ConnectorSyncResult> {
    const connector = await this.connectors.find(id);
    return this.syncWith(connector, this.clientOf(connector));
  }

  /** Reads both lists first, then stores them: a CRM failure stores nothing. */
  async syncWith(connector: ConnectorRecord, client: CrmClient): Promise<ConnectorSyncResult> {
    const [users, stages] = await callCrm(connector.kind, () =>
      Promise.all([client.users(), client.stages()]),
    );
    const now = this.clock.now();
    const syncedUsers = this.usersOf(users);
    const syncedStages = this.stagesOf(stages);
    await this.maps.upsertUsers(connector.id, syncedUsers, now);
    await this.maps.upsertStages(connector.id, syncedStages, now);
    const matched = await this.maps.matchByEmail(connector.id, null);
    for (const match of matched) await this.ingest.scoreHeld(connector.id, match.crmUserId, match.repId);
    return { users: syncedUsers.length, matched: matched.length, stages: syncedStages.length };
  }

  async users(id: string): Promise<ConnectorUserRow[]> {
    await this.connectors.find(id);
    return this.maps.userRows(id);
  }

  async stages(id: string): Promise<ConnectorStageRow[]> {
    await this.connectors.find(id);
    return this.maps.stageRows(id);
  }

  /** Valid, distinct users (the CRM's answer is not trusted to be either). */
  private usersOf(users: readonly CrmUser[]): SyncedUser[] {
    const byId = new Map<string, SyncedUser>();
    for (const user of users) {
      if (!validId(user.crmUserId)) continue;
      byId.set(user.crmUserId, {
        crmUserId: user.crmUserId,
        name: text(user.name),
        email: text(user.email)?.toLowerCase() ?? null,
        active: user.active !== false,
      });
    }
    return [...byId.values()];
  }

  private stagesOf(stages: readonly CrmPipelineStage[]): SyncedStage[] {
    const byKey = new Map<string, SyncedStage>();
    for (const stage of stages) {
      if (!validId(stage.stageId) || (stage.pipelineId !== null && !validId(stage.pipelineId))) continue;
      const semantic = ['won', 'lost', 'open'].includes(stage.semantic ?? '') ? stage.semantic : null;
      byKey.set(`${stage.pipelineId ?? ''}\u0000${stage.stageId}`, {
        pipelineId: stage.pipelineId,
        stageId: stage.stageId,
        pipelineName: text(stage.pipelineName),
        name: text(stage.name),
        semantic,
        preset: presetOf(semantic),
      });
    }
    return [...byKey.values()];
  }
}
