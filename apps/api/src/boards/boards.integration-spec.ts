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

  it('tells a screen the org time zone, working hours and tier thresholds, never a payout', async () => {
    const created = await t
      .http()
      .post('/api/tokens')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ kind: 'display', name: 'Floor TV' });
    expect(created.status).toBe(201);
    const res = await t.http().get('/api/settings').set('Authorization', `Bearer ${created.body.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      orgName: expect.any(String),
      timezone: 'Europe/Moscow',
      currency: 'RUB',
      weekStartsOn: 1,
      workingHours: DEFAULT_RULE_SET.workingHours,
      tierPeriod: 'month',
      tiers: [
        { name: 'Bronze', minPoints: 2000 },
        { name: 'Silver', minPoints: 5000 },
        { name: 'Gold', minPoints: 10000 },
      ],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/payout/i);
    expect((await t.http().get('/api/settings')).status).toBe(401);
  });

  it("shows a rep's tier progress in the breakdown: the next tier and what it still needs", async () => {
    const team = await api.team('Москва');
    const anna = await api.rep('anna@example.com', 'Анна Смирнова', team.id);
    // An opportunity (50 points) and a connected scripted call (12 points): far from Bronze.
    await api.ingest([
      {
        source: 'crm',
        externalId: 'opp1',
        type: 'opportunity_created',
        rep: 'anna@example.com',
        occurredAt: moscow('12:00'),
        attributes: { amount: 100_000_00 },
      },
      call('c1', 'anna@example.com', moscow('10:00')),
    ]);
    const before = await api.breakdown(anna.id, `period=today&${AT}`);
    expect(before.tierProgress).toEqual({
      period: 'month',
      from: '2026-10-31T21:00:00.000Z',
      to: '2026-11-30T21:00:00.000Z',
      milliPoints: 62_000,
      current: null,
      next: {
        name: 'Bronze',
        minPoints: 2000,
        payout: 500000,
        missing: [{ what: 'points', have: 62_000, need: { gte: 2_000_000 }, more: 1_938_000 }],
      },
      currency: 'RUB',
    });
    // A won deal of 2,000,000 RUB: 200 + 20,000 points: Bronze by points, Silver (one won deal) too,
    // Gold needs 3 deals and a lead conversion the rep has no leads for.
    await api.ingest([
      {
        source: 'crm',
        externalId: 'won1',
        type: 'deal_won',
        rep: 'anna@example.com',
        occurredAt: moscow('13:00'),
        attributes: { amount: 2_000_000_00, margin: 600_000_00 },
      },
    ]);
    const after = await api.breakdown(anna.id, `period=month&${AT}`);
    expect(after.tierProgress.current).toEqual({ name: 'Silver', payout: 1500000 });
    expect(after.tierProgress.next).toEqual({
      name: 'Gold',
      minPoints: 10000,
      payout: 4000000,
      missing: [
        { what: 'dealsWon', have: 1, need: { gte: 3 }, more: 2 },
        { what: 'leadConversionPct', have: null, need: { gte: 15 }, more: null },
      ],
    });
  });
});
