/**
 * What the phone-system flow specs (connectors/flows/{zadarma,mango,twilio}.integration-spec.ts)
 * share: a connector made through the API, reps, the user map, and what the ledger and the month
 * board show.
 */
import type { CreatedConnector } from '@leaderboard/contracts';
import { FlowBase, useFlow } from './flow-base.js';
import type { TestApp } from './test-app.js';

/** Wednesday 2026-11-18, inside the default rule set's working hours (09:00-19:00 Moscow). */
export const CALL_DAY = '2026-11-18';
/** The month board that holds CALL_DAY, at a fixed instant (never "now"). */
export const BOARD_AT = 'period=month&at=2026-11-18T18:00:00%2B03:00';

/** One call of the ledger, as a test compares it. */
export interface LedgerCall {
  externalId: string;
  repKey: string;
  held: boolean;
  durationSec: number;
  outcome: string;
  direction: string;
}

export class PhoneFlow extends FlowBase {
  connector(
    kind: string,
    credentials: Record<string, string>,
    settings: Record<string, string> = {},
  ): Promise<CreatedConnector> {
    return this.create(kind, settings, credentials);
  }

  /** Reps of one team, by key; returns their ids in order. */
  async reps(...keys: string[]): Promise<string[]> {
    const team = await this.api.team('Sales');
    const ids: string[] = [];
    for (const key of keys) ids.push((await this.api.rep(key, key, team.id)).id);
    return ids;
  }

  /** The rep's points on the month board of CALL_DAY. */
  async points(repId: string): Promise<number | undefined> {
    return (await this.api.board(BOARD_AT)).rows.find((r) => r.repId === repId)?.points;
  }

  async calls(): Promise<LedgerCall[]> {
    const rows = await this.t.dataSource.query<
      Array<{
        external_id: string;
        rep_key: string;
        rep_id: string | null;
        duration: number;
        outcome: string;
        direction: string;
      }>
    >(
      `SELECT external_id, rep_key, rep_id, (attributes->>'durationSec')::int AS duration,
              attributes->>'outcome' AS outcome, attributes->>'direction' AS direction
         FROM events WHERE type = 'call' ORDER BY external_id`,
    );
    return rows.map((r) => ({
      externalId: r.external_id,
      repKey: r.rep_key,
      held: r.rep_id === null,
      durationSec: r.duration,
      outcome: r.outcome,
      direction: r.direction,
    }));
  }

  /**
   * Every answer was 401 UNAUTHENTICATED, and nothing of them is stored: after a drain, no inbox
   * row and no event.
   */
  async expectRefused(answers: ReadonlyArray<{ status: number; attempts: ReadonlyArray<{ body: string }> }>) {
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect((JSON.parse(res.attempts[0]!.body) as { error: { code: string } }).error.code).toBe(
        'UNAUTHENTICATED',
      );
    }
    await this.drain();
    expect(await this.t.count('connector_inbox')).toBe(0);
    expect(await this.t.count('events')).toBe(0);
  }

  /**
   * The first call of the ledger, held for the operator `crmUserId`, scores nothing for `repId` until
   * the manager maps the operator; then it is the rep's (its key kept) and they have `points`.
   */
  async expectScoredOnceMapped(connectorId: string, crmUserId: string, repId: string, points: number) {
    expect(await this.points(repId)).toBe(0);
    expect(await this.mapUser(connectorId, crmUserId, repId)).toBe(200);
    expect(await this.points(repId)).toBe(points);
    expect((await this.calls())[0]).toMatchObject({ repKey: `crm:${connectorId}:${crmUserId}`, held: false });
  }

  /** Inbox rows with their status and reason, oldest first. */
  inbox(): Promise<Array<{ status: string; reason: string | null; url: string }>> {
    return this.t.dataSource.query('SELECT status, reason, url FROM connector_inbox ORDER BY id');
  }
}

/** `useFlow` with a `PhoneFlow`. */
export function usePhoneFlow(bind: (app: TestApp, flow: PhoneFlow) => void): void {
  useFlow((app, api) => new PhoneFlow(app, api), bind);
}
