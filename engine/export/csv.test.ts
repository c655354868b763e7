import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { codePointLabel, encodeCp932, unencodableChars } from './cp932';
import { csvLines, escapeCell } from './csv';

describe('CSV cells', () => {
  it('prefixes text that a spreadsheet would run, and nothing else', () => {
    for (const v of ['=1+2', '+81 3', '-x', '@SUM(A1)', '\tTAB', '\rCR']) expect(escapeCell(v)).toBe(`'${v}`);
    for (const v of ['a=b', '髙橋', ' =x', '']) expect(escapeCell(v)).toBe(v);
    expect(escapeCell(-3)).toBe(-3);
    expect(escapeCell(null)).toBe('');
  });

  it('writes CRLF lines that papaparse reads back, quoting commas, quotes and newlines', () => {
    const text = csvLines([['受付番号', '備考'], [1, 'a,b "c"\r\nd'], [2, '=cmd']]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(Papa.parse<string[]>(text, { skipEmptyLines: true }).data).toEqual([['受付番号', '備考'], ['1', 'a,b "c"\r\nd'], ['2', "'=cmd"]]);
  });
});

describe('CP932', () => {
  it('encodes 髙, 〜 and − and finds what cannot be encoded instead of writing ?', () => {
    expect(unencodableChars('髙橋 〜 − ① ｱ abc')).toEqual([]);
    expect(unencodableChars('吉野𠮷子😀é')).toEqual(['𠮷', '😀', 'é']);
    expect(codePointLabel('𠮷')).toBe('U+20BB7');
    expect(new TextDecoder('shift_jis').decode(encodeCp932('髙橋,〜\r\n'))).toBe('髙橋,～\r\n');
    expect(() => encodeCp932('𠮷')).toThrow();
  });
});
