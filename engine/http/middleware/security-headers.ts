// Security headers on every response. The CSP allows scripts, styles and
// connections from this origin only: no inline script or style anywhere (islands
// read their props from <script type="application/json">, which never runs).
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';
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

const CONSOLE_BASE_HEADERS: readonly [string, string][] = [
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  // Password-reset links and verification keys are in paths: never send them to other sites.
  ['Referrer-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
];
/** The header list with one directive of one header rewritten (the lists are built once, at load). */
const withPolicy = (list: readonly [string, string][], header: string, from: string, to: string) => list.map(([k, v]): [string, string] => (k === header ? [k, v.replace(from, to)] : [k, v]));
// Resident pages may ask for the position (a 場所 field's 現在地を使う button); the console never does.
const HTTP_HEADERS = withPolicy(CONSOLE_BASE_HEADERS, 'Permissions-Policy', 'geolocation=()', 'geolocation=(self)');
const HTTPS_HEADERS: readonly [string, string][] = [...HTTP_HEADERS, ['Strict-Transport-Security', 'max-age=31536000']];
const CONSOLE_BASE_HTTPS_HEADERS: readonly [string, string][] = [...CONSOLE_BASE_HEADERS, ['Strict-Transport-Security', 'max-age=31536000']];
// The staff console's 受付スキャン reads QR codes with the device camera: its pages may ask for it.
const CONSOLE_HTTP_HEADERS = withPolicy(CONSOLE_BASE_HEADERS, 'Permissions-Policy', 'camera=()', 'camera=(self)');
const CONSOLE_HTTPS_HEADERS = withPolicy(CONSOLE_BASE_HTTPS_HEADERS, 'Permissions-Policy', 'camera=()', 'camera=(self)');

/** A page whose form goes on to another origin (the payment provider's page, reached by a 303 after our POST) names it: browsers check form-action on every redirect of a form's navigation. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any env that extends AppEnv (pages use PageEnv)
export function allowFormAction(c: Context<any>, origin: string): void {
  c.set('formActions', [...((c.get('formActions') as string[] | undefined) ?? []), origin]);
}


export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const console_ = c.req.path.startsWith('/admin/');
  const base = isHttps(c) ? (console_ ? CONSOLE_HTTPS_HEADERS : HTTPS_HEADERS) : console_ ? CONSOLE_HTTP_HEADERS : HTTP_HEADERS;
  const extra = c.get('formActions')?.filter((o) => /^https?:\/\/[A-Za-z0-9.:[\]-]+$/.test(o));
  const headers = extra?.length ? withPolicy(base, 'Content-Security-Policy', "form-action 'self'", `form-action 'self' ${extra.join(' ')}`) : base;
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
