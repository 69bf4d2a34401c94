import { client, startApp, type AppProcess } from './app-process.js';

const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };

describe('the built app as a process (embedded PostgreSQL)', () => {
  let app: AppProcess;
  let admin: ReturnType<typeof client>;

  beforeAll(async () => {
    app = await startApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    const login = await client(app.baseUrl).post('/api/auth/login', ADMIN);
    expect(login.status).toBe(200);
    admin = client(app.baseUrl, login.body.accessToken);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('answers health and docs without a token, and nothing else', async () => {
    const anonymous = client(app.baseUrl);
    expect((await anonymous.get('/api/health')).status).toBe(200);
    expect((await anonymous.get('/api/docs-json')).status).toBe(200);
    for (const path of [
      '/api/boards?period=month',
      '/api/reps',
      '/api/teams',
      '/api/rulesets',
      '/api/users',
    ]) {
      const response = await anonymous.get(path);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect((await anonymous.post('/api/events', { events: [] })).status).toBe(401);
  });

  it('scores events sent by an integration token and ranks the board', async () => {
    const team = await admin.post('/api/teams', { name: 'Москва' });
    expect(team.status).toBe(201);
    const anna = await admin.post('/api/reps', {
      key: 'anna@example.com',
      name: 'Анна Смирнова',
      teamId: team.body.id,
    });
    const emily = await admin.post('/api/reps', {
      key: 'emily@example.com',
      name: 'Emily Carter',
      teamId: team.body.id,
    });
    expect([anna.status, emily.status]).toEqual([201, 201]);
    const token = await admin.post('/api/tokens', { kind: 'integration', name: 'crm' });
    expect(token.status).toBe(201);
    const crm = client(app.baseUrl, token.body.token);

    const now = new Date();
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
    const sent = await crm.post('/api/events', {
      events: [
        {
          source: 'crm',
          externalId: 'd-1',
          type: 'deal_won',
          rep: 'anna@example.com',
          occurredAt: at(5),
          attributes: { amount: 5_000_000, margin: 1_500_000 },
        },
        {
          source: 'crm',
          externalId: 'o-1',
          type: 'opportunity_created',
          rep: 'emily@example.com',
          occurredAt: at(4),
          attributes: { amount: 100_000 },
        },
        {
          source: 'crm',
          externalId: 'x-1',
          type: 'opportunity_created',
          rep: 'nobody@example.com',
          occurredAt: at(3),
          attributes: {},
        },
      ],
    });
    expect(sent.status).toBe(200);
    expect(sent.body.results.map((r: { status: string }) => r.status)).toEqual([
      'created',
      'created',
      'held',
    ]);

    const again = await crm.post('/api/events', {
      source: 'crm',
      externalId: 'd-1',
      type: 'deal_won',
      rep: 'anna@example.com',
      occurredAt: at(5),
      attributes: { amount: 5_000_000, margin: 1_500_000 },
    });
    expect(again.body.results[0].status).toBe('duplicate');

    const board = await admin.get('/api/boards?period=month');
    expect(board.status).toBe(200);
    const rows = board.body.rows as Array<{ name: string; rank: number; points: number }>;
    // deal_won: 200 + 5,000,000 / 100,000 x 10 = 700 points; opportunity_created: 50.
    expect(rows.map((r) => [r.name, r.rank, r.points])).toEqual([
      ['Анна Смирнова', 1, 700],
      ['Emily Carter', 2, 50],
    ]);
    // An integration token sends events only.
    expect((await crm.get('/api/boards?period=month')).status).toBe(403);
  });

  it('refuses a batch with one bad event whole, naming its index', async () => {
    const before = await admin.get('/api/boards?period=month');
    const response = await admin.post('/api/events', {
      events: [
        {
          source: 'crm',
          externalId: 'ok-1',
          type: 'meeting',
          rep: 'anna@example.com',
          occurredAt: new Date().toISOString(),
        },
        {
          source: 'crm',
          externalId: 'bad-1',
          type: 'meeting',
          rep: 'anna@example.com',
          occurredAt: 'yesterday',
        },
      ],
    });
    expect(response.status).toBe(422);
    expect(response.body.error.details.map((d: { index: number }) => d.index)).toEqual([1]);
    const after = await admin.get('/api/boards?period=month');
    expect(after.body.rows).toEqual(before.body.rows);
    const resend = await admin.post('/api/events', {
      source: 'crm',
      externalId: 'ok-1',
      type: 'meeting',
      rep: 'anna@example.com',
      occurredAt: new Date().toISOString(),
    });
    expect(resend.body.results[0].status).toBe('created');
  });
});

describe('npm start on an empty embedded database', () => {
  it('seeds the demo org, prints the URLs and moves the boards', async () => {
    const app = await startApp({ DEMO: '1' });
    try {
      expect(app.output()).toMatch(/\/api\/docs/);
      const password = /password[:\s]+(\S+)/i.exec(app.output())?.[1];
      const email = /email[:\s]+(\S+@\S+)/i.exec(app.output())?.[1];
      expect(email && password).toBeTruthy();
      const login = await client(app.baseUrl).post('/api/auth/login', { email, password });
      expect(login.status).toBe(200);
      const admin = client(app.baseUrl, login.body.accessToken);
      const reps = await admin.get('/api/reps');
      expect(reps.body).toHaveLength(12);
      expect(reps.body.some((r: { name: string }) => /[А-Яа-я]/.test(r.name))).toBe(true);
      expect(reps.body.some((r: { name: string }) => /^[A-Za-z ]+$/.test(r.name))).toBe(true);
      const total = async () =>
        ((await admin.get('/api/boards?period=month')).body.rows as Array<{ milliPoints: number }>).reduce(
          (sum, row) => sum + row.milliPoints,
          0,
        );
      const first = await total();
      let later = first;
      for (let i = 0; i < 40 && later === first; i++) {
        await new Promise((done) => setTimeout(done, 500));
        later = await total();
      }
      expect(later).not.toBe(first);
    } finally {
      await app.stop();
    }
  });
});
