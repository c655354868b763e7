// Reading a CSV that staff upload (records, members): the bytes in UTF-8 with or
// without BOM or in CP932, a header row naming each column's field by id or label,
// and a report of every problem by row and column. Importers validate every row
// first and import nothing when any issue is reported.
import Encoding from 'encoding-japanese';
import Papa from 'papaparse';
import { messageFor } from '../core/messages';

export interface ImportIssue {
  /** 1-based line of the CSV (the header is row 1). */
  row: number;
  /** The column's header text ('' when the problem is the row itself). */
  column: string;
  field?: string;
  code: string;
  message: string;
  messageEn: string;
}

/** Bytes → text: a UTF-8 BOM or valid UTF-8 is UTF-8, anything else is read as CP932. */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return Encoding.convert(bytes, { to: 'UNICODE', from: 'SJIS', type: 'string' }) as string;
  }
}

/** The body of an import request: `{ csv }` (text) or `{ csvBase64 }` (bytes); undefined when neither. */
export function csvBytesOf(body: Record<string, unknown>): Uint8Array | undefined {
  if (typeof body.csvBase64 === 'string') return new Uint8Array(Buffer.from(body.csvBase64, 'base64'));
  if (typeof body.csv === 'string') return new TextEncoder().encode(body.csv);
  return undefined;
}

/** The rows of a CSV text (a BOM left in the text is dropped; blank lines skipped). */
export function readCsvRows(text: string): string[][] {
  return Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' }).data;
}

export function importIssue(row: number, column: string, code: string, params: Record<string, unknown> = {}, field?: string): ImportIssue {
  return { row, column, ...(field ? { field } : {}), code, message: messageFor(code, params, 'ja'), messageEn: messageFor(code, params, 'en') };
}

/** The field each header cell names, by id or by (English) label; undefined for a header that names none. */
export function matchHeader<F extends { id: string; label: string; labelEn?: string }>(header: readonly string[], fields: readonly F[], aliases: Readonly<Record<string, string>> = {}): (F | undefined)[] {
  return header.map((h) => {
    const id = aliases[h] ?? h;
    return fields.find((f) => f.id === id || f.label === h || f.labelEn === h);
  });
}

export interface CsvTable<F> {
  header: string[];
  /** The field of each column (undefined only when `issues` names that column). */
  cols: (F | undefined)[];
  /** Problems of the header: the file is empty, a column names no field or one already named. */
  issues: ImportIssue[];
  /** Data rows with their 1-based CSV line, those with the header's number of cells. */
  rows: { line: number; cells: string[] }[];
  /** Rows whose number of cells differs from the header's (reported, not read). */
  rowIssues: ImportIssue[];
}

/**
 * The common reading of an uploaded table: header → fields (by id or label), a column that
 * names no field or the same field twice, rows with the wrong number of cells. Each importer
 * then adds its own column rules (required, key) and reads the cells of its rows.
 */
export function readCsvTable<F extends { id: string; label: string; labelEn?: string }>(
  text: string,
  fields: readonly F[],
  codes: { empty: string; unknownColumn: string; duplicateColumn: string; badRow: string },
): CsvTable<F> {
  const data = readCsvRows(text);
  if (!data.length) return { header: [], cols: [], issues: [importIssue(1, '', codes.empty)], rows: [], rowIssues: [] };
  const header = data[0].map((h) => h.trim());
  const cols = matchHeader(header, fields);
  const issues: ImportIssue[] = [];
  cols.forEach((f, i) => {
    if (!f) issues.push(importIssue(1, header[i], codes.unknownColumn, { column: header[i] }));
    else if (cols.indexOf(f) !== i) issues.push(importIssue(1, header[i], codes.duplicateColumn, { column: header[i] }, f.id));
  });
  const rows: CsvTable<F>['rows'] = [];
  const rowIssues: ImportIssue[] = [];
  for (let r = 1; r < data.length; r++) {
    if (data[r].length !== header.length) rowIssues.push(importIssue(r + 1, '', codes.badRow));
    else rows.push({ line: r + 1, cells: data[r] });
  }
  return { header, cols, issues, rows, rowIssues };
}
