import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import type { Response } from 'supertest';
import { connect, liveSocket } from '../test-support/live-client.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/** Resolves with the server's refusal of a connection to `url` (its namespace), or 'connected'. */
function connectTo(url: string): Promise<string> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(error.message));
  }).finally(() => socket.disconnect());
}

function directives(res: Response): Map<string, string> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)] as [string, string]),
  );
}

describe('security headers and the socket surface', () => {
  let t: TestApp;
  let baseUrl: string;
  const webDir = mkdtempSync(join(tmpdir(), 'web-'));

  beforeAll(async () => {
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
    t = await createTestApp({ webDir });
    baseUrl = await t.listen();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    rmSync(webDir, { recursive: true, force: true });
  }, 60_000);

  it('sends CSP with frame-ancestors none, nosniff, no-referrer and no X-Powered-By on the API and the pages', async () => {
    const answers = {
      health: await t.http().get('/api/health'),
      boards: await t.http().get('/api/boards').set('Authorization', `Bearer ${t.adminToken}`),
      refused: await t.http().get('/api/reps'),
      tv: await t.http().get('/tv?token=dsp_secret'),
      me: await t.http().get('/me'),
      admin: await t.http().get('/admin'),
      index: await t.http().get('/'),
    };
    expect(answers.tv.text).toContain('id="root"');
    for (const [name, res] of Object.entries(answers)) {
      const csp = directives(res);
      expect([name, csp.get('frame-ancestors'), csp.get('default-src'), csp.get('script-src')]).toEqual([
        name,
        "'none'",
        "'self'",
        "'self'",
      ]);
      expect([name, res.headers['x-content-type-options']]).toEqual([name, 'nosniff']);
      expect([name, res.headers['referrer-policy']]).toEqual([name, 'no-referrer']);
      expect([name, res.headers['x-frame-options']]).toEqual([name, 'DENY']);
      expect([name, res.headers['x-powered-by']]).toEqual([name, undefined]);
    }
    const page = directives(answers.tv);
    // Rep photos come from any public host; the live socket from this host.
    expect(page.get('img-src')?.split(' ')).toEqual(expect.arrayContaining(['https:', 'http:']));
    expect(page.get('connect-src')?.split(' ')).toEqual(expect.arrayContaining(["'self'"]));
    expect(page.get('style-src')).toBe("'self'");
    expect(page.has('upgrade-insecure-requests')).toBe(false);
  });

  it('still serves Swagger UI, with a policy that allows its inline styles only', async () => {
    const docs = await t.http().get('/api/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui');
    const csp = directives(docs);
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(docs.headers['x-content-type-options']).toBe('nosniff');
    // Its scripts are files of this origin, which the policy allows.
    const scripts = [...docs.text.matchAll(/<script src=["']([^"']+)["']/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const script = await t.http().get(new URL(src, `${baseUrl}/api/docs/`).pathname);
      expect([src, script.status]).toEqual([src, 200]);
    }
  });

  it('refuses sockets on the default namespace and on unknown ones; /live still takes a token', async () => {
    expect(await connectTo(`${baseUrl}/`)).toBe('Only the /live namespace is served');
    expect(await connectTo(baseUrl)).toBe('Only the /live namespace is served');
    expect(await connectTo(`${baseUrl}/admin`)).toBe('Invalid namespace');
    const live = liveSocket(baseUrl, t.adminToken);
    await connect(live);
    expect(live.connected).toBe(true);
    live.disconnect();
    await expect(connect(liveSocket(baseUrl, null))).rejects.toThrow();
  });
});
