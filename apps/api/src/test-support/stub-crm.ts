import type { ConnectorKind, MappedEvent } from '../connectors/connector-adapter.js';
import type { CrmClient, CrmPipelineStage, CrmUser, HistoryPage } from '../connectors/crm/crm-client.js';
import { CRM_CLIENTS, type CrmClientEntry } from '../connectors/crm/crm-client-registry.js';

/**
 * A CRM client for API specs that do not care which CRM it is: users, stages and history pages
 * set by the test, a failure to throw on demand, a gate that holds a page until the test opens it,
 * and a log of the history calls.
 */
export class StubCrm implements CrmClient {
  users_: CrmUser[] = [];
  stages_: CrmPipelineStage[] = [];
  /** The pages of history in order; page `i` is answered for cursor `i` (null is 0). */
  pages: MappedEvent[][] = [];
  total: number | null = null;
  /** Thrown by the next calls of `users`/`stages` (`lists`) or of `history` for that page index. */
  failLists: Error | null = null;
  failPage = new Map<number, Error>();
  /** When set, `history` waits for it before answering. */
  gate: Promise<void> | null = null;
  readonly historyCalls: Array<{ since: number; cursor: string | null }> = [];

  constructor(readonly kind: ConnectorKind) {}

  deal(): Promise<Readonly<Record<string, unknown>> | null> {
    return Promise.resolve(null);
  }

  users(): Promise<CrmUser[]> {
    return this.failLists ? Promise.reject(this.failLists) : Promise.resolve(this.users_);
  }

  stages(): Promise<CrmPipelineStage[]> {
    return this.failLists ? Promise.reject(this.failLists) : Promise.resolve(this.stages_);
  }

  async history(since: number, cursor: string | null): Promise<HistoryPage> {
    this.historyCalls.push({ since, cursor });
    if (this.gate) await this.gate;
    const index = cursor === null ? 0 : Number(cursor);
    const failure = this.failPage.get(index);
    if (failure) throw failure;
    const events = this.pages[index] ?? [];
    return {
      events,
      fetched: events.length,
      total: index === 0 ? this.total : null,
      next: index + 1 < this.pages.length ? String(index + 1) : null,
      ignored: [],
    };
  }
}

/**
 * Puts `stub` into CRM_CLIENTS under `kind` (a connector gets it when its credentials hold an
 * `apiToken`); the returned function restores what was there.
 */
export function installStubCrm(kind: ConnectorKind, stub: StubCrm): () => void {
  const before: CrmClientEntry | undefined = CRM_CLIENTS[kind];
  CRM_CLIENTS[kind] = {
    rate: { perSecond: 1000, burst: 1000 },
    create: (config) => (config.credentials.apiToken ? stub : null),
  };
  return () => {
    if (before === undefined) delete CRM_CLIENTS[kind];
    else CRM_CLIENTS[kind] = before;
  };
}

/** A won deal of a history page, keyed as the amoCRM webhook keys it. */
export function wonDeal(
  leadId: number,
  crmUserId: string,
  occurredAt: string,
  amount = 100_000,
): MappedEvent {
  return {
    externalId: `amocrm:17769199:lead:${leadId}:won`,
    type: 'deal_won',
    crmUserId,
    occurredAt,
    attributes: { amount, currency: 'RUB' },
  };
}

/**
 * The research brief's amoCRM "deal moved to won" webhook (form-encoded) of lead `leadId`, owned by
 * CRM user 2079676 (the stubbed CRM's Anna).
 */
export const amoWonWebhook = (leadId: number): string =>
  [
    `leads[status][0][id]=${leadId}`,
    'leads[status][0][status_id]=142',
    'leads[status][0][pipeline_id]=9217056',
    'leads[status][0][price]=22500',
    'leads[status][0][responsible_user_id]=2079676',
    'leads[status][0][last_modified]=1794985200',
    'leads[status][0][account_id]=17769199',
    'account[subdomain]=acme',
    'account[id]=17769199',
  ].join('&');

/**
 * A fresh `StubCrm` for `kind` before each test, set up by `setup`, in place of the real client;
 * the real one back after the test.
 */
export function useStubCrm(kind: ConnectorKind, setup: (stub: StubCrm) => void): void {
  let restore: (() => void) | undefined;
  beforeEach(() => {
    const stub = new StubCrm(kind);
    setup(stub);
    restore = installStubCrm(kind, stub);
  });
  afterEach(() => restore?.());
}
