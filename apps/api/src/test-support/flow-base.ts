/**
 * What every connector flow spec does through the API whatever the vendor sends: a connector
 * created as a manager creates it, its hook URL on the listening app, a CRM user mapped to a rep,
 * and the inbox drained. `ConnectorFlow` (CRMs) and `PhoneFlow` (phone systems) build on it.
 */
import type { CreatedConnector } from '@leaderboard/contracts';
import { InboxWorker } from '../connectors/inbox-worker.js';
import type { ApiClient } from './api-client.js';
import type { TestApp } from './test-app.js';
import { useTestApp } from './use-test-app.js';

/** Each app's listening URL: an app listens once, however many flows ask for it. */
const listening = new WeakMap<TestApp, Promise<string>>();

/** `http://127.0.0.1:<port>` of the app; the first call starts it listening. */
export function baseUrl(t: TestApp): Promise<string> {
  let url = listening.get(t);
  if (url === undefined) {
    url = t.listen();
    listening.set(t, url);
  }
  return url;
}

export class FlowBase {
  private base: string | undefined;

  constructor(
    protected readonly t: TestApp,
    protected readonly api: ApiClient,
  ) {}

  protected get admin(): string {
    return `Bearer ${this.t.adminToken}`;
  }

  /** `POST /api/connectors`; throws unless it answered 201. */
  protected async create(
    kind: string,
    settings: Record<string, string>,
    credentials: Record<string, string>,
  ): Promise<CreatedConnector> {
    const res = await this.t
      .http()
      .post('/api/connectors')
      .set('Authorization', this.admin)
      .send({ kind, name: `${kind} of acme`, settings, credentials });
    if (res.status !== 201) throw new Error(`POST /api/connectors answered ${res.status}: ${res.text}`);
    return res.body as CreatedConnector;
  }

  /** Starts the app listening (once per app); `hookUrl` needs it. */
  async listen(): Promise<string> {
    this.base = await baseUrl(this.t);
    return this.base;
  }

  /** Where the vendor posts: the connector's hook path on the listening app. */
  hookUrl(c: Pick<CreatedConnector, 'hookPath'>): string {
    if (this.base === undefined) throw new Error('the app does not listen yet: await listen() first');
    return `${this.base}${c.hookPath}`;
  }

  /** `PUT /api/connectors/:id/users/:crmUserId`: the manager maps the CRM user to a rep; the status. */
  async mapUser(connectorId: string, crmUserId: string | number, repId: string): Promise<number> {
    const res = await this.t
      .http()
      .put(`/api/connectors/${connectorId}/users/${encodeURIComponent(String(crmUserId))}`)
      .set('Authorization', this.admin)
      .send({ repId });
    return res.status;
  }

  drain(): Promise<void> {
    return this.t.app.get(InboxWorker).drain();
  }
}

/**
 * One app per test file (`useTestApp`), listening before the file's own `beforeAll`s run, and a
 * flow on it made by `make`; `bind` receives the app and the flow once they are up.
 */
export function useFlow<F extends FlowBase>(
  make: (app: TestApp, api: ApiClient) => F,
  bind: (app: TestApp, flow: F, api: ApiClient) => void,
): void {
  let flow: F | undefined;
  useTestApp((app, api) => {
    flow = make(app, api);
    bind(app, flow, api);
  });
  beforeAll(async () => {
    await flow?.listen();
  });
}
