import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** A Host header that can be written into a CSP source as it is (no `;`, `,`, spaces or paths). */
const PLAIN_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The socket's own origin as ws/wss sources: CSP 3 browsers let `'self'` cover them, older WebKit
 * (some TVs and signage players) does not.
 */
function sameHostWebSockets(req: IncomingMessage): string {
  const host = req.headers.host;
  return host !== undefined && PLAIN_HOST.test(host) ? `ws://${host} wss://${host}` : '';
}

/**
 * The web app's policy (apps/web is built by Vite: scripts and styles are files of this origin, no
 * inline ones; React and framer-motion set styles through the CSSOM, which CSP does not govern).
 * Rep photos are `img`s from any public host (`photoUrl`, http or https). Nothing may frame a page
 * (`/tv` included: a signage player shows it as a page, not inside another site). No
 * upgrade-insecure-requests: the app is often served over plain HTTP on an office network.
 */
const APP_DIRECTIVES = {
  'default-src': ["'self'"],
  'base-uri': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'https:', 'http:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'", sameHostWebSockets],
  'object-src': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'upgrade-insecure-requests': null,
};

/** Swagger UI (`/api/docs`) writes an inline `<style>` block and style attributes; its scripts are files. */
const DOCS_DIRECTIVES = {
  ...APP_DIRECTIVES,
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
};

function helmetWith(directives: typeof APP_DIRECTIVES): Middleware {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // The /tv address holds a display token (until the page removes it): never sent on.
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    // Photos come from other hosts; they carry no CORP header.
    crossOriginEmbedderPolicy: false,
    // Served over HTTPS, stay on HTTPS; subdomains are not this app's to decide.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  });
}

/**
 * Security headers for every HTTP answer (API, web app, docs): CSP with `frame-ancestors 'none'`,
 * `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`, no
 * `X-Powered-By`. The API docs get a policy that allows Swagger UI's inline styles.
 */
export function securityHeaders(): Middleware {
  const app = helmetWith(APP_DIRECTIVES);
  const docs = helmetWith(DOCS_DIRECTIVES);
  return (req, res, next) => (req.url?.startsWith('/api/docs') ? docs : app)(req, res, next);
}
