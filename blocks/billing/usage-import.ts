// 通行記録の取込: the road operators' toll EDI as CSV (UTF-8 or CP932), one passage a row:
//   カード番号,入口IC,入口日時,出口IC,出口日時,自動車登録番号,通行料金
// Times 'YYYY/MM/DD HH:MM' or 'YYYY-MM-DD HH:MM' (JST); amounts whole yen (全角 digits and
// commas accepted). Every row is checked first; any problem imports nothing. A passage
// already stored (same card, entry and exit: the unique index) is counted as a duplicate.
import { lastDayOfMonth } from '../../engine/schedule/dates';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { writeAudit, type Actor, type Tx } from '../../engine/audit';
import { affected, transaction, type Db } from '../../engine/db';
import { invoices, issuedCards, usageImports, usageRecords } from '../../engine/db/schema';
import { importIssue, readCsvTable, type ImportIssue } from '../../engine/export/csv-import';
import { EngineError } from '../../engine/core/errors';
import type { CompiledBilling } from './block';
import { normalizeCardNo } from './subject';
import { normalizeSubject } from '../card-register/lookup';

export interface UsageColumn {
  id: 'cardNo' | 'entryPoint' | 'entryAt' | 'exitPoint' | 'exitAt' | 'subject' | 'amount';
  label: string;
  labelEn: string;
}

export const USAGE_COLUMNS: readonly UsageColumn[] = [
  { id: 'cardNo', label: 'カード番号', labelEn: 'Card no.' },
  { id: 'entryPoint', label: '入口IC', labelEn: 'Entry' },
  { id: 'entryAt', label: '入口日時', labelEn: 'Entry time' },
  { id: 'exitPoint', label: '出口IC', labelEn: 'Exit' },
  { id: 'exitAt', label: '出口日時', labelEn: 'Exit time' },
  { id: 'subject', label: '自動車登録番号', labelEn: 'Vehicle registration no.' },
  { id: 'amount', label: '通行料金', labelEn: 'Toll' },
];

export interface UsageRow {
  cardNo: string;
  entryPoint: string;
  entryAt: string;
  exitPoint: string;
  exitAt: string;
  subject: string;
  amount: number;
}

const TIME = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::\d{2})?$/;

