import { describe, expect, it } from 'vitest';
import { pickLang } from './lang';

describe('pickLang', () => {
  it('prefers the query, then the highest-weighted supported language, else Japanese', () => {
    expect(pickLang('en', 'ja')).toBe('en');
    expect(pickLang(undefined, 'en-US,en;q=0.9')).toBe('en');
    expect(pickLang(undefined, 'fr, en;q=0.5, ja;q=0.8')).toBe('ja');
    expect(pickLang(undefined, 'fr, en;q=0.5')).toBe('en');
    expect(pickLang(undefined, 'ja;q=0, en;q=0.1')).toBe('en');
    expect(pickLang(undefined, undefined)).toBe('ja');
    expect(pickLang('de', 'de')).toBe('ja');
  });
});
