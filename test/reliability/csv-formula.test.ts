// No exported cell can start a formula — including cells with embedded newlines,
// which Excel starts a new line inside of: a property test over the CSV writer,
// read back with an independent parser.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvLines } from '../../engine/export/csv';

const dangerous = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '\r\n', '"', ',', '=cmd|', "'", ' ', '＝', 'A');
const cellText = fc.array(fc.oneof(dangerous, fc.string({ maxLength: 6 })), { maxLength: 8 }).map((parts) => parts.join(''));
const cell = fc.oneof(cellText, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null));

describe('CSV cells', () => {
  it('never start a formula once read back, and keep their text and numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const width = Math.max(...rows.map((r) => r.length));
        // A leading key cell keeps every line non-empty for the parser.
        const table = rows.map((r, i) => [`r${i}`, ...r, ...Array(width - r.length).fill(null)]);
        const text = csvLines(table);
        expect(text.endsWith('\r\n')).toBe(true);
        const parsed = Papa.parse<string[]>(text.slice(0, -2), { newline: '\r\n', delimiter: ',', dynamicTyping: false }).data;
        expect(parsed).toHaveLength(table.length);
        parsed.forEach((row, i) =>
          row.forEach((v, j) => {
            const original = table[i][j];
            if (typeof original === 'number') expect(Number(v)).toBe(original === 0 ? 0 : original); // numbers stay numbers
            else {
              expect(v).not.toMatch(/^[=+\-@\t\r]/);
              // Only the leading quote is added; the rest of the text is intact.
              const expected = original === null ? '' : /^[=+\-@\t\r]/.test(original) ? `'${original}` : original;
              expect(v).toBe(expected);
            }
          }),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
