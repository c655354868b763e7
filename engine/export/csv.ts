// CSV for Excel (DESIGN §6): CRLF, papaparse quoting, numbers stay numbers, and
// text cells that a spreadsheet would run as a formula are prefixed with '.
import Papa from 'papaparse';
import type { Cell } from '../staff/columns';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text starting with = + - @ tab or CR gets a leading ' (numbers are left alone). */
export function escapeCell(v: Cell): string | number {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  return FORMULA_START.test(v) ? `'${v}` : v;
}

/** Rows as CSV text, each line ending in CRLF (so chunks can be concatenated). */
export function csvLines(rows: Cell[][]): string {
  if (rows.length === 0) return '';
  return `${Papa.unparse(rows.map((r) => r.map(escapeCell)), { newline: '\r\n', quotes: false, escapeFormulae: false, header: false })}\r\n`;
}
