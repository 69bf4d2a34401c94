import fc from 'fast-check';
import type {
  AdjustmentView,
  AuditEntry,
  PayoutView,
  PeriodCloseView,
  RepView,
  RuleSetDocument,
} from '@leaderboard/contracts';
import { DEFAULT_RULE_SET } from '@leaderboard/scoring';
import { ApiClient, call } from '../test-support/api-client.js';
import type { TestApp } from '../test-support/test-app.js';
import { useTestApp } from '../test-support/use-test-app.js';

/**
 * Calls are worth `callPoints` (a connected call that followed the script counts 1.2x); Bronze at
 * 10 points pays 1,500.00 RUB, Silver at 30 points pays 120,000.00 RUB (above the default
 * 100,000.00 second-approval threshold).
 */
function ruleSet(callPoints: number, name = 'Closing tests'): RuleSetDocument {
  return {
    ...DEFAULT_RULE_SET,
    name,
    rules: { ...DEFAULT_RULE_SET.rules, call: { ...DEFAULT_RULE_SET.rules['call'], points: callPoints } },
    tiers: [
      { name: 'Bronze', minPoints: 10, payout: 150_000 },
      { name: 'Silver', minPoints: 30, payout: 12_000_000 },
    ],
  } as RuleSetDocument;
}

const sept = (day: number, hh = 11): string =>
  `2026-09-${String(day).padStart(2, '0')}T${String(hh).padStart(2, '0')}:00:00+03:00`;
const oct = (day: number): string => `2026-10-${String(day).padStart(2, '0')}T11:00:00+03:00`;

