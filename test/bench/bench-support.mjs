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
