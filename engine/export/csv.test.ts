import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../staff/columns';
import { codePointLabel, encodeCp932, unencodableChars } from './cp932';
import { csvCell, csvLines, csvLinesKeepingText, csvTextCell, escapeCell } from './csv';

// Cells that touch every rule: formula starts, quoting characters, a BOM, spaces at either end.
const piece = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '\r\n', '"', '""', ',', ' ', '\uFEFF', "'", '髙橋', '𠮷', 'a', '1');
const text = fc.array(fc.oneof(piece, fc.string({ maxLength: 5 })), { maxLength: 6 }).map((p) => p.join(''));
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, 0.1, 1e21, -1e-7, NaN, Infinity, -Infinity));
const cell: fc.Arbitrary<Cell> = fc.oneof(text, number, fc.constant(null));
const table = fc.array(fc.array(cell, { maxLength: 6 }), { minLength: 1, maxLength: 6 });
/** The writer csv.ts stands in for: papaparse itself, with the options the ledger used. */
const papaLines = (rows: Cell[][]) => `${Papa.unparse(rows.map((r) => r.map(escapeCell)), { newline: '\r\n', quotes: false, escapeFormulae: false, header: false })}\r\n`;

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

describe('CSV writer against papaparse', () => {
  it('writes exactly what Papa.unparse writes, for any cells', () => {
    fc.assert(
      fc.property(table, (rows) => {
        expect(csvLines(rows)).toBe(papaLines(rows));
      }),
      { numRuns: 5000 },
    );
    for (const v of ['', ' ', ' a', 'a ', '\uFEFF', 'a"b', 'a,b', 'a\nb', '=a,b', '-1', "'x"]) expect(csvCell(v)).toBe(Papa.unparse([[escapeCell(v)]], { quotes: false }));
  });

  it('reads back through Papa.parse as the escaped cells', () => {
    fc.assert(
      fc.property(table, (rows) => {
        // A leading key cell keeps every line non-empty for the parser.
        const keyed = rows.map((r, i) => [`r${i}`, ...r]);
        const parsed = Papa.parse<string[]>(csvLines(keyed).slice(0, -2), { newline: '\r\n', delimiter: ',' }).data;
        expect(parsed).toEqual(keyed.map((r) => r.map((c) => String(escapeCell(c)))));
      }),
      { numRuns: 3000 },
    );
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

describe('keep-as-text columns', () => {
  it('writes ="…" for the digits Excel would change, and nothing else', () => {
    // A leading 0 (a phone), 12 digits or more (a 16-digit card number would be shown as 9.101E+15 and lose a digit).
    expect(['0312345678', '090-1234-5678', '9101000000000017', '123456789012'].map(csvTextCell)).toEqual(['"=""0312345678"""', '"=""090-1234-5678"""', '"=""9101000000000017"""', '"=""123456789012"""']);
    // Shorter numbers survive Excel as they are; text, formulas and nulls go through csvCell.
    expect(['12345678901', 'L-2024-0001', '=1+1', null].map(csvTextCell)).toEqual(['12345678901', 'L-2024-0001', "'=1+1", '']);
    expect(csvLinesKeepingText([['番号', 'カード'], ['0312345678', '9101000000000017']], new Set([1]))).toBe('番号,カード\r\n0312345678,"=""9101000000000017"""\r\n');
  });
});
