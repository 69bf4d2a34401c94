import { DEFAULT_RULE_SET } from '@leaderboard/scoring';
import { ApiClient, call, moscow } from '../test-support/api-client.js';
import type { TestApp } from '../test-support/test-app.js';
import { useTestApp } from '../test-support/use-test-app.js';

const AT = 'at=2026-11-18T12:00:00%2B03:00';

describe('GET /api/boards', () => {
  let t: TestApp;
  let api: ApiClient;

  useTestApp((app, client) => {
    t = app;
    api = client;
  });

  it('ranks reps by points, shares ranks on ties, filters by team and bumps seq on every change', async () => {
    const moscowTeam = await api.team('Москва');
    const london = await api.team('London');
    const anna = await api.rep('anna@example.com', 'Анна Смирнова', moscowTeam.id);
    const dmitry = await api.rep('dmitry@example.com', 'Дмитрий Иванов', moscowTeam.id);
    const emily = await api.rep('emily@example.com', 'Emily Carter', london.id);

    const empty = await api.board(`period=month&${AT}`);
    expect(empty.board).toMatchObject({ key: 'month:2026-11:all', period: 'month', scope: { kind: 'all' } });
    expect(empty.rows.map((r) => r.points)).toEqual([0, 0, 0]);
    const seq0 = empty.seq;

    await api.ingest([
      call('a1', 'anna@example.com', moscow('10:00')),
      call('a2', 'anna@example.com', moscow('10:10')),
      call('d1', 'dmitry@example.com', moscow('10:00')),
      call('e1', 'emily@example.com', moscow('10:00')),
    ]);
    const board = await api.board(`period=month&${AT}`);
    expect(board.rows.map((r) => [r.name, r.points, r.rank])).toEqual([
      ['Анна Смирнова', 24, 1],
      ['Emily Carter', 12, 2],
      ['Дмитрий Иванов', 12, 2],
    ]);
    expect(board.rows[0]).toMatchObject({
      repId: anna.id,
      key: 'anna@example.com',
      teamId: moscowTeam.id,
      milliPoints: 24_000,
    });
    expect(board.seq).toBe(seq0 + 1);
    expect(board.board.from).toBe('2026-10-31T21:00:00.000Z');
    expect(board.board.to).toBe('2026-11-30T21:00:00.000Z');

    const team = await api.board(`period=month&team=${london.id}&${AT}`);
    expect(team.board).toMatchObject({
      key: `month:2026-11:team:${london.id}`,
      scope: { kind: 'team', teamId: london.id },
    });
    expect(team.rows.map((r) => r.repId)).toEqual([emily.id]);
    const teamSeq = team.seq;
    expect(teamSeq).toBeGreaterThan(0);

    await api.ingest([call('d2', 'dmitry@example.com', moscow('11:00'))]);
    const after = await api.board(`period=month&${AT}`);
    expect(after.seq).toBe(board.seq + 1);
    expect(after.rows.map((r) => r.repId)).toEqual([anna.id, dmitry.id, emily.id]); // tie by name: Анна before Дмитрий
    expect(after.rows.map((r) => r.rank)).toEqual([1, 1, 3]);
    // Nothing changed on London's board.
    expect((await api.board(`period=month&team=${london.id}&${AT}`)).seq).toBe(teamSeq);
    // A duplicate changes nothing anywhere.
    await api.ingest([call('d2', 'dmitry@example.com', moscow('11:00'))]);
    expect((await api.board(`period=month&${AT}`)).seq).toBe(after.seq);

    const today = await api.board(`period=today&${AT}`);
    expect(today.board.key).toBe('today:2026-11-18:all');
    const week = await api.board(`period=week&${AT}`);
    expect(week.board.key).toBe(`week:2026-11-16:all`);
    const quarter = await api.board(`period=quarter&${AT}`);
    expect(quarter.board.key).toBe('quarter:2026-Q4:all');
    expect(DEFAULT_RULE_SET.timezone).toBe('Europe/Moscow');
  });

  it('coalesces changes: many batches at once bump seq a few times and end exact', async () => {
    const team = await api.team('T');
    await api.rep('anna@example.com', 'Анна', team.id);
    const seq0 = (await api.board(`period=month&${AT}`)).seq;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.ingest([call(`c${i}`, 'anna@example.com', moscow('10:00'))])),
    );
    const board = await api.board(`period=month&${AT}`);
    const elapsedMs = Date.now() - started;
    expect(board.rows[0]?.milliPoints).toBe(20 * 12_000);
    // At most one write per 100 ms interval (LIVE_MAX_EMITS_PER_SEC=10), plus the one in progress.
    expect(board.seq - seq0).toBeGreaterThanOrEqual(1);
    expect(board.seq - seq0).toBeLessThanOrEqual(Math.ceil(elapsedMs / 100) + 1);
    const stored = await t.dataSource.query<Array<{ m: string }>>(
      `SELECT milli_points::text AS m FROM board_totals WHERE period = 'month'`,
    );
    expect(stored.map((r) => Number(r.m))).toEqual([20 * 12_000]);
  });

  it('keeps the projection table equal to the engine', async () => {
    const team = await api.team('T');
    await api.rep('anna@example.com', 'Анна', team.id);
    await api.ingest([
      call('a1', 'anna@example.com', moscow('10:00')),
      call('a2', 'anna@example.com', moscow('10:00', 19)),
    ]);
    await t.scoring.settled();
    const rows = await t.dataSource.query<Array<{ period: string; period_key: string; m: string }>>(
      'SELECT period, period_key, milli_points::text AS m FROM board_totals ORDER BY period, period_key',
    );
    expect(rows.map((r) => [r.period, r.period_key, Number(r.m)])).toEqual([
      ['month', '2026-11', 24_000],
      ['quarter', '2026-Q4', 24_000],
      ['today', '2026-11-18', 12_000],
      ['today', '2026-11-19', 12_000],
      ['week', '2026-11-16', 24_000],
    ]);
    expect((await t.scoring.rebuild()).differences).toEqual([]);
    await t.dataSource.query(`UPDATE board_totals SET milli_points = 1 WHERE period = 'month'`);
    const report = await t.scoring.rebuild();
    expect(report.differences).toEqual([
      expect.objectContaining({ period: 'month', periodKey: '2026-11', stored: 1, computed: 24_000 }),
    ]);
    expect((await t.scoring.rebuild()).differences).toEqual([]);
  });

  it('validates the query and the team', async () => {
    const bad = await t
      .http()
      .get('/api/boards?period=decade')
      .set('Authorization', `Bearer ${t.adminToken}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const unknown = await t
      .http()
      .get('/api/boards?team=00000000-0000-4000-8000-000000000000')
      .set('Authorization', `Bearer ${t.adminToken}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
  });
});
