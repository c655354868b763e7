import { describe, expect, it } from 'vitest';
import { formatJapaneseDate, isRealDate, nameSearchKey, normalizePhone, normalizePostalCode, parseJapaneseDate, toKatakana } from './normalize';

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
  it('builds a search key with 異体字, width and kana folded (the name itself is kept as typed)', () => {
    expect(nameSearchKey('髙橋　﨑子')).toBe('高橋崎子');
    expect(nameSearchKey('高橋 さきこ')).toBe(nameSearchKey('髙橋 ｻｷｺ'));
    expect(nameSearchKey('齋藤 𠮷男')).toBe('斎藤吉男');
  });
  it('refuses dates that never existed', () => {
    expect(isRealDate('2026-02-29')).toBe(false);
    expect(isRealDate('2028-02-29')).toBe(true);
    expect(isRealDate('2026-13-01')).toBe(false);
  });
});

describe('和暦', () => {
  it('parses eras, letters, 元年 and full-width digits', () => {
    expect(parseJapaneseDate('昭和55年6月10日')).toBe('1980-06-10');
    expect(parseJapaneseDate('S55.6.10')).toBe('1980-06-10');
    expect(parseJapaneseDate('h1/1/8')).toBe('1989-01-08');
    expect(parseJapaneseDate('令和元年５月１日')).toBe('2019-05-01');
    expect(parseJapaneseDate('1980/6/10')).toBe('1980-06-10');
  });
  it('refuses days outside their era and impossible days', () => {
    expect(parseJapaneseDate('昭和64年1月8日')).toBeUndefined();
    expect(parseJapaneseDate('平成元年1月7日')).toBeUndefined();
    expect(parseJapaneseDate('令和1年4月30日')).toBeUndefined();
    expect(parseJapaneseDate('2027年2月29日')).toBeUndefined();
    expect(parseJapaneseDate('そのうち')).toBeUndefined();
  });
  it('formats ISO dates in the Japanese calendar', () => {
    expect(formatJapaneseDate('1980-06-10')).toBe('昭和55年6月10日');
    expect(formatJapaneseDate('2019-05-01')).toBe('令和元年5月1日');
  });
});
