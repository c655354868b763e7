// Cookie settings of resident pages: HttpOnly, SameSite=Lax, Secure (and the
// __Host- prefix) when the request came over HTTPS.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { trustedProxyHops } from '../http/middleware/rate-limit';

export function isHttps(c: Context): boolean {
  if (trustedProxyHops() > 0 && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

const nameOf = (c: Context, base: string) => (isHttps(c) ? `__Host-${base}` : base);

export function readCookie(c: Context, base: string): string | undefined {
  return getCookie(c, nameOf(c, base));
}

/** maxAgeSeconds undefined = a browser-session cookie. */
export function writeCookie(c: Context, base: string, value: string, maxAgeSeconds?: number): void {
  setCookie(c, nameOf(c, base), value, {
    path: '/',
    httpOnly: true,
    secure: isHttps(c),
    sameSite: 'Lax',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  });
}

export function clearCookie(c: Context, base: string): void {
  deleteCookie(c, nameOf(c, base), { path: '/', secure: isHttps(c) });
}
