import { describe, expect, it } from 'vitest';
import { isRealDate, nameSearchKey, normalizePhone, normalizePostalCode, toKatakana } from './normalize';

describe('Japanese input normalisation', () => {
  it('accepts full-width digits and any hyphen in phone numbers', () => {
    expect(normalizePhone('０９０－１２３４－５６７８')).toBe('09012345678');
    expect(normalizePhone('03(1234)5678')).toBe('0312345678');
    expect(normalizePhone('090‐1234ー5678')).toBe('09012345678');
  });
  it('strips 〒 and hyphens from postal codes', () => {
    expect(normalizePostalCode('〒１００－０００１')).toBe('1000001');
  });
  it('stores furigana in katakana', () => {
    expect(toKatakana('やまだ たろう')).toBe('ヤマダ タロウ');
  });
  it('builds a search key without touching rare kanji', () => {
    expect(nameSearchKey('髙橋　﨑子')).toBe('髙橋﨑子');
  });
  it('refuses dates that never existed', () => {
    expect(isRealDate('2026-02-29')).toBe(false);
    expect(isRealDate('2028-02-29')).toBe(true);
    expect(isRealDate('2026-13-01')).toBe(false);
  });
});
