/**
 * Issue 16: KPI screens update live. A manager, two reps and a TV on real sockets: a rep's event
 * reaches that rep and the manager as a `kpis:changed` hint within the hint interval after the
 * rollups' catch-up, the other rep hears nothing, a display token may not follow KPIs at all, and
 * a burst of events gives hints spaced by the interval.
 */
import { jest } from '@jest/globals';
import type { EventInput, KpisChanged, RepView } from '@leaderboard/contracts';
import type { ApiClient } from '../test-support/api-client.js';
import type { TestSocket } from '../test-support/live-client.js';
import type { TestApp } from '../test-support/test-app.js';
import { useLiveTestApp } from '../test-support/use-test-app.js';

jest.setTimeout(90_000);

const HINT_MS = 600;
/** The follower catches up once a second; then the hint leaves within HINT_MS. */
const WITHIN_MS = 1000 + HINT_MS + 1500;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function call(externalId: string, rep: string): EventInput {
  return {
    source: 'phone',
    externalId,
    type: 'call',
    rep,
    occurredAt: new Date().toISOString(),
    attributes: { durationSec: 120, outcome: 'connected' },
  };
}

/** Every `kpis:changed` a socket receives, with its arrival time. */
class Hints {
  readonly received: Array<{ hint: KpisChanged; at: number }> = [];
  constructor(readonly socket: TestSocket) {
    socket.on('kpis:changed', (hint) => this.received.push({ hint, at: Date.now() }));
  }
  async follow(scope: string): Promise<unknown> {
    return this.socket.timeout(10_000).emitWithAck('kpis:subscribe', { scope });
  }
  async next(count: number, ms = WITHIN_MS): Promise<void> {
    const started = Date.now();
    while (this.received.length < count) {
      if (Date.now() - started > ms) throw new Error(`${this.received.length} hints, waited for ${count}`);
      await sleep(20);
    }
  }
}

describe('live: kpis:changed (issue 16)', () => {
  let t: TestApp;
  let api: ApiClient;
  const live = useLiveTestApp(
    (app, client) => {
      t = app;
      api = client;
    },
    { kpiLiveHintMs: HINT_MS },
  );

  async function userToken(role: 'manager' | 'rep', repId?: string): Promise<string> {
    const email = `${role}-${Math.floor(Math.random() * 1e9)}@example.com`;
    const user = await t
      .http()
      .post('/api/users')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ email, password: 'Indigo-Raven-Spoke-29', role, ...(repId && { repId }) });
    expect(user.status).toBe(201);
    const login = await t.http().post('/api/auth/login').send({ email, password: 'Indigo-Raven-Spoke-29' });
    return login.body.accessToken as string;
  }

  let anna: RepView;
  let boris: RepView;
  let manager: Hints;
  let annaLive: Hints;
  let borisLive: Hints;

  async function setUp(): Promise<void> {
    const team = await api.team('Москва');
    anna = await api.rep('anna@example.com', 'Анна', team.id);
    boris = await api.rep('boris@example.com', 'Борис', team.id);
    manager = new Hints(await live.open(await userToken('manager')));
    annaLive = new Hints(await live.open(await userToken('rep', anna.id)));
    borisLive = new Hints(await live.open(await userToken('rep', boris.id)));
    expect(await manager.follow('org')).toEqual({ ok: true });
    expect(await annaLive.follow(`rep:${anna.id}`)).toEqual({ ok: true });
    expect(await borisLive.follow(`rep:${boris.id.toUpperCase()}`)).toEqual({ ok: true });
    // Whatever the set-up itself moved (nothing scores yet, but a catch-up may be under way).
    await sleep(WITHIN_MS);
    for (const hints of [manager, annaLive, borisLive]) hints.received.length = 0;
  }

  it("tells a rep and the manager about the rep's event, never another rep or a TV", async () => {
    await setUp();
    const display = await t
      .http()
      .post('/api/tokens')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ kind: 'display', name: 'TV' });
    const tv = new Hints(await live.open(display.body.token as string));
    expect(await tv.follow('org')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await tv.follow(`rep:${anna.id}`)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A rep follows only their own scope.
    expect(await annaLive.follow(`rep:${boris.id}`)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await annaLive.follow('org')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await annaLive.follow(`team:${anna.teamId}`)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await annaLive.follow('rep:not-a-uuid')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });

    const posted = Date.now();
    await api.ingest([call('c1', 'anna@example.com')]);
    await annaLive.next(1);
    await manager.next(1);
    expect(annaLive.received[0].at - posted).toBeLessThan(WITHIN_MS);
    expect(Object.keys(annaLive.received[0].hint)).toEqual(['asOf']);
    // The GET the hint asks for shows the call.
    const kpis = await t
      .http()
      .get(`/api/kpis?scope=rep:${anna.id}&periods=1`)
      .set('Authorization', `Bearer ${t.adminToken}`);
    const calls = (kpis.body.kpis as Array<{ id: string; current: { value: unknown } }>).find(
      (k) => k.id === 'calls',
    );
    expect(calls?.current.value).toEqual({ kind: 'count', count: 1 });

    // Boris's event reaches Boris and the manager, not Anna.
    await api.ingest([call('c2', 'boris@example.com')]);
    await borisLive.next(1);
    await manager.next(2);
    // A void of Anna's call reaches Anna (her figures moved back).
    await api.ingest([
      {
        source: 'phone',
        externalId: 'void-c1',
        type: 'void',
        rep: 'anna@example.com',
        occurredAt: new Date().toISOString(),
        voids: { source: 'phone', externalId: 'c1' },
      },
    ]);
    await annaLive.next(2);
    await sleep(WITHIN_MS);
    expect(annaLive.received).toHaveLength(2);
    expect(borisLive.received).toHaveLength(1);
    expect(tv.received).toHaveLength(0);
  });

  it('gathers a burst into hints at most one per interval, and stops after kpis:unsubscribe', async () => {
    await setUp();
    for (let i = 0; i < 12; i++) {
      await api.ingest([call(`burst-${i}`, 'anna@example.com')]);
      await sleep(250);
    }
    await sleep(WITHIN_MS);
    const times = annaLive.received.map((r) => r.at);
    expect(times.length).toBeGreaterThanOrEqual(1);
    // 3 s of events: at most one hint per interval (plus the one left when the burst ended).
    expect(times.length).toBeLessThanOrEqual(Math.ceil((12 * 250 + WITHIN_MS) / HINT_MS));
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThan(HINT_MS - 100);
    expect(manager.received.length).toBe(times.length);

    const before = annaLive.received.length;
    await annaLive.socket.timeout(10_000).emitWithAck('kpis:unsubscribe', { scope: `rep:${anna.id}` });
    await api.ingest([call('after', 'anna@example.com')]);
    await manager.next(manager.received.length + 1);
    await sleep(HINT_MS);
    expect(annaLive.received).toHaveLength(before);
  });
});