/** 'YYYY/M/D H:MM' or 'YYYY-MM-DD HH:MM' (half- or full-width) → 'YYYY-MM-DD HH:MM'; undefined when not a real time. */
export function parseLocalTime(s: string): string | undefined {
  const m = TIME.exec(s.normalize('NFKC').trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || h > 23 || mi > 59) return undefined;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${y}-${p(mo)}-${p(d)} ${p(h)}:${p(mi)}`;
}

/** Whole yen: digits with optional thousands commas, half- or full-width. */
export function parseAmount(s: string): number | undefined {
  const t = s.normalize('NFKC').trim().replace(/,/g, '');
  if (!/^\d{1,10}$/.test(t)) return undefined;
  return Number(t);
}

/** Reads and checks the file; `known` tells which card numbers the register issued. */
export async function parseUsage(text: string, month: string, known: (cardNos: string[]) => Set<string> | Promise<Set<string>>): Promise<{ rows: UsageRow[]; issues: ImportIssue[] }> {
  const table = readCsvTable(text, USAGE_COLUMNS, { empty: 'billing.import_empty', unknownColumn: 'billing.import_unknown_column', duplicateColumn: 'billing.import_duplicate_column', badRow: 'billing.import_bad_row' });
  const issues = [...table.issues];
  if (table.header.length) {
    for (const c of USAGE_COLUMNS) if (!table.cols.includes(c)) issues.push(importIssue(1, c.label, 'billing.import_missing_column', { column: c.label }, c.id));
  }
  if (issues.length) return { rows: [], issues: [...issues, ...table.rowIssues] };
  issues.push(...table.rowIssues);
  const last = lastDayOfMonth(month);
  const read = table.rows.map(({ line, cells }) => {
    const v: Record<string, string> = {};
    table.cols.forEach((c, i) => (v[c!.id] = cells[i].trim()));
    return { line, v };
  });
  const cardNos = [...new Set(read.map((r) => normalizeCardNo(r.v.cardNo)).filter(Boolean))];
  const issued = await known(cardNos);
  const rows: UsageRow[] = [];
  const col = (id: UsageColumn['id']) => USAGE_COLUMNS.find((c) => c.id === id)!;
  for (const { line, v } of read) {
    const problem = (id: UsageColumn['id'], code: string, params: Record<string, unknown> = {}) => issues.push(importIssue(line, col(id).label, code, params, id));
    let ok = true;
    for (const c of USAGE_COLUMNS) {
      if (!v[c.id]) {
        problem(c.id, 'billing.import_required');
        ok = false;
      }
    }
    const cardNo = normalizeCardNo(v.cardNo);
    if (cardNo && !issued.has(cardNo)) {
      problem('cardNo', 'billing.import_unknown_card', { cardNo });
      ok = false;
    }
    const entryAt = v.entryAt ? parseLocalTime(v.entryAt) : undefined;
    const exitAt = v.exitAt ? parseLocalTime(v.exitAt) : undefined;
    if (v.entryAt && !entryAt) problem('entryAt', 'billing.import_bad_time');
    if (v.exitAt && !exitAt) problem('exitAt', 'billing.import_bad_time');
    if (entryAt && exitAt && exitAt < entryAt) problem('exitAt', 'billing.import_exit_before_entry');
    if (entryAt && entryAt.slice(0, 10) > last) problem('entryAt', 'billing.import_after_month', { month });
    const amount = v.amount ? parseAmount(v.amount) : undefined;
    if (v.amount && amount === undefined) problem('amount', 'billing.import_bad_amount');
    if (!ok || !entryAt || !exitAt || exitAt < entryAt || entryAt.slice(0, 10) > last || amount === undefined) continue;
    rows.push({ cardNo, entryPoint: v.entryPoint.normalize('NFKC'), entryAt, exitPoint: v.exitPoint.normalize('NFKC'), exitAt, subject: normalizeSubject(v.subject), amount });
  }
  return { rows, issues };
}

/** Card numbers of the register among `cardNos` (any row: a card stays billable after it ended). */
export async function knownCards(db: Db, tenant: string, register: string, cardNos: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < cardNos.length; i += 500) {
    const rows = await db
      .selectDistinct({ cardNo: issuedCards.cardNo })
      .from(issuedCards)
      .where(and(eq(issuedCards.tenantSlug, tenant), eq(issuedCards.register, register), inArray(issuedCards.cardNo, cardNos.slice(i, i + 500))));
    for (const r of rows) found.add(r.cardNo);
  }
  return found;
}

export async function monthIssued(db: Db | Tx, tenant: string, billing: string, month: string): Promise<boolean> {
  const [row] = await db.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.tenantSlug, tenant), eq(invoices.billing, billing), eq(invoices.month, month))).limit(1);
  return !!row;
}

export interface ImportResult {
  importId: string;
  month: string;
  rows: number;
  added: number;
  duplicates: number;
}

/** Writes the checked rows, the import row and the audit row in one transaction. */
export function storeUsage(db: Db, o: { tenant: string; billing: CompiledBilling; month: string; rows: UsageRow[]; fileName?: string; at: number; actor: Actor }): Promise<ImportResult> {
  return transaction(db, async (tx) => {
    // Checked again inside the transaction: issuing the month may have won the race.
    if (await monthIssued(tx, o.tenant, o.billing.id, o.month)) throw new EngineError('billing.month_closed', { month: o.month });
    const importId = randomUUID();
    let added = 0;
    for (const r of o.rows) {
      const res = await tx
        .insert(usageRecords)
        .values({ tenantSlug: o.tenant, billing: o.billing.id, month: o.month, importId, ...r })
        .onConflictDoNothing();
      added += affected(res);
    }
    const duplicates = o.rows.length - added;
    await tx.insert(usageImports).values({ id: importId, tenantSlug: o.tenant, billing: o.billing.id, month: o.month, fileName: o.fileName ?? null, rows: o.rows.length, added, duplicates, importedAt: o.at, importedBy: o.actor.id ?? o.actor.type });
    await writeAudit(tx, { tenant: o.tenant, at: o.at, actor: o.actor, action: 'billing.usage_imported', target: { type: 'billing', id: o.billing.id }, details: { month: o.month, importId, fileName: o.fileName ?? null, rows: o.rows.length, added, duplicates } });
    return { importId, month: o.month, rows: o.rows.length, added, duplicates };
  });
}

/**
 * The whole import of one toll file for a month (the API's and the CLI's): refused when the month
 * is issued; every row checked, and any problem returns the report with nothing written.
 */
export async function importUsage(db: Db, o: { tenant: string; billing: CompiledBilling; month: string; text: string; fileName?: string; at: number; actor: Actor }): Promise<{ result: ImportResult; issues: [] } | { result: null; issues: ImportIssue[] }> {
  if (await monthIssued(db, o.tenant, o.billing.id, o.month)) throw new EngineError('billing.month_closed', { month: o.month });
  const parsed = await parseUsage(o.text, o.month, (nos) => knownCards(db, o.tenant, o.billing.cards, nos));
  if (parsed.issues.length) return { result: null, issues: parsed.issues };
  return { result: await storeUsage(db, { tenant: o.tenant, billing: o.billing, month: o.month, rows: parsed.rows, ...(o.fileName ? { fileName: o.fileName } : {}), at: o.at, actor: o.actor }), issues: [] };
}
