// Counts failures (wrong access keys, failed logins) per client, not requests:
// a legitimate booking rush is never throttled, guessing is. The counts are
// kept in the database, shared by every app server.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { EngineError } from '../../core/errors';
import { sqlGet, sqlRun, transaction, type Db } from '../../db';

export interface FailureLimiter {
  /** True when the client has used up its failures for the current window. */
  blocked(key: string, now: number): Promise<boolean>;
  fail(key: string, now: number): Promise<void>;
  /**
   * Counts an attempt before it is checked, in one conditional write, so a burst
   * of concurrent attempts (on any server) cannot all pass the check; false, and
   * nothing counted, when the key is already spent. Give it back with release()
   * if it succeeds.
   */
  reserve(key: string, now: number, tx?: Db): Promise<boolean>;
  /** Takes back one reserved attempt (the attempt succeeded or was never checked). */
  release(key: string, now: number): Promise<void>;
  /** Seconds until the client may try again. */
  retryAfter(key: string, now: number, tx?: Db): Promise<number>;
}

// The counts live in the database (rate_limits), so every app server sees the
// same ones: a guesser spreading attempts over servers gains nothing.
export function createFailureLimiter(opts: { db: Db; name: string; max: number; windowMs: number }): FailureLimiter {
  const { db, max, windowMs } = opts;
  const k = (key: string) => `${opts.name}|${key}`;
  const live = async (key: string, now: number, on: Db = db) =>
    (await sqlGet<{ count: number; resetAt: number }>(on, 'SELECT count, reset_at AS "resetAt" FROM rate_limits WHERE limit_key = ? AND reset_at > ?', [k(key), now])) ?? {
      count: 0,
      resetAt: now,
    };
  // One statement: a new or expired row starts at 1, a live one counts up, and with `onlyBelowMax`
  // a spent one is left alone (no row comes back).
  const upsert = (onlyBelowMax: boolean) =>
    `INSERT INTO rate_limits (limit_key, count, reset_at) VALUES (?, 1, ?)
     ON CONFLICT (limit_key) DO UPDATE SET
       count = CASE WHEN rate_limits.reset_at <= ? THEN 1 ELSE rate_limits.count + 1 END,
       reset_at = CASE WHEN rate_limits.reset_at <= ? THEN excluded.reset_at ELSE rate_limits.reset_at END
     ${onlyBelowMax ? 'WHERE rate_limits.reset_at <= ? OR rate_limits.count < ?' : ''}
     RETURNING count`;
  const failSql = upsert(false);
  const reserveSql = upsert(true);
  return {
    blocked: async (key, now) => max <= 0 || (await live(key, now)).count >= max,
    async fail(key, now) {
      await sqlGet(db, failSql, [k(key), now + windowMs, now, now]);
    },
    async reserve(key, now, tx = db) {
      if (max <= 0) return false;
      return (await sqlGet(tx, reserveSql, [k(key), now + windowMs, now, now, now, max])) !== undefined;
    },
    async release(key, now) {
      await sqlRun(db, 'UPDATE rate_limits SET count = count - 1 WHERE limit_key = ? AND reset_at > ? AND count > 0', [k(key), now]);
    },
    retryAfter: async (key, now, tx = db) => Math.max(1, Math.ceil(((await live(key, now, tx)).resetAt - now) / 1000)),
  };
}

/** Deletes the counts whose window has passed; returns how many. */
export async function purgeRateLimits(db: Db, now: number): Promise<number> {
  return (await sqlRun(db, 'DELETE FROM rate_limits WHERE reset_at <= ?', [now])).changes;
}

/** One reserved attempt over several keys: succeeded() gives them back; a failure keeps them counted. */
export interface AttemptTicket {
  succeeded(): Promise<void>;
  /** The attempt was never checked (refused before the password was looked at). */
  cancelled(): Promise<void>;
}

/**
 * Reserves one attempt on every [limiter, key] pair, or throws http.rate_limited
 * (details.retryAfter) without counting anything: in one transaction, before
 * the attempt is checked.
 */
export async function reserveAttempt(db: Db, pairs: readonly (readonly [FailureLimiter, string])[], now: number): Promise<AttemptTicket> {
  await transaction(db, async (tx) => {
    for (const [l, key] of pairs) {
      if (!(await l.reserve(key, now, tx))) throw new EngineError('http.rate_limited', { retryAfter: await l.retryAfter(key, now, tx) });
    }
  });
  let open = true;
  const giveBack = async () => {
    if (!open) return;
    open = false;
    for (const [l, key] of pairs) await l.release(key, now);
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
  begin(scope: string, account: string, ip: string, now: number): Promise<AttemptTicket>;
}

export function createLoginThrottle(db: Db, opts: { perAccountAddress?: number; perAddress?: number; perAccount?: number; windowMs?: number } = {}): LoginThrottle {
  const windowMs = opts.windowMs ?? 15 * 60_000;
  const pair = createFailureLimiter({ db, name: 'login-pair', max: opts.perAccountAddress ?? 5, windowMs });
  const address = createFailureLimiter({ db, name: 'login-address', max: opts.perAddress ?? 20, windowMs });
  const account = createFailureLimiter({ db, name: 'login-account', max: opts.perAccount ?? 100, windowMs });
  return {
    begin(scope, acct, ip, now) {
      const a = acct.normalize('NFKC').toLowerCase();
      return reserveAttempt(
        db,
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