describe('closing a month, adjustments and payouts', () => {
  let t: TestApp;
  let api: ApiClient;
  useTestApp((app, client) => {
    t = app;
    api = client;
  });

  const as = (token: string) => ({
    get: (path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) =>
      t.http().post(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  const admin = () => as(t.adminToken);

  async function user(role: 'manager' | 'rep', repId?: string): Promise<ReturnType<typeof as>> {
    const email = `${role}-${Math.random().toString(36).slice(2)}@example.com`;
    const created = await admin().post('/api/users', {
      email,
      password: 'Fjord-Pebble-Mango-72',
      role,
      repId,
    });
    expect(created.status).toBe(201);
    const login = await t.http().post('/api/auth/login').send({ email, password: 'Fjord-Pebble-Mango-72' });
    return as(login.body.accessToken as string);
  }

  async function publish(document: RuleSetDocument, effectiveFrom: string) {
    const draft = await admin().post('/api/rulesets', { document });
    expect(draft.status).toBe(201);
    return admin().post(`/api/rulesets/${draft.body.id}/publish`, { effectiveFrom });
  }

  interface Org {
    anna: RepView;
    boris: RepView;
    vera: RepView;
  }

  /** Anna: 3 calls (36 points, Silver), Boris: 1 call (12 points, Bronze), Vera: none, in September. */
  async function september(): Promise<Org> {
    expect((await publish(ruleSet(10), '2020-01-01T00:00:00+03:00')).status).toBe(200);
    const team = await api.team('Москва');
    const anna = await api.rep('anna', 'Анна Петрова', team.id);
    const boris = await api.rep('boris', 'Boris, "Bo" Ivanov', team.id);
    const vera = await api.rep('vera', 'Вера', team.id);
    await api.ingest([
      call('a1', 'anna', sept(7)),
      call('a2', 'anna', sept(8)),
      call('a3', 'anna', sept(9)),
      call('b1', 'boris', sept(10)),
    ]);
    return { anna, boris, vera };
  }

  it('freezes points, ranks, tiers and payouts; late events and voids become adjustments, not changes', async () => {
    const { anna, boris, vera } = await september();
    const manager = await user('manager');
    const closed = await manager.post('/api/periods/2026-09/close');
    expect(closed.status).toBe(200);
    const view = closed.body as PeriodCloseView;
    expect(view.periodKey).toBe('2026-09');
    expect(view.from).toBe('2026-08-31T21:00:00.000Z');
    expect(view.to).toBe('2026-09-30T21:00:00.000Z');
    expect(view.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(view.ruleSetVersion).toBe(2);
    expect(view.rows.map((r) => [r.name, r.points, r.rank, r.tier, r.payout])).toEqual([
      ['Анна Петрова', 36, 1, 'Silver', 12_000_000],
      ['Boris, "Bo" Ivanov', 12, 2, 'Bronze', 150_000],
      ['Вера', 0, 3, null, 0],
    ]);

    // Refusals, each with the SPEC 9 body.
    const again = await manager.post('/api/periods/2026-09/close');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PERIOD_CLOSED');
    // The month running now, as the product sees it (the month board without `at`).
    const runningKey = (await api.board('period=month')).board.key.split(':')[1];
    expect(runningKey).toMatch(/^\d{4}-\d{2}$/);
    const running = await manager.post(`/api/periods/${runningKey}/close`);
    expect(running.status).toBe(409);
    expect(running.body.error.code).toBe('PERIOD_NOT_ENDED');
    const bad = await manager.post('/api/periods/2026-13/close');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        details: [{ path: 'periodKey', message: 'must be a month YYYY-MM' }],
      },
    });
    const rep = await user('rep', anna.id);
    expect((await rep.post('/api/periods/2026-10/close')).status).toBe(403);
    expect((await rep.get('/api/adjustments')).status).toBe(403);

    // Late: two more calls for Boris in September (a Tuesday and a Wednesday); Anna's a1 is voided.
    await api.ingest([
      call('b2', 'boris', sept(22)),
      call('b3', 'boris', sept(23)),
      {
        source: 'telephony',
        externalId: 'void-a1',
        type: 'void',
        rep: 'anna',
        occurredAt: oct(2),
        attributes: {},
        voids: { source: 'telephony', externalId: 'a1' },
      },
    ]);
    // The live engine now has Anna 24, Boris 36 in September...
    expect((await api.breakdown(boris.id, 'period=month&at=2026-09-15T12:00:00%2B03:00')).points).toBe(36);
    // ...but the closed month does not move.
    const board = await api.board('period=month&at=2026-09-15T12:00:00%2B03:00');
    expect(board.rows.map((r) => [r.name, r.points, r.rank, r.tier])).toEqual([
      ['Анна Петрова', 36, 1, 'Silver'],
      ['Boris, "Bo" Ivanov', 12, 2, 'Bronze'],
      ['Вера', 0, 3, null],
    ]);
    const reread = await manager.get('/api/periods/2026-09');
    expect(reread.body.contentHash).toBe(view.contentHash);
    expect(reread.body.rows).toEqual(view.rows);

    // A rule set reaching into September is refused; one from the first instant of October is not.
    const locked = await publish(ruleSet(20, 'Reaches back'), '2026-09-20T00:00:00+03:00');
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('PERIOD_LOCKED');
    expect(locked.body.error.details).toEqual([{ path: 'effectiveFrom', message: expect.any(String) }]);
    expect((await publish(ruleSet(20, 'October'), '2026-10-01T00:00:00+03:00')).status).toBe(200);
    expect((await manager.get('/api/periods/2026-09')).body.contentHash).toBe(view.contentHash);

    // The manager sees what changed September, and why; it goes to October.
    const pending = (await manager.get('/api/adjustments')).body as AdjustmentView[];
    const byName = new Map(pending.map((a) => [a.repId, a]));
    expect(pending.every((a) => a.status === 'pending' && a.targetPeriodKey === '2026-10')).toBe(true);
    expect(byName.get(anna.id)).toMatchObject({
      periodKey: '2026-09',
      deltaMilliPoints: -12_000,
      tierBefore: 'Silver',
      tierNow: 'Bronze',
      deltaPayout: 150_000 - 12_000_000,
      currency: 'RUB',
    });
    expect(
      byName
        .get(anna.id)
        ?.causes.map((c) => [c.externalId, c.previousMilliPoints, c.milliPoints, c.voided])
        .sort(),
    ).toEqual([['a1', 12_000, 0, true]]);
    expect(byName.get(boris.id)).toMatchObject({
      deltaMilliPoints: 24_000,
      tierBefore: 'Bronze',
      tierNow: 'Silver',
      deltaPayout: 12_000_000 - 150_000,
    });
    expect(
      byName.get(boris.id)?.causes.map((c) => [c.externalId, c.previousMilliPoints, c.milliPoints]),
    ).toEqual([
      ['b2', 0, 12_000],
      ['b3', 0, 12_000],
    ]);
    expect(byName.has(vera.id)).toBe(false);

    // October: Anna one call at 20 points x 1.2 = 24 (Bronze). Closing it carries September's changes.
    await api.ingest([call('a4', 'anna', oct(5))]);
    expect((await manager.post('/api/periods/2026-10/close')).status).toBe(200);
    const carried = (await manager.get('/api/adjustments')).body as AdjustmentView[];
    expect(carried.map((a) => [a.periodKey, a.targetPeriodKey, a.status, a.deltaPayout]).sort()).toEqual(
      [
        ['2026-09', '2026-10', 'carried', -11_850_000],
        ['2026-09', '2026-10', 'carried', 11_850_000],
      ].sort(),
    );

    const octPayouts = (await manager.get('/api/payouts?period=2026-10')).body as PayoutView[];
    const annaOct = octPayouts.find((p) => p.repId === anna.id) as PayoutView;
    expect(annaOct.lineItems.map((l) => [l.kind, l.amount, l.periodKey])).toEqual([
      ['tier', 150_000, '2026-10'],
      ['adjustment', -11_850_000, '2026-09'],
    ]);
    expect(annaOct.amount).toBe(150_000 - 11_850_000);
    const borisOct = octPayouts.find((p) => p.repId === boris.id) as PayoutView;
    expect(borisOct.lineItems.map((l) => [l.kind, l.amount])).toEqual([['adjustment', 11_850_000]]);
    expect(borisOct.approvalsRequired).toBe(2);

    const log = (await manager.get('/api/audit')).body as AuditEntry[];
    const closes = log.filter((e) => e.action === 'period.close');
    expect(closes.map((e) => e.details['periodKey'])).toEqual(['2026-10', '2026-09']);
    expect(closes[1].details['contentHash']).toBe(view.contentHash);
  });

  it('approves with two different people above the threshold; a rep or one manager alone cannot', async () => {
    const { anna, boris } = await september();
    const first = await user('manager');
    const second = await user('manager');
    expect((await first.post('/api/periods/2026-09/close')).status).toBe(200);
    const payouts = (await first.get('/api/payouts?period=2026-09')).body as PayoutView[];
    expect(payouts.map((p) => [p.name, p.tier, p.amount, p.currency, p.approvalsRequired, p.status])).toEqual(
      [
        ['Анна Петрова', 'Silver', 12_000_000, 'RUB', 2, 'pending'],
        ['Boris, "Bo" Ivanov', 'Bronze', 150_000, 'RUB', 1, 'pending'],
      ],
    );
    const [annaPayout, borisPayout] = payouts as [PayoutView, PayoutView];
    expect(annaPayout.lineItems).toEqual([
      { kind: 'tier', label: 'Silver', amount: 12_000_000, periodKey: '2026-09' },
    ]);

    const rep = await user('rep', anna.id);
    const byRep = await rep.post(`/api/payouts/${annaPayout.id}/approve`);
    expect(byRep.status).toBe(403);
    expect(byRep.body.error.code).toBe('FORBIDDEN');

    const once = await first.post(`/api/payouts/${annaPayout.id}/approve`);
    expect(once.status).toBe(200);
    expect((once.body as PayoutView).status).toBe('pending');
    const twice = await first.post(`/api/payouts/${annaPayout.id}/approve`);
    expect(twice.status).toBe(403);
    expect(twice.body.error.code).toBe('APPROVAL_NOT_ALLOWED');
    // Concurrent double clicks of the same manager still count once.
    await Promise.all([1, 2, 3].map(() => first.post(`/api/payouts/${annaPayout.id}/approve`)));
    const stillPending = (await first.get('/api/payouts?period=2026-09')).body as PayoutView[];
    expect(stillPending[0]?.status).toBe('pending');
    expect(stillPending[0]?.approvals).toHaveLength(1);

    // Manual lines need a reason, and are refused once someone approved.
    const noReason = await first.post(`/api/payouts/${borisPayout.id}/lines`, { amount: 5_000 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED');
    const unknownField = await first.post(`/api/payouts/${borisPayout.id}/lines`, {
      amount: 5_000,
      reason: 'x',
      approve: true,
    });
    expect(unknownField.status).toBe(400);
    const line = await first.post(`/api/payouts/${borisPayout.id}/lines`, {
      amount: 25_050,
      reason: 'Demo fair bonus',
    });
    expect(line.status).toBe(201);
    expect((line.body as PayoutView).amount).toBe(150_000 + 25_050);
    expect(
      (await first.post(`/api/payouts/${annaPayout.id}/lines`, { amount: 1, reason: 'late' })).status,
    ).toBe(409);

    const done = await second.post(`/api/payouts/${annaPayout.id}/approve`);
    expect(done.status).toBe(200);
    expect((done.body as PayoutView).status).toBe('approved');
    expect((done.body as PayoutView).approvals).toHaveLength(2);
    expect((await second.post(`/api/payouts/${annaPayout.id}/approve`)).status).toBe(409);
    expect(((await second.post(`/api/payouts/${borisPayout.id}/approve`)).body as PayoutView).status).toBe(
      'approved',
    );

    // Payroll CSV: worked out from the figures above (Boris 1,500.00 + 250.50 = 1,750.50).
    const csv = await first.get('/api/payouts/export.csv?period=2026-09');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="payouts-2026-09.csv"');
    expect(csv.text).toBe(
      '\uFEFFperiod,rep_key,rep_name,tier,status,approvals,currency,amount_minor,amount\r\n' +
        '2026-09,anna,Анна Петрова,Silver,approved,2/2,RUB,12000000,120000.00\r\n' +
        '2026-09,boris,"Boris, ""Bo"" Ivanov",Bronze,approved,1/1,RUB,175050,1750.50\r\n',
    );
    expect((await first.get('/api/payouts/export.csv?period=2026-9')).status).toBe(400);
    expect((await rep.get('/api/payouts?period=2026-09')).status).toBe(403);

    const log = (await first.get('/api/audit')).body as AuditEntry[];
    // Anna by the first and the second manager, Boris by the second; refusals are not logged.
    expect(log.filter((e) => e.action === 'payout.approve')).toHaveLength(3);
    const manual = log.find((e) => e.action === 'payout.adjust');
    expect(manual?.details).toMatchObject({ reason: 'Demo fair bonus', amount: 25_050, repId: boris.id });
  });

  it('property: rule edits and late events after a close never change its figures', async () => {
    const { anna, boris, vera } = await september();
    const reps = { anna, boris, vera };
    expect((await admin().post('/api/periods/2026-09/close')).status).toBe(200);
    const frozen = (await admin().get('/api/periods/2026-09')).body as PeriodCloseView;
    const boardAt = 'period=month&at=2026-09-15T12:00:00%2B03:00';
    const frozenBoard = JSON.stringify((await api.board(boardAt)).rows);
    let n = 0;

    const action = fc.oneof(
      fc.record({
        kind: fc.constant('rule' as const),
        points: fc.integer({ min: 1, max: 50 }),
        // Days from 2026-09-01: inside September must be refused, October on accepted.
        day: fc.integer({ min: 0, max: 50 }),
      }),
      fc.record({
        kind: fc.constant('event' as const),
        rep: fc.constantFrom('anna', 'boris', 'vera'),
        day: fc.integer({ min: 1, max: 30 }),
        hour: fc.integer({ min: 9, max: 18 }),
        duration: fc.integer({ min: 0, max: 300 }),
      }),
      fc.record({ kind: fc.constant('void' as const), target: fc.constantFrom('a1', 'a2', 'a3', 'b1') }),
    );

    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 4 }), async (actions) => {
        for (const a of actions) {
          n++;
          if (a.kind === 'rule') {
            const from = Date.parse('2026-09-01T00:00:00+03:00') + a.day * 86_400_000;
            const res = await publish(ruleSet(a.points, `rule ${n}`), new Date(from).toISOString());
            const inside = from < Date.parse(frozen.to);
            expect([res.status, res.body.error?.code ?? 'ok']).toEqual(
              inside ? [409, 'PERIOD_LOCKED'] : [200, 'ok'],
            );
          } else if (a.kind === 'event') {
            await api.ingest([call(`late-${n}`, a.rep, sept(a.day, a.hour), { durationSec: a.duration })]);
          } else {
            await api.ingest([
              {
                source: 'telephony',
                externalId: `void-${n}`,
                type: 'void',
                rep: 'anna',
                occurredAt: oct(3),
                attributes: {},
                voids: { source: 'telephony', externalId: a.target },
              },
            ]);
          }
        }
        const now = (await admin().get('/api/periods/2026-09')).body as PeriodCloseView;
        expect(now.contentHash).toBe(frozen.contentHash);
        expect(now.rows).toEqual(frozen.rows);
        expect(JSON.stringify((await api.board(boardAt)).rows)).toBe(frozenBoard);
        // Snapshot + pending adjustments = what the engine computes for September now.
        const pending = (await admin().get('/api/adjustments')).body as AdjustmentView[];
        for (const rep of Object.values(reps)) {
          const frozenMilli = frozen.rows.find((r) => r.repId === rep.id)?.milliPoints ?? 0;
          const delta = pending
            .filter((p) => p.repId === rep.id && p.periodKey === '2026-09')
            .reduce((s, p) => s + p.deltaMilliPoints, 0);
          const live = await api.breakdown(rep.id, boardAt);
          expect(frozenMilli + delta).toBe(live.milliPoints);
        }
      }),
      { numRuns: 8 },
    );
  });
});
