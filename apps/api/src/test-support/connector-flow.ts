/**
 * What the connector flow specs (flows/<vendor>.integration-spec.ts) share: a connector created
 * through the API, a rep, the user and stage maps set as a manager sets them, the inbox drained,
 * the board read at a fixed instant, and the ledger's connector events.
 */
import type { BoardResponse, CreatedConnector } from '@leaderboard/contracts';
import type { ApiClient } from './api-client.js';
import { FlowBase, useFlow } from './flow-base.js';
import type { TestApp } from './test-app.js';

export interface LedgerRow {
  external_id: string;
  type: string;
  rep_id: string | null;
  amount: string | null;
  currency: string | null;
  duration: string | null;
}

export class ConnectorFlow extends FlowBase {
  constructor(
    t: TestApp,
    api: ApiClient,
    /** The board query, a fixed instant (`period=month&at=...`). */
    private readonly at: string,
  ) {
    super(t, api);
  }

  connector(
    kind: string,
    settings: Record<string, string>,
    credentials: Record<string, string>,
  ): Promise<CreatedConnector> {
    return this.create(kind, settings, credentials);
  }

  /** A connector and its hook URL on the listening app. */
  async hooked(
    kind: string,
    settings: Record<string, string>,
    credentials: Record<string, string>,
  ): Promise<{ c: CreatedConnector; url: string }> {
    const c = await this.create(kind, settings, credentials);
    return { c, url: this.hookUrl(c) };
  }

  /** A rep in a new team "Sales", with the e-mail `<key>@example.com`; its id. */
  async rep(key: string): Promise<string> {
    const [id] = await this.reps(key);
    return id as string;
  }

  /** Reps of one new team "Sales", by key, each with the e-mail `<key>@example.com`; their ids in order. */
  async reps(...keys: string[]): Promise<string[]> {
    const team = await this.api.team('Sales');
    const ids: string[] = [];
    for (const key of keys) {
      const res = await this.t
        .http()
        .post('/api/reps')
        .set('Authorization', this.admin)
        .send({ key, name: key, teamId: team.id, email: `${key}@example.com` });
      if (res.status !== 201) throw new Error(`POST /api/reps answered ${res.status}: ${res.text}`);
      ids.push((res.body as { id: string }).id);
    }
    return ids;
  }

  /** `PUT /api/connectors/:id/stages`; the status. */
  async mapStages(
    connectorId: string,
    stages: Array<{ pipelineId: string | null; stageId: string; type: string | null }>,
  ): Promise<number> {
    const res = await this.t
      .http()
      .put(`/api/connectors/${connectorId}/stages`)
      .set('Authorization', this.admin)
      .send({ stages });
    return res.status;
  }

  /** The board at `at` (the flow's instant unless given). */
  board(at = this.at): Promise<BoardResponse> {
    return this.api.board(at);
  }

  /** The rep's points on the board at `at` (the flow's instant unless given); none if not listed. */
  async points(repId: string, at = this.at): Promise<number | undefined> {
    return (await this.board(at)).rows.find((r) => r.repId === repId)?.points;
  }

  /** The connector events of the ledger, by key. */
  ledger(): Promise<LedgerRow[]> {
    return this.t.dataSource.query<LedgerRow[]>(
      `SELECT external_id, type, rep_id::text AS rep_id, attributes->>'amount' AS amount,
         attributes->>'currency' AS currency, attributes->>'durationSec' AS duration
       FROM events WHERE source LIKE 'connector:%' ORDER BY external_id`,
    );
  }

  /**
   * The `count` connector events in the ledger are held (no rep) and score nothing for `repId` until
   * the manager maps `crmUserId` to the rep: then they are all the rep's, and the rep scores.
   */
  async expectHeldUntilMapped(connectorId: string, crmUserId: string | number, repId: string, count: number) {
    expect((await this.ledger()).map((r) => r.rep_id)).toEqual(Array<null>(count).fill(null));
    expect(await this.points(repId)).toBe(0);
    expect(await this.mapUser(connectorId, crmUserId, repId)).toBe(200);
    expect((await this.ledger()).map((r) => r.rep_id)).toEqual(Array<string>(count).fill(repId));
    expect(await this.points(repId)).toBeGreaterThan(0);
  }

  /** The inbox rows (status and reason), oldest first. */
  inbox(): Promise<Array<{ status: string; reason: string | null; attempts: number }>> {
    return this.t.dataSource.query(
      'SELECT status, reason, attempts FROM connector_inbox ORDER BY received_at, id',
    );
  }

  /** Time passes for failed rows: their retry is due now. */
  async retryDue(): Promise<void> {
    await this.t.dataSource.query(
      `UPDATE connector_inbox SET next_attempt_at = next_attempt_at - interval '1 day' WHERE status = 'failed'`,
    );
  }
}

/** `useFlow` with a `ConnectorFlow` reading the board at `at`. */
export function useConnectorFlow(
  at: string,
  bind: (app: TestApp, flow: ConnectorFlow, api: ApiClient) => void,
): void {
  useFlow((app, api) => new ConnectorFlow(app, api, at), bind);
}
