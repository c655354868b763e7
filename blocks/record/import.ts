// CSV import: UTF-8 (with or without BOM) or CP932; the header row names each column's
// field by id or by label. Every row is validated first; any issue imports nothing.
import { decodeCsv, importIssue as issue, readCsvTable, type ImportIssue } from '../../engine/export/csv-import';
import type { CompiledRecord, RecordField } from './block';

export { decodeCsv, type ImportIssue };

export interface ParsedImport {
  rows: { key: string; fields: Record<string, string> }[];
  issues: ImportIssue[];
}

const KATAKANA = /^[\u30A0-\u30FF\u3000\s・ー]+$/;

/** One cell or form value of a field, normalized (dates, postal codes, kana, options), or why not. */
export function normalizeField(f: RecordField, raw: string): { value: string } | { code: string; params?: Record<string, unknown> } {
  const v = raw.normalize('NFKC').trim();
  switch (f.type) {
    case 'date': {
      const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(v);
      if (!m) return { code: 'record.import_bad_date' };
      const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
      const d = new Date(`${iso}T00:00:00Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) return { code: 'record.import_bad_date' };
      return { value: iso };
    }
    case 'postal': {
      const digits = v.replace(/[-‐－ー〒\s]/g, '');
      if (!/^\d{7}$/.test(digits)) return { code: 'record.import_bad_postal' };
      return { value: `${digits.slice(0, 3)}-${digits.slice(3)}` };
    }
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(v) ? { value: v } : { code: 'record.import_bad_number' };
    case 'kana': {
      // NFKC turns half-width katakana into full width; hiragana is accepted and converted.
      const k = v.replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
      return KATAKANA.test(k) ? { value: k } : { code: 'record.import_bad_kana' };
    }
    case 'select': {
      const o = f.options?.find((x) => x.value === v || x.label === v);
      return o ? { value: o.value } : { code: 'record.import_bad_option', params: { value: v } };
    }
    default:
      return { value: raw.trim() };
  }
}

/** Parses and validates; `existingKeys` answers which keys are already stored. */
export async function parseImport(rt: CompiledRecord, text: string, existingKeys: (keys: string[]) => Set<string> | Promise<Set<string>>): Promise<ParsedImport> {
  const table = readCsvTable(text, rt.fields, { empty: 'record.import_empty', unknownColumn: 'record.import_unknown_column', duplicateColumn: 'record.import_duplicate_column', badRow: 'record.import_bad_row' });
  const { header, cols } = table;
  const issues = [...table.issues];
  if (!header.length) return { rows: [], issues };
  const keyField = rt.fields.find((f) => f.id === rt.key)!;
  if (!cols.includes(keyField)) issues.push(issue(1, keyField.label, 'record.import_missing_key', { column: keyField.label }));
  for (const f of rt.fields) if (f.required && f !== keyField && !cols.includes(f)) issues.push(issue(1, f.label, 'record.import_required', {}, f.id));
  if (issues.length) return { rows: [], issues };

  const rows: ParsedImport['rows'] = [];
  const firstRowOfKey = new Map<string, number>();
  issues.push(...table.rowIssues);
  for (const { line, cells } of table.rows) {
    const fields: Record<string, string> = {};
    cells.forEach((cell, i) => {
      const f = cols[i]!;
      if (cell.trim() === '') {
        if (f.required || f === keyField) issues.push(issue(line, header[i], 'record.import_required', {}, f.id));
        return;
      }
      const n = normalizeField(f, cell);
      if ('value' in n) fields[f.id] = n.value;
      else issues.push(issue(line, header[i], n.code, n.params, f.id));
    });
    const key = fields[rt.key];
    if (key !== undefined) {
      const before = firstRowOfKey.get(key);
      if (before !== undefined) issues.push(issue(line, header[cols.indexOf(keyField)], 'record.import_duplicate_key', { value: key, where: `${before}行目と同じ`, whereEn: `same as row ${before}` }, rt.key));
      else firstRowOfKey.set(key, line);
      rows.push({ key, fields });
    }
  }
  const stored = await existingKeys([...firstRowOfKey.keys()]);
  for (const [key, line] of firstRowOfKey) {
    if (stored.has(key)) issues.push(issue(line, header[cols.indexOf(keyField)], 'record.import_duplicate_key', { value: key, where: '登録済み', whereEn: 'already stored' }, rt.key));
  }
  issues.sort((a, b) => a.row - b.row);
  return { rows: issues.length ? [] : rows, issues };
}
