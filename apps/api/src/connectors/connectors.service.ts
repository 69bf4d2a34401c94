import { Injectable } from '@nestjs/common';
import type {
  ConnectorHealth,
  ConnectorSettings,
  ConnectorStage,
  ConnectorUserView,
  ConnectorView,
  CreatedConnector,
} from '@leaderboard/contracts';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { LedgerRepository } from '../repositories/ledger.repository.js';
import { ConnectorsRepository, type ConnectorRecord } from '../repositories/connectors.repository.js';
import { RepsRepository } from '../repositories/reps.repository.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { supportedKinds } from './adapter-registry.js';
import { ConnectorCache } from './connector-cache.js';
import { ConnectorCipher, newUrlSecret } from './connector-cipher.js';
import type { ConnectorKind } from './connector-adapter.js';
import { toConnectorView, toHealth } from './connector-views.js';
import { placeholderRep } from './event-mapping.js';
import { genericSettingsProblem } from './generic.adapter.js';

const HOUR_MS = 3_600_000;

/** Connectors: create (secrets shown once), read without secrets, the user and stage maps, health. */
@Injectable()
export class ConnectorsService {
  constructor(
    private readonly connectors: ConnectorsRepository,
    private readonly reps: RepsRepository,
    private readonly ledger: LedgerRepository,
    private readonly scoring: ScoringService,
    private readonly cipher: ConnectorCipher,
    private readonly clock: Clock,
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
    return { ...this.view(row), hookPath: `/api/hooks/${row.id}/${secret}`, credentials: values };
  }

  async list(): Promise<ConnectorView[]> {
    return (await this.connectors.list()).map((row) => this.view(row));
  }

  async get(id: string): Promise<ConnectorView> {
    return this.view(await this.find(id));
  }

  async update(
    id: string,
    change: { name?: string; settings?: ConnectorSettings; disabled?: boolean },
  ): Promise<ConnectorView> {
    const current = await this.find(id);
    if (change.settings !== undefined) this.checkSettings(current.kind as ConnectorKind, change.settings);
    const row = await this.connectors.update(id, { ...change, name: change.name?.trim() });
    this.hookCache.forget(id);
    if (row === null) throw notFound();
    return this.view(row);
  }

  /** Deletes the connector with its inbox and maps; its events stay in the ledger. */
  async remove(id: string): Promise<void> {
    const removed = await this.connectors.remove(id);
    this.hookCache.forget(id);
    if (!removed) throw notFound();
  }

  async health(id: string): Promise<ConnectorHealth> {
    await this.find(id);
    const stats = await this.connectors.stats(id, this.clock.now() - HOUR_MS);
    return toHealth(id, stats, await this.connectors.lastFailure(id));
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
  async scoreHeld(connectorId: string, crmUserId: string, repId: string): Promise<number> {
    const events = await this.ledger.attachHeldKeyToRep(placeholderRep(connectorId, crmUserId), repId);
    await this.scoring.apply(events);
    return events.length;
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

  private view(row: ConnectorRecord): ConnectorView {
    const { values } = this.cipher.open({ iv: row.secret_iv, tag: row.secret_tag, data: row.secret_data });
    return toConnectorView(row, { credentialNames: Object.keys(values).sort(), alert: null });
  }

  private async find(id: string): Promise<ConnectorRecord> {
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
