// Security headers on every response. The CSP allows scripts, styles and
// connections from this origin only: no inline script or style anywhere (islands
// read their props from <script type="application/json">, which never runs).
import type { MiddlewareHandler } from 'hono';
import { isHttps } from '../../auth/cookies';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "manifest-src 'self'",
].join('; ');

const HTTP_HEADERS: readonly [string, string][] = [
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  // Password-reset links and verification keys are in paths: never send them to other sites.
  ['Referrer-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
];
const HTTPS_HEADERS: readonly [string, string][] = [...HTTP_HEADERS, ['Strict-Transport-Security', 'max-age=31536000']];
// The staff console's 受付スキャン reads QR codes with the device camera: its pages may ask for it.
const withCamera = (list: readonly [string, string][]) => list.map(([k, v]): [string, string] => (k === 'Permissions-Policy' ? [k, v.replace('camera=()', 'camera=(self)')] : [k, v]));
const CONSOLE_HTTP_HEADERS = withCamera(HTTP_HEADERS);
const CONSOLE_HTTPS_HEADERS = withCamera(HTTPS_HEADERS);

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const console_ = c.req.path.startsWith('/admin/');
  const headers = isHttps(c) ? (console_ ? CONSOLE_HTTPS_HEADERS : HTTPS_HEADERS) : console_ ? CONSOLE_HTTP_HEADERS : HTTP_HEADERS;
  // Set on the finished response's own headers: c.header() after next() copies the
  // whole response each time, which turned every JSON answer into a stream.
  try {
    const h = c.res.headers;
    for (const [k, v] of headers) h.set(k, v);
  } catch {
    // Immutable headers (Response.redirect, a fetched response): let Hono copy it once per header.
    for (const [k, v] of headers) c.header(k, v);
  }
};
