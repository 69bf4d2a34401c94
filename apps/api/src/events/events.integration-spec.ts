import type { BreakdownResponse, EventInput, IngestResponse } from '@leaderboard/contracts';
import { ApiClient, call, moscow, shuffle } from '../test-support/api-client.js';
import { randomGenerator } from '../demo/demo-data.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { useTestApp } from '../test-support/use-test-app.js';

const AT = 'at=2026-11-18T12:00:00%2B03:00';

describe('POST /api/events', () => {
  let t: TestApp;
  let api: ApiClient;
  let teamId: string;
  let annaId: string;

  useTestApp((app, client) => {
    t = app;
    api = client;
  });

  beforeEach(async () => {
    teamId = (await api.team('Москва')).id;
    annaId = (await api.rep('anna@example.com', 'Анна Смирнова', teamId)).id;
  }, 60_000);

  it('answers created, then duplicate for the same key and content, and held for an unknown rep', async () => {
    const first = await api.ingest([call('c1', 'anna@example.com', moscow('10:00'))]);
    expect(first.results).toEqual([{ externalId: 'c1', status: 'created' }]);
    // Same content, offset written differently (same instant) and attributes in another order.
    const again = await api.ingest([
      {
        source: 'telephony',
        externalId: 'c1',
        type: 'call',
        rep: 'anna@example.com',
        occurredAt: '2026-11-18T07:00:00Z',
        attributes: { scriptFollowed: true, outcome: 'connected', durationSec: 120 },
      },
    ]);
    expect(again.results).toEqual([{ externalId: 'c1', status: 'duplicate' }]);
    const held = await api.ingest([call('c2', 'nobody@example.com', moscow('10:05'))]);
    expect(held.results).toEqual([{ externalId: 'c2', status: 'held' }]);
    expect(await t.count('events')).toBe(2);
    expect(await t.count('events', 'rep_id IS NULL')).toBe(1);
    expect((await api.breakdown(annaId, `period=month&${AT}`)).points).toBe(12);
  });

  it('accepts a single event (not wrapped in a batch)', async () => {
    const res = await api.postEvents(call('single', 'anna@example.com', moscow('10:00')));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ results: [{ externalId: 'single', status: 'created' }] });
  });

  it('scores held events once a rep with that key is created', async () => {
    await api.ingest([
      call('h1', 'boris@example.com', moscow('10:00')),
      call('h2', 'boris@example.com', moscow('10:10')),
    ]);
    const boris = await api.rep('boris@example.com', 'Борис Орлов', teamId);
    expect(await t.count('events', 'rep_id IS NULL')).toBe(0);
    const breakdown = await api.breakdown(boris.id, `period=month&${AT}`);
    expect(breakdown.points).toBe(24);
    expect(breakdown.lineItems.map((l) => l.externalId).sort()).toEqual(['h1', 'h2']);
    const board = await api.board(`period=month&${AT}`);
    expect(board.rows.find((r) => r.repId === boris.id)?.points).toBe(24);
  });

  it('answers 409 for the same key with different content and stores nothing of that batch', async () => {
    await api.ingest([call('x1', 'anna@example.com', moscow('10:00'))]);
    const before = await t.count('events');
    const res = await api.postEvents({
      events: [
        call('x2', 'anna@example.com', moscow('10:30')),
        call('x1', 'anna@example.com', moscow('10:00'), { durationSec: 5 }),
      ],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EVENT_CONFLICT');
    expect(res.body.error.details).toEqual([expect.objectContaining({ index: 1 })]);
    expect(await t.count('events')).toBe(before);
    expect((await api.breakdown(annaId, `period=month&${AT}`)).points).toBe(12);
  });

  it('refuses a batch with invalid items with 422 naming each bad index, storing nothing', async () => {
    const before = await t.count('events');
    const res = await api.postEvents({
      events: [
        call('ok1', 'anna@example.com', moscow('10:00')),
        { ...call('bad1', 'anna@example.com', moscow('10:00')), occurredAt: '2026-11-18T10:00:00' },
        call('ok2', 'anna@example.com', moscow('10:05')),
        { ...call('bad3', 'anna@example.com', moscow('10:00')), type: 'telepathy' },
        { ...call('bad4', 'anna@example.com', moscow('10:00')), attributes: { amount: 10.5 } },
        { ...call('bad5', 'anna@example.com', moscow('10:00')), attributes: { nested: { a: 1 } } },
        {
          source: 'crm',
          externalId: 'v',
          type: 'void',
          rep: 'anna@example.com',
          occurredAt: moscow('10:00'),
        },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('BATCH_INVALID');
    const indexes = [
      ...new Set((res.body.error.details as Array<{ index: number }>).map((d) => d.index)),
    ].sort();
    expect(indexes).toEqual([1, 3, 4, 5, 6]);
    expect(res.body.error.details).toContainEqual(
      expect.objectContaining({ index: 1, path: 'events[1].occurredAt' }),
    );
    expect(await t.count('events')).toBe(before);
  });

  it('rejects unknown fields on an event', async () => {
    const res = await api.postEvents({
      events: [{ ...call('u1', 'anna@example.com', moscow('10:00')), points: 1000 }],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ index: 0, path: 'events[0].points' })]);
    expect(await t.count('events')).toBe(0);
  });

  it('counts a key twice in one batch once when identical, and refuses it when different', async () => {
    const same = await api.ingest([
      call('d1', 'anna@example.com', moscow('10:00')),
      call('d1', 'anna@example.com', moscow('10:00')),
    ]);
    expect(same.results.map((r) => r.status)).toEqual(['created', 'duplicate']);
    const res = await api.postEvents({
      events: [
        call('d2', 'anna@example.com', moscow('10:00')),
        call('d2', 'anna@example.com', moscow('11:00')),
      ],
    });
    expect(res.status).toBe(422);
    expect(await t.count('events')).toBe(1);
  });

  it('reverses exactly what a voided event earned', async () => {
    await api.ingest([
      call('v1', 'anna@example.com', moscow('10:00')),
      {
        source: 'crm',
        externalId: 'deal-1',
        type: 'deal_won',
        rep: 'anna@example.com',
        occurredAt: moscow('11:00'),
        attributes: { amount: 1_000_000, margin: 300_000 },
      },
    ]);
    const before = (await api.breakdown(annaId, `period=month&${AT}`)).milliPoints;
    expect(before).toBeGreaterThan(12_000);
    await api.ingest([
      {
        source: 'crm',
        externalId: 'void-1',
        type: 'void',
        rep: 'anna@example.com',
        occurredAt: moscow('12:00'),
        voids: { source: 'crm', externalId: 'deal-1' },
      },
    ]);
    expect((await api.breakdown(annaId, `period=month&${AT}`)).milliPoints).toBe(12_000);
  });

  it('stores and scores an event posted many times concurrently exactly once', async () => {
    const event = call('same', 'anna@example.com', moscow('10:00'));
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.ingest([event])));
    const statuses = answers.map((a) => a.results[0].status);
    expect(statuses.filter((s) => s === 'created')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(19);
    expect(await t.count('events')).toBe(1);
    expect((await api.breakdown(annaId, `period=month&${AT}`)).points).toBe(12);
  });

  it('lets an integration token bound to a source send only that source', async () => {
    const created = await t
      .http()
      .post('/api/tokens')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ kind: 'integration', name: 'pbx', source: 'telephony' });
    const token = created.body.token as string;
    expect(
      (await api.postEvents({ events: [call('s1', 'anna@example.com', moscow('10:00'))] }, token)).status,
    ).toBe(200);
    const foreign = await api.postEvents(
      { events: [{ ...call('s2', 'anna@example.com', moscow('10:00')), source: 'crm' }] },
      token,
    );
    expect(foreign.status).toBe(403);
  });

  describe('source binding covers every reference to another event (issue 13)', () => {
    const tokenFor = async (source: string): Promise<string> => {
      const created = await t
        .http()
        .post('/api/tokens')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .send({ kind: 'integration', name: `${source} sync`, source });
      return created.body.token as string;
    };
    const voidOf = (externalId: string, target: { source: string; externalId: string }): EventInput => ({
      source: 'crm',
      externalId,
      type: 'void',
      rep: 'anna@example.com',
      occurredAt: moscow('12:00'),
      voids: target,
    });

    it('refuses a crm token voiding a telephony event: 403 naming index and field, nothing stored', async () => {
      await api.ingest([call('t1', 'anna@example.com', moscow('10:00'))]);
      const crm = await tokenFor('crm');
      const res = await api.postEvents(
        {
          events: [
            { ...call('crm-call', 'anna@example.com', moscow('11:00')), source: 'crm' },
            voidOf('void-t1', { source: 'telephony', externalId: 't1' }),
          ],
        },
        crm,
      );
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(res.body.error.details).toEqual([
        expect.objectContaining({ index: 1, path: 'events[1].voids.source' }),
      ]);
      expect(await t.count('events')).toBe(1);
      expect((await api.breakdown(annaId, `period=month&${AT}`)).points).toBe(12);
    });

    it('refuses voiding in advance an event of another source that has not arrived yet', async () => {
      const crm = await tokenFor('crm');
      const single = await api.postEvents(
        voidOf('void-later', { source: 'telephony', externalId: 'later' }),
        crm,
      );
      expect(single.status).toBe(403);
      expect(single.body.error.details).toEqual([
        expect.objectContaining({ index: 0, path: 'voids.source' }),
      ]);
      expect(await t.count('events')).toBe(0);
      // The telephony event arrives later and keeps its points.
      await api.ingest([call('later', 'anna@example.com', moscow('10:00'))]);
      expect((await api.breakdown(annaId, `period=month&${AT}`)).points).toBe(12);
    });

    it('lets a bound token void its own source, and an admin void across sources', async () => {
      const crm = await tokenFor('crm');
      const deal: EventInput = {
        source: 'crm',
        externalId: 'deal-9',
        type: 'deal_won',
        rep: 'anna@example.com',
        occurredAt: moscow('10:30'),
        attributes: { amount: 1_000_000 },
      };
      expect((await api.postEvents({ events: [deal] }, crm)).status).toBe(200);
      await api.ingest([call('t2', 'anna@example.com', moscow('10:00'))]);
      const before = (await api.breakdown(annaId, `period=month&${AT}`)).milliPoints;
      expect(before).toBeGreaterThan(12_000);
      expect(
        (await api.postEvents(voidOf('void-deal-9', { source: 'crm', externalId: 'deal-9' }), crm)).status,
      ).toBe(200);
      expect((await api.breakdown(annaId, `period=month&${AT}`)).milliPoints).toBe(12_000);
      const admin = await api.postEvents(
        voidOf('void-t2', { source: 'telephony', externalId: 't2' }),
        t.adminToken,
      );
      expect(admin.status).toBe(200);
      expect((await api.breakdown(annaId, `period=month&${AT}`)).milliPoints).toBe(0);
    });
  });

  describe('typed attributes and the occurredAt window (SPEC 3, issue 13)', () => {
    const deal = (externalId: string, attributes: EventInput['attributes']): EventInput => ({
      source: 'crm',
      externalId,
      type: 'deal_won',
      rep: 'anna@example.com',
      occurredAt: moscow('11:00'),
      attributes,
    });

    it('refuses a duration that is not a number of seconds (no full points for "12"), storing nothing', async () => {
      const res = await api.postEvents({
        events: [
          call('ok', 'anna@example.com', moscow('09:30')),
          call('str', 'anna@example.com', moscow('10:00'), { durationSec: '12' }),
          call('bool', 'anna@example.com', moscow('10:10'), { durationSec: true }),
          call('null', 'anna@example.com', moscow('10:20'), { durationSec: null }),
          call('abc', 'anna@example.com', moscow('10:30'), { durationSec: 'abc' }),
        ],
      });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('BATCH_INVALID');
      expect(res.body.error.details.map((d: { index: number; path: string }) => [d.index, d.path])).toEqual([
        [1, 'events[1].attributes.durationSec'],
        [2, 'events[2].attributes.durationSec'],
        [3, 'events[3].attributes.durationSec'],
        [4, 'events[4].attributes.durationSec'],
      ]);
      expect(await t.count('events')).toBe(0);
      expect((await api.breakdown(annaId, `period=month&${AT}`)).points).toBe(0);
    });

    it('refuses negative and absurd amounts, a margin above the amount and non-currencies', async () => {
      for (const [attributes, path] of [
        [{ amount: -1_000_000_000_000 }, 'attributes.amount'],
        [{ amount: 1e15 }, 'attributes.amount'],
        [{ amount: 100_000, margin: 200_000 }, 'attributes.margin'],
        [{ amount: 100_000, currency: 'XXXX' }, 'attributes.currency'],
        [{ amount: 100_000, currency: 'XXX' }, 'attributes.currency'],
        [{ amount: 100_000, kind: 'gift' }, 'attributes.kind'],
      ] as const) {
        const res = await api.postEvents(deal('d-bad', attributes));
        expect([path, res.status]).toEqual([path, 422]);
        expect(res.body.error.details).toEqual([expect.objectContaining({ index: 0, path })]);
      }
      expect(await t.count('events')).toBe(0);
      const ok = await api.postEvents(deal('d-ok', { amount: 100_000, margin: -5_000, currency: 'EUR' }));
      expect(ok.status).toBe(200);
    });

    it('refuses occurredAt in year 0001 or 9999, or more than a day ahead of the server', async () => {
      const tomorrowPlus = new Date(Date.now() + 25 * 3600_000).toISOString();
      for (const occurredAt of [
        '0001-01-01T00:00:00Z',
        '9999-12-31T23:59:59Z',
        '1999-12-31T23:59:59Z',
        tomorrowPlus,
      ]) {
        const res = await api.postEvents({ ...call('when', 'anna@example.com', occurredAt) });
        expect([occurredAt, res.status, res.body.error?.details?.[0]?.path]).toEqual([
          occurredAt,
          422,
          'occurredAt',
        ]);
      }
      expect(await t.count('events')).toBe(0);
      const soon = new Date(Date.now() + 3600_000).toISOString();
      expect((await api.postEvents(call('soon', 'anna@example.com', soon))).status).toBe(200);
    });
  });

  describe('SPEC examples through the API', () => {
    it('a 12 s call earns 0', async () => {
      await api.ingest([call('short', 'anna@example.com', moscow('10:00'), { durationSec: 12 })]);
      const b = await api.breakdown(annaId, `period=today&${AT}`);
      expect(b.lineItems).toHaveLength(1);
      expect(b.lineItems[0].points).toBe(0);
      expect(b.points).toBe(0);
    });

    it('the 26th 12-point call of a day earns 0 under the 300-point cap, in any arrival order', async () => {
      const calls = Array.from({ length: 26 }, (_, i) =>
        call(
          `cap-${String(i).padStart(2, '0')}`,
          'anna@example.com',
          moscow(
            `${String(10 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}`,
          ),
        ),
      );
      for (const batch of [shuffle(calls, 7).slice(0, 13), shuffle(calls, 7).slice(13)])
        await api.ingest(batch);
      const b = await api.breakdown(annaId, `period=today&${AT}`);
      expect(b.points).toBe(300);
      const last = b.lineItems.find((l) => l.externalId === 'cap-25');
      expect(last?.points).toBe(0);
      expect(b.lineItems.filter((l) => l.points === 12)).toHaveLength(25);
    });

    it('a call at 22:00 Moscow earns 0 while a deal then counts', async () => {
      await api.ingest([
        call('late-call', 'anna@example.com', moscow('22:00')),
        {
          source: 'crm',
          externalId: 'late-deal',
          type: 'deal_won',
          rep: 'anna@example.com',
          occurredAt: moscow('22:00'),
          attributes: { amount: 1_000_000, margin: 300_000 },
        },
      ]);
      const b = await api.breakdown(annaId, `period=today&${AT}`);
      expect(b.lineItems.find((l) => l.externalId === 'late-call')?.points).toBe(0);
      expect(b.lineItems.find((l) => l.externalId === 'late-deal')?.points).toBeGreaterThan(0);
    });
  });
});

