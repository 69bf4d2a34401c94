import { Injectable } from '@nestjs/common';
import type { ConnectorSettings } from '@leaderboard/contracts';
import type { ConnectorRecord } from '../../repositories/connectors.repository.js';
import { mappingSettings } from '../adapter-registry.js';
import type { ConnectorKind } from '../connector-adapter.js';
import { ConnectorCipher } from '../connector-cipher.js';
import { amocrmClient } from './amocrm-client.js';
import { bitrix24Client } from './bitrix24-client.js';
import type { CrmClient, CrmClientFactory } from './crm-client.js';
import { CrmHttp, type RateLimit } from './crm-http.js';
import { GETCOURSE_RATE, getcourseClient } from './getcourse-client.js';
import { HUBSPOT_RATE, hubspotClient } from './hubspot-client.js';
import { PIPEDRIVE_RATE, pipedriveClient } from './pipedrive-client.js';

/** A CRM kind's REST client: how fast its API may be called, and how to build one. */
export interface CrmClientEntry {
  rate: RateLimit;
  create: CrmClientFactory;
}

/**
 * The CRM kinds that have a REST client. Each vendor's client lives in its own file under crm/ and
 * adds its entry here.
 */
export const CRM_CLIENTS: Partial<Record<ConnectorKind, CrmClientEntry>> = {
  amocrm: { rate: { perSecond: 7, burst: 7 }, create: amocrmClient },
  bitrix24: { rate: { perSecond: 2, burst: 50 }, create: bitrix24Client },
  getcourse: { rate: GETCOURSE_RATE, create: getcourseClient },
  hubspot: { rate: HUBSPOT_RATE, create: hubspotClient },
  pipedrive: { rate: PIPEDRIVE_RATE, create: pipedriveClient },
};

/** Whether connectors of `kind` can read their CRM's API (sync, backfill, catch-up, lookups). */
export const hasCrmClient = (kind: string): boolean => kind in CRM_CLIENTS;

/**
 * The CRM client of each connector, built from its settings and decrypted credentials and kept while
 * they stay the same (its rate-limit bucket with it: one bucket per connector and process).
 */
@Injectable()
export class CrmClients {
  private readonly cache = new Map<string, { stamp: string; client: CrmClient | null }>();

  constructor(private readonly cipher: ConnectorCipher) {}

  /** Null when the kind has no client or the connector lacks what its API needs (no token yet). */
  clientFor(connector: ConnectorRecord): CrmClient | null {
    const entry = CRM_CLIENTS[connector.kind as ConnectorKind];
    if (entry === undefined) return null;
    const stamp = `${JSON.stringify(connector.settings)}\u0000${connector.secret_iv.toString('hex')}`;
    const cached = this.cache.get(connector.id);
    if (cached?.stamp === stamp) return cached.client;
    const { values } = this.cipher.open({
      iv: connector.secret_iv,
      tag: connector.secret_tag,
      data: connector.secret_data,
    });
    const client = entry.create({
      settings: mappingSettings(connector.settings as ConnectorSettings),
      credentials: values,
      http: new CrmHttp({ rate: entry.rate }),
    });
    this.cache.set(connector.id, { stamp, client });
    return client;
  }
}
