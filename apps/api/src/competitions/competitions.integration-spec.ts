import { jest } from '@jest/globals';
import type {
  BoardResponse,
  CompetitionView,
  EventInput,
  RuleSetDocument,
  TeamView,
} from '@leaderboard/contracts';
import type { ApiClient } from '../test-support/api-client.js';
import { eventually, WatchedBoard } from '../test-support/live-client.js';
import type { TestApp } from '../test-support/test-app.js';
import { useLiveTestApp } from '../test-support/use-test-app.js';
import { CompetitionsService } from './competitions.service.js';

jest.setTimeout(90_000);

/** "Demo week": demos count, calls 1 point and at most 3 points a day; no working hours. */
const DEMO_WEEK: RuleSetDocument = {
  name: 'Demo week',
  timezone: 'Europe/Moscow',
  currency: 'RUB',
  weekStartsOn: 1,
  rules: {
    call: { points: 1, cap: 'calls' },
    demo_booked: { points: 50 },
    demo_held: { points: 100 },
  },
  dailyCaps: { calls: 3 },
  tierPeriod: 'month',
  tiers: [],
};

const FROM = '2026-11-16T00:00:00+03:00';
const TO = '2026-11-21T00:00:00+03:00';

const ev = (
  externalId: string,
  type: string,
  rep: string,
  occurredAt: string,
  extra: Partial<EventInput> = {},
): EventInput =>
  ({ source: 'crm', externalId, type, rep, occurredAt, attributes: {}, ...extra }) as EventInput;
const call = (id: string, rep: string, at: string) =>
  ev(id, 'call', rep, at, { attributes: { durationSec: 60, outcome: 'connected' } });

/** Sent before the competition exists (replayed from the ledger when it is created). */
const BEFORE = [
  ev('a1', 'demo_held', 'anna', '2026-11-16T10:00:00+03:00'), // 100
  ev('a0', 'demo_held', 'anna', '2026-11-15T23:59:59+03:00'), // before the window
  ev('b1', 'demo_booked', 'boris', '2026-11-17T11:00:00+03:00'), // 50
  call('bc1', 'boris', '2026-11-17T12:00:00+03:00'),
  call('bc2', 'boris', '2026-11-17T12:10:00+03:00'),
];
/** Sent after (applied as they arrive). */
const AFTER = [
  call('bc3', 'boris', '2026-11-17T12:20:00+03:00'),
  call('bc4', 'boris', '2026-11-17T12:30:00+03:00'), // over the 3-point cap
  call('bc5', 'boris', '2026-11-17T12:40:00+03:00'), // over the cap
  ev('v1', 'demo_held', 'vera', '2026-11-20T23:00:00+03:00'), // 100
  ev('v2', 'demo_held', 'vera', '2026-11-21T00:00:00+03:00'), // the end is exclusive
  ev('v3', 'demo_held', 'vera', '2026-11-18T09:00:00+03:00'), // 100, voided below
  ev('vx', 'void', 'vera', '2026-11-25T09:00:00+03:00', { voids: { source: 'crm', externalId: 'v3' } }),
  ev('g1', 'demo_booked', 'gleb', '2026-11-19T15:00:00+03:00'), // 50
];

