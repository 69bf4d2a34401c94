import { Injectable } from '@nestjs/common';
import type {
  ConnectorAlert,
  ConnectorSettings,
  ConnectorStage,
  ConnectorUserView,
  ConnectorView,
  CreatedConnector,
} from '@leaderboard/contracts';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { ConnectorHealthRepository } from '../repositories/connector-health.repository.js';
import { ConnectorsRepository, type ConnectorRecord } from '../repositories/connectors.repository.js';
import { RepsRepository } from '../repositories/reps.repository.js';
import { supportedKinds } from './adapter-registry.js';
import { ConnectorCache } from './connector-cache.js';
import { ConnectorCipher, newUrlSecret } from './connector-cipher.js';
import type { ConnectorKind } from './connector-adapter.js';
import { alertOf, GAP_WINDOW_MS } from './connector-alert.js';
import { toConnectorView } from './connector-views.js';
import { genericSettingsProblem } from './generic.adapter.js';
import { MappedIngest } from './mapped-ingest.js';

/** Connectors: create (secrets shown once), read without secrets, the user and stage maps, health. */
@Injectable()
export class ConnectorsService {
  constructor(
    private readonly connectors: ConnectorsRepository,
    private readonly reps: RepsRepository,
    private readonly ingest: MappedIngest,
    private readonly cipher: ConnectorCipher,
    private readonly clock: Clock,
    private readonly health: ConnectorHealthRepository,
    private readonly hookCache: ConnectorCache,
  ) {}

  async create(
    input: {
      kind: ConnectorKind;
      name: string;
      settings?: ConnectorSettings;
      credentials?: Record<string, string>;
    },
    createdBy: string | null,
  ): Promise<CreatedConnector> {
    if (!supportedKinds().includes(input.kind))
      throw new DomainError('VALIDATION_FAILED', `Connectors of kind "${input.kind}" are not available yet`, [
        { path: 'kind', message: `must be one of ${supportedKinds().join(', ')}` },
      ]);
    const settings = input.settings ?? {};
    this.checkSettings(input.kind, settings);
    const secret = newUrlSecret();
    const values = input.credentials ?? {};
    const row = await this.connectors.create({
      kind: input.kind,
      name: input.name.trim(),
      settings,
      sealed: this.cipher.seal({ secret, values }),
      createdBy,
    });
    return { ...this.view(row, null), hookPath: `/api/hooks/${row.id}/${secret}`, credentials: values };
  }

  /** Every connector with its alert (read for all of them in one statement). */
  async list(): Promise<ConnectorView[]> {
    const rows = await this.connectors.list();
    const alerts = await this.alerts(null);
    return rows.map((row) => this.view(row, alerts.get(row.id) ?? null));
  }

  async get(id: string): Promise<ConnectorView> {
    const row = await this.find(id);
    return this.view(row, (await this.alerts(id)).get(id) ?? null);
  }

  async update(
    id: string,
    change: {
      name?: string;
      settings?: ConnectorSettings;
      disabled?: boolean;
      credentials?: Record<string, string>;
    },
  ): Promise<ConnectorView> {
    const current = await this.find(id);
    if (change.settings !== undefined) this.checkSettings(current.kind as ConnectorKind, change.settings);
    // New vendor values are sealed again with the inbound URL's secret, which does not change.
    const { credentials, ...rest } = change;
    const sealed =
      credentials === undefined
        ? undefined
        : this.cipher.seal({ secret: this.opened(current).secret, values: credentials });
    const row = await this.connectors.update(id, { ...rest, name: change.name?.trim(), sealed });
    this.hookCache.forget(id);
    if (row === null) throw notFound();
    return this.view(row, (await this.alerts(id)).get(id) ?? null);
  }

  /** Deletes the connector with its inbox and maps; its events stay in the ledger. */
  async remove(id: string): Promise<void> {
    const removed = await this.connectors.remove(id);
    this.hookCache.forget(id);
    if (!removed) throw notFound();
  }

  /**
   * Maps a CRM user to a rep (null unmaps). Events held under the user's placeholder key are
   * attached to the rep and scored now; later events carry the rep's key.
   */
  async mapUser(id: string, crmUserId: string, repId: string | null): Promise<ConnectorUserView> {
    await this.find(id);
    if (crmUserId.length > 200)
      throw new DomainError('VALIDATION_FAILED', 'crmUserId is longer than 200 characters');
    if (repId !== null && !(await this.reps.exists(repId)))
      throw new DomainError('VALIDATION_FAILED', 'No such rep', [{ path: 'repId', message: 'is not a rep' }]);
    await this.connectors.setUser(id, crmUserId, repId, 'manual');
    const attached = repId === null ? 0 : await this.scoreHeld(id, crmUserId, repId);
    return { crmUserId, repId, matchedBy: 'manual', attached };
  }

  /** Attaches the events held under a CRM user's placeholder key to its rep and scores them; how many. */
  scoreHeld(connectorId: string, crmUserId: string, repId: string): Promise<number> {
    return this.ingest.scoreHeld(connectorId, crmUserId, repId);
  }

  async setStages(id: string, stages: ConnectorStage[]): Promise<ConnectorStage[]> {
    await this.find(id);
    const keys = new Set<string>();
    stages.forEach((s, index) => {
      const key = `${s.pipelineId ?? ''}\u0000${s.stageId}`;
      if (keys.has(key))
        throw new DomainError('VALIDATION_FAILED', 'A stage is listed twice', [
          { index, path: `stages.${index}`, message: 'the same pipelineId and stageId as an earlier one' },
        ]);
      keys.add(key);
    });
    await this.connectors.replaceStages(id, stages);
    return this.connectors.stages(id);
  }

  private view(row: ConnectorRecord, alert: ConnectorAlert | null): ConnectorView {
    const { values } = this.opened(row);
    return toConnectorView(row, { credentialNames: Object.keys(values).sort(), alert });
  }

  private opened(row: ConnectorRecord): { secret: string; values: Readonly<Record<string, string>> } {
    return this.cipher.open({ iv: row.secret_iv, tag: row.secret_tag, data: row.secret_data });
  }

  private async alerts(id: string | null): Promise<Map<string, ConnectorAlert | null>> {
    const now = this.clock.now();
    const facts = await this.health.facts(id, now - GAP_WINDOW_MS);
    return new Map(facts.map((f) => [f.connector_id, alertOf(f, now)]));
  }

  /** The connector, or NOT_FOUND. */
  async find(id: string): Promise<ConnectorRecord> {
    const row = await this.connectors.find(id);
    if (row === null) throw notFound();
    return row;
  }

  private checkSettings(kind: ConnectorKind, settings: ConnectorSettings): void {
    const problem = kind === 'generic' ? genericSettingsProblem(settings) : null;
    if (problem !== null)
      throw new DomainError('VALIDATION_FAILED', 'The settings are not valid', [
        { path: 'settings', message: problem },
      ]);
  }
}

const notFound = (): DomainError => new DomainError('NOT_FOUND', 'No such connector');
