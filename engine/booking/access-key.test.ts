import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACCESS_KEY_BITS, accessKeyMatches, generateAccessKey, hashAccessKey } from './access-key';

describe('access key', () => {
  it('is grouped, upper case, without look-alikes, with at least 60 bits', () => {
    expect(ACCESS_KEY_BITS).toBeGreaterThanOrEqual(60);
    const keys = Array.from({ length: 200 }, generateAccessKey);
    for (const k of keys) {
      expect(k).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}$/);
      expect(k).not.toMatch(/[01OIL]/);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('matches regardless of case, width, hyphens and spaces', () => {
    const key = 'K7QMX-3XPD9-RTA4W';
    const stored = hashAccessKey(key);
    for (const typed of [key, 'k7qmx3xpd9rta4w', 'K7QMX 3XPD9 RTA4W', 'ｋ７ｑｍｘ－３ｘｐｄ９－ｒｔａ４ｗ', ' k7qmx ー 3xpd9 ー rta4w ']) {
      expect(accessKeyMatches(typed, stored)).toBe(true);
    }
    expect(accessKeyMatches('K7QMX-3XPD9-RTA4X', stored)).toBe(false);
    expect(accessKeyMatches('', stored)).toBe(false);
    expect(accessKeyMatches('---', stored)).toBe(false);
    expect(accessKeyMatches(key, null)).toBe(false);
  });

  it('still matches keys issued before (mixed case, hashed as typed), exactly as typed', () => {
    const old = 'VtjtcBbwfQoX';
    const stored = createHash('sha256').update(`access-key:${old}`).digest('hex');
    expect(accessKeyMatches(old, stored)).toBe(true);
    expect(accessKeyMatches('ＶｔｊｔｃＢｂｗｆＱｏＸ', stored)).toBe(true);
    expect(accessKeyMatches('vtjtcbbwfqox', stored)).toBe(false);
  });
});
