// Bulk desk registration from a CSV (seed 001: 利用者ID・パスワードは事前にシステム登録を
// 行う — login ids issued in advance and printed on a letter). UTF-8 with or without
// BOM, or CP932; the header names each column's member item by id or label (パスワード
// for an initial password). Every row is validated with the member kind's staff form,
// as at the desk; any problem is reported by row and column and nothing is imported.
import { and, eq, inArray } from 'drizzle-orm';
import type { FormField } from '../../blocks/form/fields';
import type { Actor, Tx } from '../audit';
import { hashPassword } from '../auth/password';
import type { PublishedTenant } from '../config/tenant';
import { EngineError } from '../core/errors';
import { makeIssue } from '../core/messages';
import { transaction, type Db } from '../db';
import { members } from '../db/schema';
import { decodeCsv, importIssue, readCsvTable, type ImportIssue } from '../export/csv-import';
import { writeAudit } from '../audit';
import { checkDeskAnswers, deskKind, duplicateProbe, insertMember, uniquenessIssues, type Columns, type DeskDeps } from './desk';
import { findPossibleDuplicates, type DuplicateCandidate } from './duplicates';
import { memberFieldsOf } from './fields';
import { passwordIssues } from './password-rules';
import './messages';

export const MAX_IMPORT_ROWS = 5000;

const PASSWORD_COLUMN: FormField = { id: 'password', type: 'text', label: 'パスワード', labelEn: 'Password' };
const CHOICE = new Set(['radio', 'select', 'checkboxes']);

interface ParsedRow {
  row: number;
  cols: Columns;
  value: Record<string, unknown>;
  password?: string;
}

/** A cell as the answer the staff form expects: choices by value or label (several separated by 、 or ;). */
function answerOf(f: FormField, cell: string): unknown {
  if (!CHOICE.has(f.type)) return cell;
  const pick = (s: string) => f.options?.find((o) => o.value === s || o.label === s || o.labelEn === s)?.value ?? s;
  if (f.type === 'checkboxes') return cell.split(/[、;；\n]/).map((s) => s.trim()).filter(Boolean).map(pick);
  return pick(cell.trim());
}

/** Parses and validates every row; problems by row and column, nothing stored. */
export async function parseMemberCsv(db: Db | Tx, published: PublishedTenant, kind: ReturnType<typeof deskKind>, text: string): Promise<{ rows: ParsedRow[]; issues: ImportIssue[] }> {
  const form = memberFieldsOf(published.tenant).staffForm(kind);
  const known = memberFieldsOf(published.tenant).use('password') !== 'unused' ? [...form.fields, PASSWORD_COLUMN] : [...form.fields];
  const table = readCsvTable(text, known, { empty: 'member.import_empty', unknownColumn: 'member.import_unknown_column', duplicateColumn: 'member.import_duplicate_column', badRow: 'member.import_bad_row' });
  const { header, cols } = table;
  const dataRows = table.rows.length + table.rowIssues.length;
  if (dataRows > MAX_IMPORT_ROWS) return { rows: [], issues: [importIssue(1, '', 'member.import_too_many', { max: MAX_IMPORT_ROWS })] };
  const issues = [...table.issues];
  if (header.length) {
    for (const f of form.fields) {
      if ((f.requiredStaff ?? f.required) && !cols.includes(f)) issues.push(importIssue(1, f.label, 'member.import_missing_column', { column: f.label }, f.id));
    }
  }
  if (issues.length) return { rows: [], issues };
  if (dataRows === 0) return { rows: [], issues: [importIssue(1, '', 'member.import_no_rows')] };
  issues.push(...table.rowIssues);

  const columnOf = (id: string) => {
    const i = cols.findIndex((f) => f?.id === id);
    return i >= 0 ? header[i] : form.fields.find((f) => f.id === id)?.label ?? id;
  };
  const rows: ParsedRow[] = [];
  const firstRowOfLogin = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const answers: Record<string, unknown> = {};
    let password: string | undefined;
    cells.forEach((cell, i) => {
      const f = cols[i]!;
      if (cell.trim() === '') return;
      if (f === PASSWORD_COLUMN) password = cell.trim();
      else answers[f.id] = answerOf(f, cell);
    });
    const v = checkDeskAnswers(published, kind, answers);
    if (!v.ok) {
      // Issues of the staff form are at /answers/<field id>: named here by the CSV's own column.
      for (const i of v.issues) {
        const id = i.path.split('/')[2] ?? '';
        issues.push({ row: line, column: columnOf(id), field: id, code: i.code, message: i.message, messageEn: i.messageEn ?? i.message });
      }
    }
    if (password !== undefined) {
      for (const i of passwordIssues(password, undefined, v.ok ? v.cols.loginId : undefined)) issues.push({ row: line, column: columnOf('password'), field: 'password', code: i.code, message: i.message, messageEn: i.messageEn ?? i.message });
    }
    if (!v.ok) continue;
    const loginId = v.cols.loginId;
    if (loginId) {
      const before = firstRowOfLogin.get(loginId);
      if (before !== undefined) issues.push(importIssue(line, columnOf('loginId'), 'member.import_duplicate_login_id', { value: loginId, row: before }, 'loginId'));
      else firstRowOfLogin.set(loginId, line);
    }
    // Login ids are looked up for the whole file below; the email only matters where members log in by it.
    for (const i of await uniquenessIssues(db, published, { email: v.cols.email }, undefined, '')) {
      issues.push({ row: line, column: columnOf(i.path.slice(1)), field: i.path.slice(1), code: i.code, message: i.message, messageEn: i.messageEn ?? i.message });
    }
    rows.push({ row: line, cols: v.cols, value: v.value, ...(password !== undefined ? { password } : {}) });
  }
  // Login ids already registered, looked up in batches rather than row by row.
  const ids = [...firstRowOfLogin.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const taken = await db.select({ loginId: members.loginId }).from(members).where(and(eq(members.tenantSlug, published.tenant.slug), inArray(members.loginId, ids.slice(i, i + 500))));
    for (const t of taken) {
      const line = firstRowOfLogin.get(t.loginId!)!;
      const m = makeIssue('', 'member.login_id_taken');
      issues.push({ row: line, column: columnOf('loginId'), field: 'loginId', code: m.code, message: m.message, messageEn: m.messageEn ?? m.message });
    }
  }
  issues.sort((a, b) => a.row - b.row);
  return { rows: issues.length ? [] : rows, issues };
}

