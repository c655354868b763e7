// Counts failures (wrong access keys, failed logins) per client, not requests:
// a legitimate booking rush is never throttled, guessing is.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export interface FailureLimiter {
  /** True when the client has used up its failures for the current window. */
  blocked(key: string, now: number): boolean;
  fail(key: string, now: number): void;
  /** Seconds until the client may try again. */
  retryAfter(key: string, now: number): number;
}

export function createFailureLimiter(opts: { max: number; windowMs: number; maxKeys?: number }): FailureLimiter {
  const hits = new Map<string, { count: number; resetAt: number }>();
  const maxKeys = opts.maxKeys ?? 100_000;
  const entry = (key: string, now: number) => {
    const e = hits.get(key);
    if (e && e.resetAt > now) return e;
    hits.delete(key);
    return undefined;
  };
  return {
    blocked: (key, now) => (entry(key, now)?.count ?? 0) >= opts.max,
    fail(key, now) {
      const e = entry(key, now);
      if (e) e.count++;
      else {
        if (hits.size >= maxKeys) {
          for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k);
          if (hits.size >= maxKeys) hits.delete(hits.keys().next().value as string);
        }
        hits.set(key, { count: 1, resetAt: now + opts.windowMs });
      }
    },
    retryAfter: (key, now) => Math.max(1, Math.ceil(((entry(key, now)?.resetAt ?? now) - now) / 1000)),
  };
}

/** The client's address: the socket's, or the first X-Forwarded-For hop when TRUST_PROXY=1. */
export function clientAddress(c: Context): string {
  if (process.env.TRUST_PROXY === '1') {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  // app.request() (tests, in-process benchmarks) has no socket: checked, not caught, since a throw per request is costly.
  const env = c.env as { incoming?: unknown; server?: unknown } | undefined;
  if (!env?.incoming && !env?.server) return 'local';
  return getConnInfo(c).remote.address ?? 'unknown';
}
