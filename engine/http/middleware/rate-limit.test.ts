import { describe, expect, it } from 'vitest';
import { createFailureLimiter, createLoginThrottle, reserveAttempt } from './rate-limit';

describe('failure limiter reservations', () => {
  it('reserves up to max, refuses beyond without counting, and release gives one back', () => {
    const l = createFailureLimiter({ max: 2, windowMs: 1000 });
    expect([l.reserve('k', 0), l.reserve('k', 0), l.reserve('k', 0)]).toEqual([true, true, false]);
    l.release('k', 0);
    expect(l.blocked('k', 0)).toBe(false);
    expect(l.reserve('k', 0)).toBe(true);
    expect(l.blocked('k', 0)).toBe(true);
    expect(l.blocked('k', 1000)).toBe(false);
  });

  it('reserveAttempt counts on every key or none, and a ticket gives back once', () => {
    const a = createFailureLimiter({ max: 1, windowMs: 1000 });
    const b = createFailureLimiter({ max: 5, windowMs: 1000 });
    const t = reserveAttempt([[a, 'x'], [b, 'y']], 0);
    expect(() => reserveAttempt([[b, 'y'], [a, 'x']], 0)).toThrow(expect.objectContaining({ code: 'http.rate_limited' }));
    expect(b.blocked('y', 0)).toBe(false);
    t.succeeded();
    t.succeeded();
    expect(a.blocked('x', 0)).toBe(false);
    for (let i = 0; i < 4; i++) b.fail('y', 0);
    reserveAttempt([[a, 'x'], [b, 'y']], 0).cancelled();
    expect(b.blocked('y', 0)).toBe(false);
  });
});

describe('login throttle', () => {
  it('locks (account, address) after 5, not the same account from another address', () => {
    const th = createLoginThrottle();
    for (let i = 0; i < 5; i++) th.begin('s', 'Admin', 'A', 0);
    expect(() => th.begin('s', 'admin', 'A', 0)).toThrow(expect.objectContaining({ code: 'http.rate_limited' }));
    expect(() => th.begin('s', 'admin', 'B', 0).succeeded()).not.toThrow();
  });

  it('caps one account over many addresses at 100 failures', () => {
    const th = createLoginThrottle();
    for (let i = 0; i < 100; i++) th.begin('s', 'admin', `10.0.0.${i}`, 0);
    expect(() => th.begin('s', 'admin', '192.0.2.1', 0)).toThrow(expect.objectContaining({ code: 'http.rate_limited' }));
  });
});
