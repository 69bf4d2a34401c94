// What the API benches (hooks, ingest, kpis, live) share: a fresh database, the app started in its
// own process against it, a JSON call to its API, and a process's CPU time. Node only.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root: the app is started from there. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The administrator every bench logs in as (ADMIN_EMAIL, ADMIN_PASSWORD of the app it starts). */
export const ADMIN = { email: 'bench@example.com', password: 'Cobalt-Juniper-Sail-64' };

/** Drops and creates the database of `dbUrl` (through the server's `postgres` database). */
export async function recreateDatabase(dbUrl) {
  const pg = (await import('pg')).default;
  const admin = new URL(dbUrl);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
}

/**
 * `node apps/api/dist/main.js` (BENCH_MAIN; Node options from BENCH_NODE_ARGS) on `port` against
 * `dbUrl`, no demo data, no web files; resolves with the child once /api/health answers.
 */
export async function startApp(port, dbUrl, nodeArgs = []) {
  const env = process.env;
  const child = spawn(
    process.execPath,
    [
      ...(env.BENCH_NODE_ARGS ? env.BENCH_NODE_ARGS.split(' ') : []),
      ...nodeArgs,
      env.BENCH_MAIN ?? 'apps/api/dist/main.js',
    ],
    {
      cwd: ROOT,
      env: {
        ...env,
        DATABASE_URL: dbUrl,
        JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        DEMO: '0',
        PORT: String(port),
        WEB_DIR: 'none',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('the app did not start');
}

/** `call(method, path, token, body)`: a JSON request to `${base}${path}`; throws unless 2xx. */
export function apiCaller(base) {
  return async function call(method, path, token, body) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
}

/** CPU seconds (user + system) of a process, from /proc/<pid>/stat (USER_HZ = 100); 0 once it is gone. */
export function cpuOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * The synthetic ledger of the KPI and history benches, inserted straight into `events`
 * (parameters: first g, last g, n, start, end, number of reps). Event g of n: a pseudo-random roll decides the type (calls and e-mails most, outcomes a few
 * percent), the rep, and the attributes; occurredAt grows with g over the months (the ledger is
 * appended in roughly time order), 0.1% are voids of an earlier event.
 */
export const INSERT_CHUNK = `
  INSERT INTO events (source, external_id, type, rep_key, rep_id, occurred_at, attributes, voids_source,
                      voids_external_id, content_hash)
  SELECT 'bench', 'k' || g, x.type, r.key, r.id, x.at, x.attributes,
         CASE WHEN x.type = 'void' THEN 'bench' END,
         CASE WHEN x.type = 'void' THEN 'k' || (g - 5) END,
         md5(g::text)
  FROM generate_series($1::bigint, $2::bigint) AS g
  CROSS JOIN LATERAL (SELECT ((g * 7919) % 1000)::int AS roll, ((g * 104729) % 997)::int AS roll2,
                             $4::timestamptz + (g::float8 / $3) * ($5::timestamptz - $4::timestamptz) AS at) p
  CROSS JOIN LATERAL (SELECT p.at,
    CASE WHEN p.roll < 1 AND g > 5 THEN 'void'
         WHEN p.roll < 450 THEN 'call' WHEN p.roll < 700 THEN 'email' WHEN p.roll < 740 THEN 'meeting'
         WHEN p.roll < 770 THEN 'demo_booked' WHEN p.roll < 840 THEN 'lead_responded'
         WHEN p.roll < 870 THEN 'lead_qualified' WHEN p.roll < 910 THEN 'opportunity_created'
         WHEN p.roll < 940 THEN 'deal_stage_changed' WHEN p.roll < 965 THEN 'deal_won'
         WHEN p.roll < 980 THEN 'deal_lost' WHEN p.roll < 985 THEN 'customer_churned'
         ELSE 'follow_up' END AS type) t
  CROSS JOIN LATERAL (SELECT t.type, p.at,
    CASE t.type
      WHEN 'call' THEN jsonb_build_object('durationSec', p.roll2, 'outcome',
        (ARRAY['connected', 'voicemail', 'no_answer'])[1 + p.roll2 % 3], 'scriptFollowed', p.roll2 % 2 = 0)
      WHEN 'email' THEN jsonb_build_object('replied', p.roll2 % 3 = 0, 'opened', p.roll2 % 2 = 0)
      WHEN 'lead_responded' THEN jsonb_build_object('leadCreatedAt',
        to_char((p.at - make_interval(mins => p.roll2 % 180)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
      WHEN 'lead_qualified' THEN jsonb_build_object('from', 'mql', 'to', CASE WHEN p.roll2 % 3 = 0 THEN 'mql' ELSE 'sql' END)
      WHEN 'opportunity_created' THEN jsonb_build_object('dealId', 'd' || (g / 100), 'amount', 100000 * (1 + p.roll2),
        'stage', 'qualification')
      WHEN 'deal_stage_changed' THEN jsonb_build_object('dealId', 'd' || (g / 100 - 3),
        'from', (ARRAY['qualification', 'proposal', 'negotiation'])[1 + p.roll2 % 3],
        'to', (ARRAY['proposal', 'negotiation', 'lost'])[1 + p.roll2 % 3])
      WHEN 'deal_won' THEN jsonb_build_object('dealId', 'd' || (g / 100 - 5), 'amount', 100000 * (1 + p.roll2),
        'margin', 20000 * (1 + p.roll2), 'mrr', 1000 * (1 + p.roll2 % 50),
        'kind', (ARRAY['new', 'new', 'expansion', 'renewal', 'repeat'])[1 + p.roll2 % 5],
        'channel', (ARRAY['call', 'email', 'meeting'])[1 + p.roll2 % 3],
        'product', (ARRAY['CRM', 'Support', 'Analytics'])[1 + p.roll2 % 3], 'scriptFollowed', p.roll2 % 2 = 0)
      WHEN 'deal_lost' THEN jsonb_build_object('dealId', 'd' || (g / 100 - 4), 'reason', 'price')
      WHEN 'customer_churned' THEN jsonb_build_object('mrr', 1000 * (1 + p.roll2 % 50))
      ELSE '{}'::jsonb END AS attributes) x
  JOIN (SELECT id, key, row_number() OVER (ORDER BY key) - 1 AS i FROM reps) r ON r.i = (g * 31) % $6`;
