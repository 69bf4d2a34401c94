import { request as httpRequest } from 'node:http';
import type { ErrorBody, EventImportResponse, EventInput } from '@leaderboard/contracts';
import type { Response } from 'supertest';
import { writeCsv } from '../common/csv/csv-writer.js';
import { randomGenerator } from '../demo/demo-data.js';
import { ApiClient, call, moscow } from '../test-support/api-client.js';
import type { TestApp } from '../test-support/test-app.js';
import { useTestApp } from '../test-support/use-test-app.js';

const AT = 'at=2026-11-18T12:00:00%2B03:00';
const HEADER = [
  'source',
  'externalId',
  'type',
  'rep',
  'occurredAt',
  'durationSec',
  'outcome',
  'scriptFollowed',
  'amount',
  'currency',
  'product',
  'replied',
];
const REPS = 20;

/** `count` events of 20 reps over November 2026: calls, e-mails, meetings and won deals (seeded). */
function events(count: number): EventInput[] {
  const random = randomGenerator(7);
  const next = (n: number): number => Math.floor(random() * n);
  return Array.from({ length: count }, (_, i): EventInput => {
    const rep = `rep${next(REPS)}@example.com`;
    const at = new Date(Date.UTC(2026, 10, 1 + next(28), 6 + next(10), next(60), next(60))).toISOString();
    const base = { source: 'crm', externalId: `e${i}`, rep, occurredAt: at };
    switch (next(4)) {
      case 0:
        return {
          ...base,
          type: 'call',
          attributes: { durationSec: next(900), outcome: 'connected', scriptFollowed: next(2) === 1 },
        };
      case 1:
        return { ...base, type: 'email', attributes: { replied: next(2) === 1 } };
      case 2:
        return { ...base, type: 'meeting', attributes: {} };
      default:
        return {
          ...base,
          type: 'deal_won',
          attributes: { amount: 100 * (1 + next(5000)), currency: 'RUB', product: 'Курс "Продажи"' },
        };
    }
  });
}

function csvOf(list: EventInput[], delimiter: ',' | ';' = ','): string {
  const rows = list.map((e) =>
    HEADER.map((column) => {
      const value = (e as unknown as Record<string, unknown>)[column] ?? e.attributes?.[column];
      return value === undefined || value === null ? '' : String(value);
    }),
  );
  return writeCsv([HEADER, ...rows], delimiter);
}

