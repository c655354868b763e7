// CSRF protection of resident form posts (double submit): a random token in an
// HttpOnly SameSite cookie, the same token in a hidden field of every form; a
// post must carry both, equal, and come from this origin when the browser says so.
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { newToken } from './token';
import { trustedProxyHops } from '../http/middleware/rate-limit';
import { readCookie, writeCookie } from './cookies';

const COOKIE = 'mr_csrf';
export const CSRF_FIELD = '_csrf';

/** The token for forms on this page (issued, as a browser-session cookie, when missing). */
export function csrfToken(c: Context): string {
  const existing = readCookie(c, COOKIE);
  if (existing && /^[A-Za-z0-9_-]{20,100}$/.test(existing)) return existing;
  const fresh = newToken(24);
  writeCookie(c, COOKIE, fresh);
  return fresh;
}

export function csrfValid(c: Context, posted: unknown): boolean {
  const cookie = readCookie(c, COOKIE);
  if (typeof posted !== 'string' || !cookie || posted.length !== cookie.length) return false;
  if (!sameHost(c)) return false;
  return timingSafeEqual(Buffer.from(posted), Buffer.from(cookie));
}

/** A post that says where it comes from must come from here (hosts compared: a TLS proxy in front changes the scheme). */
function sameHost(c: Context): boolean {
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return true;
  try {
    const from = new URL(origin).host;
    const here = trustedProxyHops() > 0 ? c.req.header('x-forwarded-host') ?? new URL(c.req.url).host : new URL(c.req.url).host;
    return from === here;
  } catch {
    return false;
  }
}