/** The problems as an error: each issue says its row and column; details.problems keeps them structured. */
export function importError(problems: ImportIssue[]): EngineError {
  return new EngineError(
    'member.import_invalid',
    { count: problems.length, imported: 0, problems },
    { issues: problems.map((p) => ({ path: '', code: p.code, message: `${p.row}行目${p.column ? `「${p.column}」` : ''}: ${p.message}`, messageEn: `Row ${p.row}${p.column ? ` "${p.column}"` : ''}: ${p.messageEn}` })) },
  );
}

export interface MemberImportInput {
  published: PublishedTenant;
  bytes: Uint8Array | undefined;
  kind?: unknown;
  confirmDuplicates?: boolean;
  actor: Actor;
}

export async function importMembers(deps: DeskDeps, input: MemberImportInput): Promise<{ imported: number; members: { row: number; id: string; memberNo: string; name: string | null; loginId: string | null }[] }> {
  if (!input.bytes) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/csv', 'member.import_bad_body')] });
  const { published } = input;
  const kind = deskKind(published, input.kind);
  const parsed = await parseMemberCsv(deps.db, published, kind, decodeCsv(input.bytes));
  if (parsed.issues.length) throw importError(parsed.issues);
  const tenant = published.tenant.slug;
  const candidates: (DuplicateCandidate & { row: number })[] = [];
  for (const r of parsed.rows) for (const c of await findPossibleDuplicates(deps.db, tenant, duplicateProbe(r.value))) candidates.push({ ...c, row: r.row });
  if (candidates.length && input.confirmDuplicates !== true) throw new EngineError('member.possible_duplicates', { count: candidates.length, candidates });
  // One at a time: scrypt shares a small gate with logins.
  const hashes: (string | null)[] = [];
  for (const r of parsed.rows) hashes.push(r.password ? await hashPassword(r.password) : null);
  const at = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    // Inside the write lock: a login id taken meanwhile at a desk refuses the whole file.
    const again = await parseMemberCsvTaken(tx, published, parsed.rows);
    if (again.length) throw importError(again);
    const out: { row: number; id: string; memberNo: string; name: string | null; loginId: string | null }[] = [];
    for (const [i, r] of parsed.rows.entries()) {
      const dup = candidates.filter((c) => c.row === r.row).map((c) => c.memberNo);
      const m = await insertMember(tx, deps, { published, kind, cols: r.cols, passwordHash: hashes[i], at, actor: input.actor, details: { channel: 'import', row: r.row, ...(dup.length ? { duplicatesAcknowledged: dup } : {}) } });
      out.push({ row: r.row, id: m.id, memberNo: m.memberNo, name: m.name, loginId: m.loginId });
    }
    await writeAudit(tx, { tenant, at, actor: input.actor, action: 'member.imported', target: { type: 'members', id: '*' }, details: { rows: out.length, kind } });
    return { imported: out.length, members: out };
  });
}

async function parseMemberCsvTaken(tx: Tx, published: PublishedTenant, rows: ParsedRow[]): Promise<ImportIssue[]> {
  const out: ImportIssue[] = [];
  for (const r of rows) {
    for (const i of await uniquenessIssues(tx, published, r.cols, undefined, '')) out.push({ row: r.row, column: i.path.slice(1), field: i.path.slice(1), code: i.code, message: i.message, messageEn: i.messageEn ?? i.message });
  }
  return out;
}
