// Counts failures (wrong access keys, failed logins) per client, not requests:
// a legitimate booking rush is never throttled, guessing is.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { EngineError } from '../../core/errors';

export interface FailureLimiter {
  /** True when the client has used up its failures for the current window. */
  blocked(key: string, now: number): boolean;
  fail(key: string, now: number): void;
  /**
   * Counts an attempt before it is checked (before any await), so a burst of
   * concurrent attempts cannot all pass the check; false, and nothing counted,
   * when the key is already spent. Give it back with release() if it succeeds.
   */
  reserve(key: string, now: number): boolean;
  /** Takes back one reserved attempt (the attempt succeeded or was never checked). */
  release(key: string, now: number): void;
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
  const blocked = (key: string, now: number) => (entry(key, now)?.count ?? 0) >= opts.max;
  const fail = (key: string, now: number) => {
    const e = entry(key, now);
    if (e) e.count++;
    else {
      if (hits.size >= maxKeys) {
        for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k);
        if (hits.size >= maxKeys) hits.delete(hits.keys().next().value as string);
      }
      hits.set(key, { count: 1, resetAt: now + opts.windowMs });
    }
  };
  return {
    blocked,
    fail,
    reserve(key, now) {
      if (blocked(key, now)) return false;
      fail(key, now);
      return true;
    },
    release(key, now) {
      const e = entry(key, now);
      if (e && --e.count <= 0) hits.delete(key);
    },
    retryAfter: (key, now) => Math.max(1, Math.ceil(((entry(key, now)?.resetAt ?? now) - now) / 1000)),
  };
}

/** One reserved attempt over several keys: succeeded() gives them back; a failure keeps them counted. */
export interface AttemptTicket {
  succeeded(): void;
  /** The attempt was never checked (refused before the password was looked at). */
  cancelled(): void;
}

/**
 * Reserves one attempt on every [limiter, key] pair, or throws http.rate_limited
 * (details.retryAfter) without counting anything. Synchronous on purpose: it must
 * run before the first await of the attempt.
 */
export function reserveAttempt(pairs: readonly (readonly [FailureLimiter, string])[], now: number): AttemptTicket {
  const spent = pairs.find(([l, k]) => l.blocked(k, now));
  if (spent) throw new EngineError('http.rate_limited', { retryAfter: spent[0].retryAfter(spent[1], now) });
  for (const [l, k] of pairs) l.reserve(k, now);
  let open = true;
  const giveBack = () => {
    if (!open) return;
    open = false;
    for (const [l, k] of pairs) l.release(k, now);
  };
  return { succeeded: giveBack, cancelled: giveBack };
}

/**
 * Password-guessing limits (OWASP: count per account *and* address). A stranger's
 * failures from one address never lock the real user out from theirs:
 * - per (account, address): 5 failures in 15 minutes;
 * - per address, over all accounts: 20 (one address spraying many ids);
 * - per account, over all addresses: 100 (distributed guessing) — one address
 *   contributes at most 5 to it, so it takes 20 addresses to trip it.
 */
export interface LoginThrottle {
  begin(scope: string, account: string, ip: string, now: number): AttemptTicket;
}

export function createLoginThrottle(opts: { perAccountAddress?: number; perAddress?: number; perAccount?: number; windowMs?: number } = {}): LoginThrottle {
  const windowMs = opts.windowMs ?? 15 * 60_000;
  const pair = createFailureLimiter({ max: opts.perAccountAddress ?? 5, windowMs });
  const address = createFailureLimiter({ max: opts.perAddress ?? 20, windowMs });
  const account = createFailureLimiter({ max: opts.perAccount ?? 100, windowMs });
  return {
    begin(scope, acct, ip, now) {
      const a = acct.normalize('NFKC').toLowerCase();
      return reserveAttempt(
        [
          [pair, `${scope}|${a}|${ip}`],
          [address, `${scope}|${ip}`],
          [account, `${scope}|${a}`],
        ],
        now,
      );
    },
  };
}

/** Hops of reverse proxies in front of us whose X-Forwarded-For entries we trust (TRUST_PROXY=N; 0 when unset). */
export function trustedProxyHops(): number {
  const n = Number(process.env.TRUST_PROXY ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * The client's address. With TRUST_PROXY=N, the Nth X-Forwarded-For entry from
 * the right: each trusted proxy appends the address it saw, so anything further
 * left was written by the client and may be forged. Too few entries: the leftmost.
 */
export function clientAddress(c: Context): string {
  const hops = trustedProxyHops();
  if (hops > 0) {
    const fwd = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (fwd.length) return fwd[Math.max(0, fwd.length - hops)];
  }
  // app.request() (tests, in-process benchmarks) has no socket: checked, not caught, since a throw per request is costly.
  const env = c.env as { incoming?: unknown; server?: unknown } | undefined;
  if (!env?.incoming && !env?.server) return 'local';
  return getConnInfo(c).remote.address ?? 'unknown';
}