describe('POST /api/events/import', () => {
  let t: TestApp;
  let api: ApiClient;
  let teamId: string;

  useTestApp((app, client) => {
    t = app;
    api = client;
  });

  beforeEach(async () => {
    teamId = (await api.team('Москва')).id;
  }, 60_000);

  const upload = (body: string | Buffer, token = t.adminToken): Promise<Response> =>
    t
      .http()
      .post('/api/events/import')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'text/csv')
      .send(body);
  const listed = (res: Response): Array<[number | undefined, string | undefined]> =>
    (res.body as ErrorBody).error.details.map((d) => [d.index, d.path]);

  async function points(): Promise<Record<string, number>> {
    const board = await api.board(`period=month&${AT}`);
    return Object.fromEntries(board.rows.map((row) => [row.key, row.milliPoints]));
  }

  it('imports 50,000 events in one file, scored as the same events sent to POST /api/events; the same file again changes nothing', async () => {
    for (let i = 0; i < REPS; i++) await api.rep(`rep${i}@example.com`, `Rep ${i}`, teamId);
    const list = events(50_000);
    const file = csvOf(list);
    const res = await upload(file);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      rows: 50_000,
      created: 50_000,
      duplicate: 0,
      held: 0,
    } satisfies EventImportResponse);
    expect(await t.count('events')).toBe(50_000);
    // Stored as sent: every event's content hash equals the one POST /api/events stores (below).
    const hashes = async (): Promise<string[]> =>
      (
        await t.dataSource.query<Array<{ h: string }>>(
          'SELECT content_hash AS h FROM events ORDER BY external_id',
        )
      ).map((row) => row.h);
    const importedHashes = await hashes();
    const imported = await points();
    expect(Object.keys(imported)).toHaveLength(REPS);
    expect(Object.values(imported).every((milliPoints) => milliPoints > 0)).toBe(true);

    const again = await upload(file);
    expect(again.body).toEqual({ rows: 50_000, created: 0, duplicate: 50_000, held: 0 });
    expect(await t.count('events')).toBe(50_000);
    expect(await points()).toEqual(imported);

    // The same events through the JSON API, from scratch: the same board.
    await t.reset();
    teamId = (await api.team('Москва')).id;
    for (let i = 0; i < REPS; i++) await api.rep(`rep${i}@example.com`, `Rep ${i}`, teamId);
    for (let i = 0; i < list.length; i += 1000) await api.ingest(list.slice(i, i + 1000));
    expect(await points()).toEqual(imported);
    expect(await hashes()).toEqual(importedHashes);
  }, 900_000);

  it('reads a `;` file with a BOM, CRLF, a quoted newline, typed attributes and held rows; a manager may import', async () => {
    await api.rep('anna@example.com', 'Анна', teamId);
    const file =
      '\uFEFFexternalId;TYPE;Rep;occurredAt;durationSec;outcome;scriptFollowed;amount;currency;attributes.note\r\n' +
      `c1;call;anna@example.com;${moscow('10:00')};120;connected;да;;;"две\r\nстроки; с ""кавычками"""\r\n` +
      `d1;deal_won;anna@example.com;${moscow('11:00')};;;;150000;RUB;\r\n` +
      `c2;call;boris@example.com;${moscow('12:00')};60;no_answer;0;;;\r\n`;
    const manager = await managerToken(t);
    const res = await upload(Buffer.from(file), manager);
    expect(res.body).toEqual({ rows: 3, created: 2, duplicate: 0, held: 1 });
    expect(await t.count('audit_log', "action = 'events.import'")).toBe(1);
    const stored = await t.dataSource.query<Array<{ source: string; attributes: Record<string, unknown> }>>(
      "SELECT source, attributes FROM events WHERE external_id = 'c1'",
    );
    expect(stored[0]).toEqual({
      source: 'csv',
      attributes: {
        durationSec: 120,
        outcome: 'connected',
        scriptFollowed: true,
        note: 'две\r\nстроки; с "кавычками"',
      },
    });
  });

  it('refuses a file with bad rows, listing exactly those rows, and stores nothing', async () => {
    await api.rep('anna@example.com', 'Анна', teamId);
    const lines = [
      'externalId,type,rep,occurredAt,amount,currency,colour', // row 1: `colour` is unknown
      `ok1,deal_won,anna@example.com,${moscow('10:00')},100,RUB,`, // 2
      `bad-type,phone,anna@example.com,${moscow('10:00')},,,`, // 3
      `bad-date,deal_won,anna@example.com,2026-13-45T10:00:00Z,100,RUB,`, // 4
      `negative,deal_won,anna@example.com,${moscow('10:00')},-5,RUB,`, // 5
      `"quoted\nnewline",deal_won,anna@example.com,${moscow('10:00')},100,RUB,`, // 6 (lines 6-7)
      `nul\u0000,deal_won,anna@example.com,${moscow('10:00')},100,RUB,`, // 7
      `ok2,call,anna@example.com,${moscow('11:00')},,,`, // 8
      `many,call,anna@example.com,${moscow('11:00')},,,,extra`, // 9: a field more than the header
    ];
    const utf8Bad = Buffer.concat([
      Buffer.from(`latin1,call,`),
      Buffer.from([0xe9]),
      Buffer.from(`,${moscow('11:00')},,,\n`),
    ]); // 10
    const res = await upload(Buffer.concat([Buffer.from(lines.join('\n') + '\n'), utf8Bad]));
    expect(res.status).toBe(422);
    expect((res.body as ErrorBody).error.code).toBe('BATCH_INVALID');
    expect(listed(res)).toEqual([
      [1, 'row 1: colour'],
      [3, 'row 3: type'],
      [4, 'row 4: occurredAt'],
      [5, 'row 5: amount'],
      [7, 'row 7: externalId'],
      [9, 'row 9'],
      [10, 'row 10: rep'],
    ]);
    expect(await t.count('events')).toBe(0);
  });

  it('refuses a row whose key is stored with other content (409), and a key repeated with other content in the file (422); nothing stored', async () => {
    await api.rep('anna@example.com', 'Анна', teamId);
    await api.ingest([call('c1', 'anna@example.com', moscow('10:00'))]);
    const header = 'source,externalId,type,rep,occurredAt,durationSec,outcome\n';
    const fresh = `telephony,c2,call,anna@example.com,${moscow('10:30')},60,connected\n`;
    const conflict = await upload(
      header + fresh + `telephony,c1,call,anna@example.com,${moscow('10:00')},999,connected\n`,
    );
    expect(conflict.status).toBe(409);
    expect(listed(conflict)).toEqual([[3, 'row 3: externalId']]);
    const repeated = await upload(
      header + fresh + `telephony,c2,call,anna@example.com,${moscow('10:31')},60,connected\n`,
    );
    expect(repeated.status).toBe(422);
    expect(listed(repeated)).toEqual([[3, 'row 3: externalId']]);
    expect(await t.count('events')).toBe(1);
  });

  it('takes the source of a bound integration token as the default and refuses rows of another; a display token may not import', async () => {
    await api.rep('anna@example.com', 'Анна', teamId);
    const token = async (kind: string, source?: string): Promise<string> => {
      const res = await t
        .http()
        .post('/api/tokens')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .send({ name: `${kind} ${source ?? ''}`, kind, ...(source ? { source } : {}) })
        .expect(201);
      return (res.body as { token: string }).token;
    };
    const bound = await token('integration', 'telephony');
    const header = 'source,externalId,type,rep,occurredAt\n';
    const foreign = await upload(
      `${header},c1,call,anna@example.com,${moscow('10:00')}\ncrm,c2,call,anna@example.com,${moscow('10:00')}\n`,
      bound,
    );
    expect(foreign.status).toBe(422);
    expect(listed(foreign)).toEqual([[3, 'row 3: source']]);
    expect(await t.count('events')).toBe(0);
    const own = await upload(`${header},c1,call,anna@example.com,${moscow('10:00')}\n`, bound);
    expect(own.body).toEqual({ rows: 1, created: 1, duplicate: 0, held: 0 });
    expect(await t.count('events', "source = 'telephony'")).toBe(1);
    expect(
      (await upload(`${header},c3,call,anna@example.com,${moscow('10:00')}\n`, await token('display')))
        .status,
    ).toBe(403);
  });

  it('lists at most 1,000 bad rows and counts the rest', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `x${i},nope,anna@example.com,${moscow('10:00')}`);
    const res = await upload(['externalId,type,rep,occurredAt', ...rows].join('\n'));
    const details = (res.body as ErrorBody).error.details;
    expect(details).toHaveLength(1001);
    expect(details[999]).toMatchObject({ index: 1001, path: 'row 1001: type' });
    expect(details[1000]).toEqual({ path: 'rows', message: '500 more errors not listed' });
  });

  it('answers hostile files clearly: 60 MB (413), a 10 MB field and a million header columns (422), JSON (415), an empty file (422)', async () => {
    const big = Buffer.alloc(60 * 1024 * 1024, 'a');
    const tooBig = await upload(big);
    expect(tooBig.status).toBe(413);
    const field = await upload(
      `externalId,type,rep,occurredAt\n${'x'.repeat(10 * 1024 * 1024)},call,a,${moscow('10:00')}\n`,
    );
    expect(field.status).toBe(422);
    expect(listed(field)).toEqual([[2, 'row 2: externalId']]);
    const wide = await upload(Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',') + '\n');
    expect(wide.status).toBe(422);
    expect((wide.body as ErrorBody).error.message).toContain('more than 256 columns');
    // Streamed without a Content-Length: refused once the reader passes 50 MB, the rest drained.
    const streamed = await chunkedUpload(await t.listen(), t.adminToken, 60, Buffer.alloc(1024 * 1024, 'b'));
    expect(streamed.status).toBe(413);
    expect(streamed.body).toContain('larger than');
    const json = await t
      .http()
      .post('/api/events/import')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ events: [] });
    expect(json.status).toBe(415);
    const empty = await upload('');
    expect(empty.status).toBe(422);
    expect(await t.count('events')).toBe(0);
    expect((await t.http().get('/api/health')).status).toBe(200);
  }, 120_000);
});

/** POSTs `count` copies of `chunk` with chunked transfer encoding (no Content-Length). */
function chunkedUpload(
  base: string,
  token: string,
  count: number,
  chunk: Buffer,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/api/events/import`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'text/csv',
        'transfer-encoding': 'chunked',
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (data: Buffer) => (body += data.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    let sent = 0;
    const write = (): void => {
      while (sent < count) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

let manager: string | null = null;
/** A manager's token (users outlive the resets between tests). */
async function managerToken(t: TestApp): Promise<string> {
  if (manager !== null) return manager;
  const email = 'importer@example.com';
  const password = 'Ember-Canyon-Lotus-31';
  await t
    .http()
    .post('/api/users')
    .set('Authorization', `Bearer ${t.adminToken}`)
    .send({ email, password, role: 'manager' })
    .expect(201);
  const login = await t.http().post('/api/auth/login').send({ email, password }).expect(200);
  manager = (login.body as { accessToken: string }).accessToken;
  return manager;
}