describe('order independence of the whole pipeline', () => {
  let t: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    t = await createTestApp();
    api = new ApiClient(t);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  }, 60_000);

  const REPS = Array.from({ length: 8 }, (_, i) => `rep${i}@example.com`);

  function thousandEvents(): EventInput[] {
    const events: EventInput[] = [];
    const random = randomGenerator(7);
    const next = (): number => Math.floor(random() * 1_000_000);
    for (let i = 0; i < 1000; i++) {
      const rep = REPS[next() % REPS.length];
      const day = 16 + (next() % 5); // Mon 16 .. Fri 20 November 2026
      const minute = next() % (12 * 60); // 08:00 .. 20:00 Moscow: some outside working hours
      const occurredAt = `2026-11-${day}T${String(8 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}+03:00`;
      const kind = next() % 20;
      if (kind < 12) events.push(call(`call-${i}`, rep, occurredAt, { durationSec: next() % 300 }));
      else if (kind < 15)
        events.push({
          source: 'mail',
          externalId: `mail-${i}`,
          type: 'email',
          rep,
          occurredAt,
          attributes: { replied: kind === 14 },
        });
      else if (kind < 17)
        events.push({
          source: 'crm',
          externalId: `meet-${i}`,
          type: 'meeting',
          rep,
          occurredAt,
          attributes: {},
        });
      else if (kind < 19) {
        const amount = (next() % 50) * 100_000;
        events.push({
          source: 'crm',
          externalId: `won-${i}`,
          type: 'deal_won',
          rep,
          occurredAt,
          // A margin never exceeds its amount (the validator refuses that).
          attributes: { amount, margin: Math.min(amount, (next() % 20) * 10_000) },
        });
      } else if (events.length > 0) {
        const target = events[next() % events.length];
        events.push({
          source: 'crm',
          externalId: `void-${i}`,
          type: 'void',
          rep: target.rep,
          occurredAt,
          voids: { source: target.source, externalId: target.externalId },
        });
      } else events.push(call(`call-${i}`, rep, occurredAt));
    }
    // A few held events (no such rep): kept, never scored.
    events[500] = call('held-1', 'ghost@example.com', '2026-11-18T10:00:00+03:00');
    return events;
  }

  async function setUp(): Promise<Map<string, string>> {
    await t.reset();
    const team = await api.team('All');
    const ids = new Map<string, string>();
    for (const key of REPS) ids.set(key, (await api.rep(key, key.split('@')[0], team.id)).id);
    return ids;
  }

  async function snapshot(ids: Map<string, string>): Promise<unknown> {
    const boards = [];
    for (const period of ['today', 'week', 'month', 'quarter']) {
      const board = await api.board(`period=${period}&at=2026-11-18T12:00:00%2B03:00`);
      boards.push(
        board.rows.map((r) => ({ key: r.key, milliPoints: r.milliPoints, rank: r.rank, tier: r.tier })),
      );
    }
    const breakdowns = [];
    for (const [key, id] of ids) {
      const b: BreakdownResponse = await api.breakdown(id, 'period=month&at=2026-11-18T12:00:00%2B03:00');
      breakdowns.push({
        key,
        milliPoints: b.milliPoints,
        caps: b.caps,
        lineItems: b.lineItems
          .map((l) => ({
            source: l.source,
            externalId: l.externalId,
            milliPoints: l.milliPoints,
            capped: l.capped,
            voided: l.voided,
          }))
          .sort((a, c) => (a.source + a.externalId).localeCompare(c.source + c.externalId)),
      });
    }
    const totals = await t.dataSource.query<Array<{ k: string; m: string }>>(
      `SELECT r.key || '|' || bt.period || '|' || bt.period_key AS k, bt.milli_points::text AS m
       FROM board_totals bt JOIN reps r ON r.id = bt.rep_id WHERE bt.milli_points <> 0 ORDER BY 1`,
    );
    return { boards, breakdowns, totals };
  }

  it('1,000 events posted three times, concurrently and shuffled, score like posting them once in order', async () => {
    const events = thousandEvents();
    const inOrderIds = await setUp();
    for (let i = 0; i < events.length; i += 250) await api.ingest(events.slice(i, i + 250));
    const expected = (await snapshot(inOrderIds)) as {
      boards: Array<Array<{ milliPoints: number }>>;
      totals: unknown[];
    };
    expect(expected.boards[2].filter((r) => r.milliPoints > 0).length).toBeGreaterThan(5);
    expect(expected.totals.length).toBeGreaterThan(50);
    expect(await t.count('events')).toBe(1000);

    const ids = await setUp();
    const batches: EventInput[][] = [];
    for (const seed of [1, 2, 3]) {
      const shuffled = shuffle(events, seed);
      for (let i = 0; i < shuffled.length; i += 200) batches.push(shuffled.slice(i, i + 200));
    }
    const answers: IngestResponse[] = await Promise.all(
      shuffle(batches, 99).map((batch) => api.ingest(batch)),
    );
    const statuses = answers.flatMap((a) => a.results.map((r) => r.status));
    expect(statuses.filter((s) => s === 'created' || s === 'held')).toHaveLength(1000);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(2000);
    expect(await t.count('events')).toBe(1000);
    expect(await snapshot(ids)).toEqual(expected);

    const report = await t.scoring.rebuild();
    expect(report.differences).toEqual([]);
  }, 120_000);
});
