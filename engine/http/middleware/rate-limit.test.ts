import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db';
import { createFailureLimiter, createLoginThrottle, purgeRateLimits, reserveAttempt } from './rate-limit';

let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
});
afterEach(() => closeDb(db));

describe('failure limiter reservations', () => {
  it('reserves up to max, refuses beyond without counting, and release gives one back', async () => {
    const l = createFailureLimiter({ db, name: 'l', max: 2, windowMs: 1000 });
    expect([await l.reserve('k', 0), await l.reserve('k', 0), await l.reserve('k', 0)]).toEqual([true, true, false]);
    await l.release('k', 0);
    expect(await l.blocked('k', 0)).toBe(false);
    expect(await l.reserve('k', 0)).toBe(true);
    expect(await l.blocked('k', 0)).toBe(true);
    expect(await l.retryAfter('k', 400)).toBe(1);
    expect(await l.blocked('k', 1000)).toBe(false);
    // A new window starts from one.
    expect(await l.reserve('k', 1000)).toBe(true);
    expect(await l.blocked('k', 1000)).toBe(false);
  });

  it('counts a burst of concurrent reservations exactly', async () => {
    const l = createFailureLimiter({ db, name: 'l', max: 5, windowMs: 1000 });
    const got = await Promise.all(Array.from({ length: 20 }, () => l.reserve('k', 0)));
    expect(got.filter(Boolean)).toHaveLength(5);
  });

  it('two limiters with the same name on one database share their counts (two app servers)', async () => {
    const a = createFailureLimiter({ db, name: 'shared', max: 3, windowMs: 1000 });
    const b = createFailureLimiter({ db, name: 'shared', max: 3, windowMs: 1000 });
    await a.fail('ip', 0);
    await b.fail('ip', 0);
    await a.fail('ip', 0);
    expect(await b.blocked('ip', 0)).toBe(true);
    expect(await purgeRateLimits(db, 1000)).toBe(1);
    expect(await a.blocked('ip', 0)).toBe(false);
  });

  it('reserveAttempt counts on every key or none, and a ticket gives back once', async () => {
    const a = createFailureLimiter({ db, name: 'a', max: 1, windowMs: 1000 });
    const b = createFailureLimiter({ db, name: 'b', max: 5, windowMs: 1000 });
    const t = await reserveAttempt(db, [[a, 'x'], [b, 'y']], 0);
    await expect(reserveAttempt(db, [[b, 'y'], [a, 'x']], 0)).rejects.toMatchObject({ code: 'http.rate_limited' });
    // The refused attempt counted nothing on b.
    for (let i = 0; i < 3; i++) await b.fail('y', 0);
    expect(await b.blocked('y', 0)).toBe(false);
    await t.succeeded();
    await t.succeeded();
    expect(await a.blocked('x', 0)).toBe(false);
    await (await reserveAttempt(db, [[a, 'x'], [b, 'y']], 0)).cancelled();
    expect(await b.blocked('y', 0)).toBe(false);
  });
});

describe('login throttle', () => {
  it('locks (account, address) after 5, not the same account from another address', async () => {
    const th = createLoginThrottle(db);
    for (let i = 0; i < 5; i++) await th.begin('s', 'Admin', 'A', 0);
    await expect(th.begin('s', 'admin', 'A', 0)).rejects.toMatchObject({ code: 'http.rate_limited' });
    await (await th.begin('s', 'admin', 'B', 0)).succeeded();
  });

  it('caps one account over many addresses at 100 failures', async () => {
    const th = createLoginThrottle(db);
    for (let i = 0; i < 100; i++) await th.begin('s', 'admin', `10.0.0.${i}`, 0);
    await expect(th.begin('s', 'admin', '192.0.2.1', 0)).rejects.toMatchObject({ code: 'http.rate_limited' });
  });
});
