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

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  // Password-reset links and verification keys are in paths: never send them to other sites.
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  if (isHttps(c)) c.header('Strict-Transport-Security', 'max-age=31536000');
};