describe('competitions', () => {
  let t: TestApp;
  let api: ApiClient;
  let north: TeamView;
  let south: TeamView;
  const ids: Record<string, string> = {};
  const live = useLiveTestApp((app, client) => {
    t = app;
    api = client;
  });

  const as = (method: 'get' | 'post' | 'delete', path: string, token = t.adminToken, body?: object) => {
    const req = t.http()[method](path).set('Authorization', `Bearer ${token}`);
    return body ? req.send(body) : req;
  };
  const create = (body: object) => as('post', '/api/competitions', t.adminToken, body);
  const rows = (board: BoardResponse) => board.rows.map((r) => [r.kind, r.name, r.milliPoints, r.rank]);

  beforeEach(async () => {
    north = await api.team('North');
    south = await api.team('South');
    for (const [key, name, team] of [
      ['anna', 'Anna', north],
      ['boris', 'Boris', north],
      ['vera', 'Vera', south],
      ['gleb', 'Gleb', south],
    ] as const)
      ids[key] = (await api.rep(key, name, team.id)).id;
  }, 60_000);

  it('refuses unknown fields, an empty window, a bad rule set, and callers other than managers', async () => {
    const valid = { name: 'Demo week', from: FROM, to: TO, mode: 'individual', ruleSet: DEMO_WEEK };
    const unknown = await create({ ...valid, prize: 'a cake' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('VALIDATION_FAILED');

    const backwards = await create({ ...valid, from: TO, to: FROM });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details).toEqual([{ path: 'to', message: 'must be after from' }]);

    const badRules = await create({ ...valid, ruleSet: { ...DEMO_WEEK, currency: 'roubles' } });
    expect(badRules.status).toBe(422);
    expect(badRules.body.error.code).toBe('RULESET_INVALID');
    expect(badRules.body.error.details.map((d: { path: string }) => d.path)).toContain('ruleSet.currency');

    expect((await create({ ...valid, mode: 'solo' })).status).toBe(400);
    const display = await as('post', '/api/tokens', t.adminToken, { kind: 'display', name: 'TV' });
    expect((await as('post', '/api/competitions', display.body.token, valid)).status).toBe(403);
    expect(await t.count('competitions')).toBe(0);
  });

  it('ranks reps on a hand-built stream: window, caps, a late void; the winner is recorded once', async () => {
    await api.ingest(BEFORE);
    const created = await create({
      name: 'Demo week',
      from: FROM,
      to: TO,
      mode: 'individual',
      ruleSet: DEMO_WEEK,
    });
    expect(created.status).toBe(201);
    const competition = created.body as CompetitionView;
    expect(competition.status).toBe('ended');
    // It ended days ago: its winner so far is recorded at once (not cheered on the TVs a week late).
    const service = t.app.get(CompetitionsService);
    await service.checkEnded();
    await api.ingest(AFTER);

    // Anna 100; Boris 50 + 3 calls under the 3-point cap = 53; Vera 100 (v2 after the end, v3 voided);
    // Gleb 50. Anna and Vera share first place.
    const board = await api.board(`scope=competition:${competition.id}`);
    expect(board.board.key).toBe(`competition:${competition.id}`);
    expect(board.board.competition).toEqual({ id: competition.id, name: 'Demo week', mode: 'individual' });
    expect([board.board.from, board.board.to]).toEqual([
      new Date(FROM).toISOString(),
      new Date(TO).toISOString(),
    ]);
    expect(rows(board)).toEqual([
      ['rep', 'Anna', 100_000, 1],
      ['rep', 'Vera', 100_000, 1],
      ['rep', 'Boris', 53_000, 3],
      ['rep', 'Gleb', 50_000, 4],
    ]);
    // The period is ignored: same board, same seq.
    const week = await api.board(`period=week&scope=competition:${competition.id}`);
    expect([week.board.key, week.seq, rows(week)]).toEqual([board.board.key, board.seq, rows(board)]);

    // The board follows late events of the window; the recorded winner stays what it was (once).
    const view = (await as('get', `/api/competitions/${competition.id}`)).body as CompetitionView;
    expect(view.leaders.map((l) => [l.kind, l.name, l.points])).toEqual([
      ['rep', 'Anna', 100],
      ['rep', 'Vera', 100],
    ]);
    expect(view.celebratedWinner).toBe('Anna');
    const at = view.celebratedAt;
    await service.checkEnded();
    expect(
      ((await as('get', `/api/competitions/${competition.id}`)).body as CompetitionView).celebratedAt,
    ).toBe(at);

    // Started: it stays. Audited.
    expect((await as('delete', `/api/competitions/${competition.id}`)).status).toBe(409);
    expect(await t.count('audit_log', "action = 'competition.create'")).toBe(1);
  });

  it('ranks teams by the sum of their reps, and survives a rebuild of the engine', async () => {
    await api.ingest([...BEFORE, ...AFTER]);
    const created = await create({
      name: 'North vs South',
      from: FROM,
      to: TO,
      mode: 'teams',
      ruleSet: DEMO_WEEK,
    });
    expect(created.status).toBe(201);
    const id = (created.body as CompetitionView).id;
    // North = Anna 100 + Boris 53 = 153; South = Vera 100 + Gleb 50 = 150.
    const expected = [
      ['team', 'North', 153_000, 1],
      ['team', 'South', 150_000, 2],
    ];
    const board = await api.board(`scope=competition:${id}`);
    expect(rows(board)).toEqual(expected);
    expect(board.rows.map((r) => [r.repId, r.teamId])).toEqual([
      [north.id, north.id],
      [south.id, south.id],
    ]);
    await t.scoring.rebuild();
    expect(rows(await api.board(`scope=competition:${id}`))).toEqual(expected);
    const list = (await as('get', '/api/competitions')).body as CompetitionView[];
    expect(list.map((c) => [c.name, c.mode, c.status, c.leaders.map((l) => l.name)])).toEqual([
      ['North vs South', 'teams', 'ended', ['North']],
    ]);
  });

  it('lets a display read a competition without its rule set or author; deletes one that has not started', async () => {
    const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const created = await create({
      name: 'Next week',
      from: later(7),
      to: later(14),
      mode: 'individual',
      ruleSet: DEMO_WEEK,
    });
    const id = (created.body as CompetitionView).id;
    expect(created.body.status).toBe('upcoming');
    expect(created.body.ruleSet).toEqual(DEMO_WEEK);
    const display = await as('post', '/api/tokens', t.adminToken, { kind: 'display', name: 'TV' });
    const seen = await as('get', `/api/competitions/${id}`, display.body.token);
    expect(seen.status).toBe(200);
    expect(seen.body.name).toBe('Next week');
    expect(seen.body).not.toHaveProperty('ruleSet');
    // The author is a manager's e-mail: the manager sees it, a screen does not.
    expect(created.body.createdBy).toBe('admin@example.com');
    expect(seen.body.createdBy).toBeNull();
    expect((await api.board(`scope=competition:${id}`, display.body.token)).rows).toHaveLength(4);

    expect((await as('delete', `/api/competitions/${id}`)).status).toBe(204);
    expect((await as('get', `/api/competitions/${id}`)).status).toBe(404);
    const gone = await t
      .http()
      .get(`/api/boards?scope=competition:${id}`)
      .set('Authorization', `Bearer ${t.adminToken}`);
    expect(gone.status).toBe(404);
  });

  it('sends deltas of a running competition live and celebrates its winner once when it ends', async () => {
    const socket = await live.open();
    const watched = new WatchedBoard(socket);
    const endsAt = Date.now() + 4_000;
    const created = await create({
      name: 'Sprint',
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(endsAt).toISOString(),
      mode: 'individual',
      ruleSet: DEMO_WEEK,
    });
    const competition = created.body as CompetitionView;
    expect(competition.status).toBe('running');
    const snapshot = await watched.subscribe({ period: 'today', scope: `competition:${competition.id}` });
    expect(snapshot.rows.every((r) => r.milliPoints === 0)).toBe(true);

    const now = new Date().toISOString();
    await api.ingest([ev('s1', 'demo_held', 'vera', now), ev('s2', 'demo_booked', 'gleb', now)]);
    await eventually(() => watched.deltas.length > 0);
    const first = watched.deltas[0];
    expect(first.key).toBe(`competition:${competition.id}`);
    expect(first.seq).toBe(snapshot.seq + 1);
    // The two who scored, and the two whose shared first place became a shared third (the delta
    // carries every row whose rank moved, so a client need not rank).
    expect(first.rows.map((r) => [r.name, r.milliPoints, r.rank]).sort()).toEqual([
      ['Anna', 0, 3],
      ['Boris', 0, 3],
      ['Gleb', 50_000, 2],
      ['Vera', 100_000, 1],
    ]);
    await api.ingest([ev('s3', 'demo_booked', 'gleb', now), ev('s4', 'demo_held', 'gleb', now)]);
    // Gleb 50 + 50 + 100 = 200 passes Vera's 100.
    await eventually(() => watched.state?.rows[0]?.name === 'Gleb');
    expect(watched.gaps).toBe(0);
    expect(
      watched
        .rows()
        .slice(0, 2)
        .map(([, milli, rank]) => [milli, rank]),
    ).toEqual([
      [200_000, 1],
      [100_000, 2],
    ]);
    expect(watched.celebrations).toEqual([]);

    await eventually(() => watched.celebrations.length > 0, 10_000);
    expect(Date.now()).toBeGreaterThanOrEqual(endsAt);
    expect(watched.celebrations).toEqual([
      {
        kind: 'competition',
        repId: ids.gleb,
        name: 'Gleb',
        teamId: null,
        competition: 'Sprint',
        competitionId: competition.id,
        winnerKind: 'rep',
        at: new Date(endsAt).toISOString(),
      },
    ]);
    // Another look (or a restart, which reads the same table) does not celebrate again.
    await t.app.get(CompetitionsService).checkEnded();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(watched.celebrations).toHaveLength(1);
    expect(await t.count('competitions', "celebrated_winner = 'Gleb' AND celebrated_at IS NOT NULL")).toBe(1);
  });
});
