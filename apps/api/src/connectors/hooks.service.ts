import { Injectable } from '@nestjs/common';
import type { ConnectorSettings } from '@leaderboard/contracts';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { ConnectorsRepository } from '../repositories/connectors.repository.js';
import { zadarmaEcho } from './vendors/index.js';
import { adapterFor } from './adapter-registry.js';
import { ConnectorCache, type KnownConnector } from './connector-cache.js';
import { ConnectorCipher, sameSecret } from './connector-cipher.js';
import type { ConnectorCredentials, ConnectorKind, InboundDelivery } from './connector-adapter.js';
import { InboxWorker } from './inbox-worker.js';

/** Headers never kept in the inbox: they carry credentials (Pipedrive's basic auth) or sessions. */
const UNSTORED_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** What a hook answers: stored, or the echo a sender asked for to verify the URL (Zadarma). */
export type HookAnswer = { stored: true } | { echo: string };

/**
 * The public webhook: the connector and its URL secret (read through ConnectorCache, so a delivery
 * costs no SELECT while the connector is known), the vendor's verification, then one INSERT into the
 * inbox and the answer; mapping happens later in the worker. Anything refused is stored nowhere.
 */
@Injectable()
export class HooksService {
  constructor(
    private readonly connectors: ConnectorsRepository,
    private readonly cipher: ConnectorCipher,
    private readonly worker: InboxWorker,
    private readonly clock: Clock,
    private readonly cache: ConnectorCache,
  ) {}

  async receive(
    connectorId: string,
    secret: string,
    delivery: Omit<InboundDelivery, 'receivedAt'>,
  ): Promise<HookAnswer> {
    const known = this.cache.get(connectorId) ?? (await this.read(connectorId));
    // The same answer for an unknown connector and a wrong secret: the URL is the credential.
    if (known === null || !sameSecret(secret, known.credentials.secret))
      throw new DomainError('NOT_FOUND', 'No such hook');
    const { connector, credentials } = known;
    const adapter = adapterFor(connector.kind as ConnectorKind, connector.settings as ConnectorSettings);
    if (adapter === null) throw new DomainError('NOT_FOUND', 'No such hook');
    const receivedAt = this.clock.now();
    const full: InboundDelivery = { ...delivery, receivedAt };
    const verdict = adapter.verify(full, credentials, receivedAt);
    if (!verdict.ok)
      throw new DomainError('UNAUTHENTICATED', `The delivery is not verified: ${verdict.reason}`);
    // Zadarma checks a new URL with a GET that must answer its `zd_echo`: nothing to store.
    const echo = connector.kind === 'zadarma' ? zadarmaEcho(full) : null;
    if (echo !== null) return { echo };
    await this.connectors.store({
      connectorId: connector.id,
      receivedAt,
      method: delivery.method,
      // The stored URL never holds the secret.
      url: delivery.url.replace(`/${secret}`, '/***'),
      headers: Object.fromEntries(
        Object.entries(delivery.headers).filter(([name]) => !UNSTORED_HEADERS.has(name)),
      ),
      body: delivery.rawBody,
    });
    this.worker.kick();
    return { stored: true };
  }

  /** The enabled connector and its opened credentials from the database (then cached); null if none. */
  private async read(connectorId: string): Promise<KnownConnector | null> {
    const connector = await this.connectors.find(connectorId);
    if (connector === null || connector.disabled) return null;
    let credentials: ConnectorCredentials;
    try {
      credentials = this.cipher.open({
        iv: connector.secret_iv,
        tag: connector.secret_tag,
        data: connector.secret_data,
      });
    } catch {
      // Another CONNECTOR_KEY (or JWT_SECRET it derives from) than the one that sealed them: the
      // sender retries later; nothing is stored.
      throw new DomainError(
        'UNAVAILABLE',
        'The connector credentials cannot be read with the configured key',
      );
    }
    const known = { connector, credentials };
    this.cache.set(connectorId, known);
    return known;
  }
}
