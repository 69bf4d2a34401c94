import { jest } from '@jest/globals';
import type { BoardResponse, EventInput } from '@leaderboard/contracts';
import type { ApiClient } from '../test-support/api-client.js';
import { eventually, WatchedBoard } from '../test-support/live-client.js';
import type { TestApp } from '../test-support/test-app.js';
import { useLiveTestApp } from '../test-support/use-test-app.js';

jest.setTimeout(90_000);

const DAY_MS = 86_400_000;
/** Moscow has no DST: local = UTC + 3 h. */
const MSK_MS = 3 * 3_600_000;

/** `YYYY-MM-DD` of the Moscow day `days` from today. */
function moscowDay(days: number): string {
  return new Date(Date.now() + MSK_MS + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Noon Moscow time on the 10th of the month `back` months before the current one (0 = this month;
 * today when that is before the 10th: events more than a day ahead are refused).
 */
function monthAgo(back: number): string {
  const local = new Date(Date.now() + MSK_MS);
  const day = back === 0 ? Math.min(10, local.getUTCDate()) : 10;
  const first = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - back, day, 9));
  return first.toISOString();
}

/** A won deal of 1,000 RUB: 200 + 10 points = 210 (outcomes score at any hour). */
function deal(externalId: string, rep: string, occurredAt: string): EventInput {
  return {
    source: 'crm',
    externalId,
    type: 'deal_won',
    rep,
    occurredAt,
    attributes: { amount: 100_000, currency: 'RUB' },
  };
}

const deals = (rep: string, back: number, count: number): EventInput[] =>
  Array.from({ length: count }, (_, i) => deal(`${rep}-${back}-${i}`, rep, monthAgo(back)));

const improvedRows = (board: BoardResponse) =>
  board.rows.map((r) => [r.key, r.rank, r.milliPoints, r.baselineMilliPoints, r.rankValue]);

