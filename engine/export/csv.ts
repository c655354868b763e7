// CSV for Excel (DESIGN §6): CRLF, papaparse-compatible quoting, numbers stay
// numbers, and text cells that a spreadsheet would run as a formula are prefixed with '.
//
// Cells are written here rather than through Papa.unparse: profiling the 1M-row
// ledger export showed unparse (a regex replace and six indexOf scans per cell) at
// ~2.7 s of ~9.3 s, the largest share after reading the rows. The rule
// below is unparse's own (quotes: false, delimiter ',', quoteChar '"'); csv.test.ts
// checks byte-for-byte equality with Papa.unparse and round-trips through Papa.parse.
import type { Cell } from '../staff/columns';

const FORMULA_START = /^[=+\-@\t\r]/;
// Papa.unparse quotes a field holding a quote, the delimiter, CR, LF or a BOM
// (Papa.BAD_DELIMITERS), or starting or ending with a space.
const NEEDS_QUOTES = /[",\r\n\uFEFF]|^ | $/;
const QUOTE = /"/g;
// Anything either rule above might act on; most cells hold none of it and are written as they are.
const SPECIAL = /^[=+\-@\t\r ]|[",\r\n\uFEFF]| $/;

/** Text starting with = + - @ tab or CR gets a leading ' (numbers are left alone). */
export function escapeCell(v: Cell): string | number {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  return FORMULA_START.test(v) ? `'${v}` : v;
}

/** One cell as CSV text: escapeCell, then quoted as Papa.unparse would. */
export function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (!SPECIAL.test(v)) return v;
  const s = escapeCell(v) as string;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(QUOTE, '""')}"` : s;
}

/** One row as a CSV line without its line ending. */
export function csvRow(cells: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += i === 0 ? csvCell(cells[i]) : `,${csvCell(cells[i])}`;
  return line;
}

/** Rows as CSV text, each line ending in CRLF (so chunks can be concatenated). */
export function csvLines(rows: readonly (readonly Cell[])[]): string {
  let text = '';
  for (const r of rows) text += `${csvRow(r)}\r\n`;
  return text;
}

// Excel opening a CSV turns 0312345678 into the number 312345678, and a number of 12
// digits or more into 9.101E+15 (a 16-digit card number also loses its last digit).
// ="…" is kept as text. Only digits and hyphens are ever written this way, so nothing
// a resident typed can become a formula (other text still goes through escapeCell).
const EXCEL_WOULD_CHANGE = /^(0[0-9-]*|[0-9]{12,})$/;

/** A cell of a keep-as-text column: ="…" for digits Excel would change (a leading 0, 12 digits or more), else csvCell. */
export function csvTextCell(v: Cell): string {
  return typeof v === 'string' && EXCEL_WOULD_CHANGE.test(v) ? `"=""${v}"""` : csvCell(v);
}

/** Rows as CSV text (CRLF), the columns in `text` written with csvTextCell. */
export function csvLinesKeepingText(rows: readonly (readonly Cell[])[], text: ReadonlySet<number>): string {
  let out = '';
  for (const r of rows) out += `${r.map((v, j) => (text.has(j) ? csvTextCell(v) : csvCell(v))).join(',')}\r\n`;
  return out;
}
