import { jest } from '@jest/globals';
import type { EventInput, WorkingHours } from '@leaderboard/contracts';
import { call, type ApiClient } from '../test-support/api-client.js';
import { eventually, WatchedBoard } from '../test-support/live-client.js';
import type { TestApp } from '../test-support/test-app.js';
import { useLiveTestApp } from '../test-support/use-test-app.js';

jest.setTimeout(90_000);

const DAY = 86_400_000;

/** A won deal at `at`: 200 + 2,000 points, Bronze (2,000) at once under the default rule set. */
function bigDeal(externalId: string, rep: string, at: Date): EventInput {
  return {
    source: 'crm',
    externalId,
    type: 'deal_won',
    rep,
    occurredAt: at.toISOString(),
    attributes: { amount: 20_000_000, currency: 'RUB' },
  };
}

/** No working day at all: every instant is after hours (whatever hour the test runs at). */
const NEVER: WorkingHours = { start: '09:00', end: '19:00', weekdays: [], outsideFactor: 0 };
/** Every day, all day (up to 23:59). */
const ALWAYS: WorkingHours = {
  start: '00:00',
  end: '23:59',
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  outsideFactor: 0,
};

describe('live: no after-hours celebration for an overloaded rep (SPEC 6)', () => {
  let t: TestApp;
  let api: ApiClient;
  const live = useLiveTestApp((app, client) => {
    t = app;
    api = client;
  });

  async function rep(key: string, name: string, teamId: string, workingHours: WorkingHours): Promise<void> {
    const res = await t
      .http()
      .post('/api/reps')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ key, name, teamId, workingHours });
    expect(res.status).toBe(201);
  }

  async function tv(): Promise<WatchedBoard> {
    const created = await t
      .http()
      .post('/api/tokens')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ kind: 'display', name: 'TV' });
    const socket = await live.open(created.body.token as string);
    const board = new WatchedBoard(socket);
    await board.subscribe({ period: 'month' });
    return board;
  }

  it('celebrates the same after-hours deal for a rep without the pattern, and an overloaded rep within hours', async () => {
    const team = await api.team('Москва');
    // Owl: calls after hours the last 3 days (flagged). Lark: the same hours, no history (not flagged).
    await rep('owl@example.com', 'Сова', team.id, NEVER);
    await rep('lark@example.com', 'Жаворонок', team.id, NEVER);
    // Mole: at the calls cap (25 calls of 12 points = 300) the last 5 days, all within their hours.
    await rep('mole@example.com', 'Крот', team.id, ALWAYS);
    const now = Date.now();
    const history: EventInput[] = [];
    for (const back of [1, 2, 3])
      history.push(call(`owl-${back}`, 'owl@example.com', new Date(now - back * DAY).toISOString()));
    for (const back of [1, 2, 3, 4, 5])
      for (let i = 0; i < 25; i++)
        history.push(
          call(`mole-${back}-${i}`, 'mole@example.com', new Date(now - back * DAY + i * 1000).toISOString()),
        );
    await api.ingest(history);

    const burnout = await t.http().get('/api/burnout').set('Authorization', `Bearer ${t.adminToken}`);
    expect(
      (burnout.body.reps as Array<{ name: string; flags: Array<{ kind: string }> }>).map((r) => [
        r.name,
        r.flags.map((f) => f.kind),
      ]),
    ).toEqual([
      ['Крот', ['cap_streak']],
      ['Сова', ['after_hours_streak']],
      ['Жаворонок', []],
    ]);

    const screen = await tv();
    const at = new Date(now);
    await api.ingest([bigDeal('owl-deal', 'owl@example.com', at)]);
    await api.ingest([bigDeal('lark-deal', 'lark@example.com', at)]);
    await api.ingest([bigDeal('mole-deal', 'mole@example.com', at)]);
    await eventually(() => screen.celebrations.length >= 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Deal and Bronze for Lark and Mole; nothing for Owl, though Owl's points count on the board.
    expect(screen.celebrations.map((c) => `${c.name} ${c.kind}`).sort()).toEqual(
      ['Жаворонок deal_won', 'Жаворонок tier', 'Крот deal_won', 'Крот tier'].sort(),
    );
    const board = await api.board('period=month');
    expect(board.rows.find((r) => r.name === 'Сова')?.tier).toBe('Bronze');

    // Lark now works after hours 3 days running too: the next after-hours deal is not cheered
    // (a deal does not move the flags, but activity does: what Lark's first deal found is stale).
    await api.ingest(
      [1, 2, 3].map((back) =>
        call(`lark-${back}`, 'lark@example.com', new Date(now - back * DAY).toISOString()),
      ),
    );
    await api.ingest([bigDeal('lark-deal-2', 'lark@example.com', at)]);
    await api.ingest([bigDeal('mole-deal-2', 'mole@example.com', at)]);
    await eventually(() => screen.celebrations.length >= 6);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Mole's second deal and Silver; nothing for Lark.
    expect(screen.celebrations.slice(4).map((c) => `${c.name} ${c.kind}`)).toEqual([
      'Крот deal_won',
      'Крот tier',
    ]);
  });
});