describe('fair boards: tenure brackets and most improved', () => {
  let t: TestApp;
  let api: ApiClient;
  const live = useLiveTestApp((app, client) => {
    t = app;
    api = client;
  });

  const patchRep = (id: string, body: object) =>
    t.http().patch(`/api/reps/${id}`).set('Authorization', `Bearer ${t.adminToken}`).send(body);

  const watch = async (): Promise<WatchedBoard> => new WatchedBoard(await live.open());

  /** Anna started 40 days ago, Boris three years ago, Vera has no start date. */
  async function org() {
    const team = await api.team('Москва');
    const anna = await api.rep('anna@example.com', 'Анна', team.id);
    const boris = await api.rep('boris@example.com', 'Борис', team.id);
    const vera = await api.rep('vera@example.com', 'Вера', team.id);
    expect((await patchRep(anna.id, { startedOn: moscowDay(-40) })).status).toBe(200);
    expect((await patchRep(boris.id, { startedOn: moscowDay(-3 * 366) })).status).toBe(200);
    // Anna: 2 deals last month (none before: she was not there), 3 now.
    // Boris: 2 deals in each of the three months before, 1 now. Vera: 1 two months ago, none last
    // month, 2 now.
    await api.ingest([
      ...deals('anna@example.com', 1, 2),
      ...deals('anna@example.com', 0, 3),
      ...deals('boris@example.com', 3, 2),
      ...deals('boris@example.com', 2, 2),
      ...deals('boris@example.com', 1, 2),
      ...deals('boris@example.com', 0, 1),
      ...deals('vera@example.com', 2, 1),
      ...deals('vera@example.com', 0, 2),
    ]);
    return { team, anna, boris, vera };
  }

  it('ranks most improved by change against each rep’s own last 3 months, and tenure brackets by start date', async () => {
    const { anna, boris } = await org();
    const improved = await api.board('period=month&scope=improved');
    expect(improved.board.scope).toEqual({ kind: 'improved' });
    expect(improved.board.key).toMatch(/^month:\d{4}-\d{2}:improved$/);
    // Vera: baseline (210 + 0) / 2 = 105 points, now 420: +300% = 30,000 bp.
    // Anna: baseline 420 (the months before her first are not counted), now 630: +50%.
    // Boris: baseline (420 + 420 + 420) / 3 = 420, now 210: -50%.
    expect(improvedRows(improved)).toEqual([
      ['vera@example.com', 1, 420_000, 105_000, 30_000],
      ['anna@example.com', 2, 630_000, 420_000, 5_000],
      ['boris@example.com', 3, 210_000, 420_000, -5_000],
    ]);

    const newcomers = await api.board('period=month&scope=tenure:0-3m');
    expect(newcomers.board).toMatchObject({ scope: { kind: 'tenure', band: '0-3m' } });
    expect(newcomers.rows.map((r) => [r.repId, r.rank, r.points])).toEqual([[anna.id, 1, 630]]);
    expect((await api.board('period=month&scope=tenure:2y-plus')).rows.map((r) => r.repId)).toEqual([
      boris.id,
    ]);
    expect((await api.board('period=month&scope=tenure:1-2y')).rows).toEqual([]);
    // Events of this month move no baseline: no board of a month still to come got a seq.
    const improvedKeys = await t.dataSource.query<Array<{ board_key: string }>>(
      `SELECT board_key FROM board_seq WHERE board_key LIKE 'month:%:improved' ORDER BY board_key`,
    );
    expect(improvedKeys.map((row) => row.board_key).at(-1)).toBe(improved.board.key);

    // The plain board is unchanged by all this.
    expect((await api.board('period=month')).rows.map((r) => [r.key, r.points])).toEqual([
      ['anna@example.com', 630],
      ['vera@example.com', 420],
      ['boris@example.com', 210],
    ]);
  });

  it('refuses an unknown scope, a scope that contradicts team, and a malformed start date, changing nothing', async () => {
    const { team, anna } = await org();
    for (const query of ['scope=everyone', 'scope=tenure:5y', `scope=improved&team=${team.id}`]) {
      const res = await t
        .http()
        .get(`/api/boards?period=month&${query}`)
        .set('Authorization', `Bearer ${t.adminToken}`);
      expect([query, res.status, res.body.error.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
      expect(JSON.stringify(res.body.error.details)).toContain('scope');
    }
    for (const startedOn of ['2026-13-01', '01.02.2025', '2025-02-01T00:00:00Z', 20250201]) {
      const res = await patchRep(anna.id, { startedOn });
      expect([startedOn, res.status, res.body.error?.code]).toEqual([startedOn, 400, 'VALIDATION_FAILED']);
    }
    expect((await api.board('period=month&scope=tenure:0-3m')).rows.map((r) => r.repId)).toEqual([anna.id]);
  });

  it('keeps both boards live: deltas by rank value, a late event moving a baseline, a start date moving a rep', async () => {
    const { anna, vera } = await org();
    const improved = await watch();
    const newcomers = await watch();
    await improved.subscribe({ period: 'month', scope: 'improved' });
    await newcomers.subscribe({ period: 'month', scope: 'tenure:0-3m' });

    // Boris wins one more now (210 -> 420: 0%); Anna's late deal last month lifts her baseline to 630 (0%).
    await api.ingest([
      deal('boris-now', 'boris@example.com', monthAgo(0)),
      deal('anna-late', 'anna@example.com', monthAgo(1)),
    ]);
    const get = await api.board('period=month&scope=improved');
    expect(improvedRows(get)).toEqual([
      ['vera@example.com', 1, 420_000, 105_000, 30_000],
      ['anna@example.com', 2, 630_000, 630_000, 0],
      ['boris@example.com', 2, 420_000, 420_000, 0],
    ]);
    await eventually(() => improved.state?.seq === get.seq);
    expect(improvedRows(improved.state as BoardResponse)).toEqual(improvedRows(get));
    expect(improved.gaps).toBe(0);
    expect(improved.deltas.length).toBeGreaterThan(0);

    // Vera's start date puts her among the newcomers: their board starts over with her on it.
    expect((await patchRep(vera.id, { startedOn: moscowDay(-10) })).status).toBe(200);
    const after = await api.board('period=month&scope=tenure:0-3m');
    expect(after.rows.map((r) => r.repId)).toEqual([anna.id, vera.id]);
    await eventually(() => newcomers.state?.seq === after.seq);
    expect(newcomers.rows()).toEqual(after.rows.map((r) => [r.repId, r.milliPoints, r.rank, r.tier]));
  });
});
