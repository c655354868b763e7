// 入金消込 from a bank's or collecting agent's file: each row names a 納付番号, the
// amount and the day it was paid (入金日). A row that matches a slip of a booking
// awaiting payment, for exactly what it owes, records the payment and confirms the
// booking; every other row is reported with its line number and why.
//
// All or nothing for the matching rows: they are checked and applied in one
// transaction, so a failure part way applies none of them. Rows that do not match
// never block the others: they are listed for staff to follow up (and a corrected
// file can be imported again: rows already paid are reported, never paid twice).
import Papa from 'papaparse';
import type { Actor, Tx } from '../../engine/audit';
import { writeAudit } from '../../engine/audit';
import { bookingById } from '../../engine/booking/counters';
import { AWAITING_PAYMENT, statusLabel } from '../../engine/booking/status';
import { tenantTimezone, type PublishedTenant } from '../../engine/config/tenant';
import type { Clock } from '../../engine/core/clock';
import { EngineError } from '../../engine/core/errors';
import { messageFor } from '../../engine/core/messages';
import { sqlGet, transaction, type Db } from '../../engine/db';
import type { NotifyDeps } from '../../engine/notify/booking-events';
import { epochToLocal } from '../../engine/schedule/time';
import { inScope, type StaffPrincipal } from '../../engine/staff/roles';
import { applyPayment, outstandingOf, parseLocalDate } from './receive';
import { slipByNo } from './slips';
import { normalizeSlipNo, validSlipNo } from './slip-number';
import './slip-messages';

export { decodeCsv } from '../record/import';

/** Header names each column is recognised by (after NFKC, spaces removed). README: 入金消込. */
export const IMPORT_COLUMNS = {
  slipNo: ['納付番号', '納付書番号', '納入番号', '収納番号', 'slipno', 'slip_no'],
  amount: ['金額', '入金額', '収納金額', '納付金額', '領収金額', 'amount'],
  receivedOn: ['入金日', '収納日', '領収日', '納付日', '取扱日', 'receivedon', 'date'],
} as const;
const COLUMN_TITLE = { slipNo: '納付番号', amount: '金額', receivedOn: '入金日' } as const;
export const MAX_IMPORT_ROWS = 10_000;

export type RowOutcome = 'matched' | 'bad_row' | 'check_digit' | 'unknown' | 'bad_amount' | 'bad_date' | 'amount' | 'paid' | 'not_awaiting' | 'duplicate';

export interface ReconcileRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  slipNo: string;
  amount: number | null;
  receivedOn: string | null;
  outcome: RowOutcome;
  matched: boolean;
  receiptNo?: string;
  message: string;
  messageEn: string;
}

export interface ReconcileReport {
  dryRun: boolean;
  rows: number;
  matched: number;
  unmatched: number;
  /** Yen received through the matched rows. */
  matchedAmount: number;
  results: ReconcileRow[];
}

interface ParsedRow {
  line: number;
  slipNo: string;
  amount: number | null;
  receivedOn: string | null;
  problem?: { outcome: RowOutcome; params: Record<string, unknown> };
}

const headerKey = (h: string) => h.normalize('NFKC').replace(/\s/g, '').toLowerCase();

/** The file's rows, each with what is wrong with it on its own (format, check digit, repeated number). */
export function parseBankFile(text: string, today: string): ParsedRow[] {
  const data = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' }).data;
  if (data.length < 2) throw new EngineError('fee.import_empty', {}, { issues: [issueAt('/csv', 'fee.import_empty')] });
  if (data.length - 1 > MAX_IMPORT_ROWS) throw new EngineError('fee.import_too_many', { max: MAX_IMPORT_ROWS });
  const header = data[0].map(headerKey);
  const index = {} as Record<keyof typeof IMPORT_COLUMNS, number>;
  const missing: string[] = [];
  for (const key of Object.keys(IMPORT_COLUMNS) as (keyof typeof IMPORT_COLUMNS)[]) {
    index[key] = header.findIndex((h) => (IMPORT_COLUMNS[key] as readonly string[]).includes(h));
    if (index[key] < 0) missing.push(key);
  }
  if (missing.length) {
    const issues = missing.map((k) => issueAt('/csv', 'fee.import_missing_column', { column: COLUMN_TITLE[k as keyof typeof COLUMN_TITLE], aliases: IMPORT_COLUMNS[k as keyof typeof IMPORT_COLUMNS].join('・') }));
    throw new EngineError('fee.import_missing_column', { column: missing.map((k) => COLUMN_TITLE[k as keyof typeof COLUMN_TITLE]).join('・'), aliases: '' }, { issues });
  }
  const width = Math.max(index.slipNo, index.amount, index.receivedOn) + 1;
  const firstLine = new Map<string, number>();
  const rows: ParsedRow[] = [];
  for (let r = 1; r < data.length; r++) {
    const cells = data[r];
    const line = r + 1;
    if (cells.length < width) {
      rows.push({ line, slipNo: '', amount: null, receivedOn: null, problem: { outcome: 'bad_row', params: {} } });
      continue;
    }
    const slipNo = normalizeSlipNo(cells[index.slipNo] ?? '');
    const rawAmount = (cells[index.amount] ?? '').normalize('NFKC').replace(/[,\s円¥￥]/g, '');
    const amount = /^\d{1,12}$/.test(rawAmount) ? Number(rawAmount) : null;
    const date = parseLocalDate(cells[index.receivedOn] ?? '');
    const receivedOn = date && date <= today ? date : null;
    const row: ParsedRow = { line, slipNo, amount, receivedOn };
    if (!validSlipNo(slipNo)) row.problem = { outcome: 'check_digit', params: { slipNo: cells[index.slipNo]?.trim() ?? '' } };
    else if (amount === null || amount <= 0) row.problem = { outcome: 'bad_amount', params: { value: cells[index.amount]?.trim() ?? '' } };
    else if (receivedOn === null) row.problem = { outcome: 'bad_date', params: { value: cells[index.receivedOn]?.trim() ?? '' } };
    else {
      const before = firstLine.get(slipNo);
      if (before !== undefined) row.problem = { outcome: 'duplicate', params: { line: before } };
      else firstLine.set(slipNo, line);
    }
    rows.push(row);
  }
  return rows;
}

/**
 * Reads the file, matches its rows and (unless dryRun) applies the matching ones, all in
 * one write transaction. Slips of services outside the staff member's scope read as unknown.
 */
export async function reconcileFile(
  deps: { db: Db; clock: Clock } & NotifyDeps,
  input: { published: PublishedTenant; staff: Pick<StaffPrincipal, 'scope'>; actor: Actor; text: string; fileName?: string; dryRun?: boolean },
): Promise<ReconcileReport> {
  const now = deps.clock.now().getTime();
  const tenant = input.published.tenant.slug;
  const today = epochToLocal(now, tenantTimezone(input.published)).date;
  const parsed = parseBankFile(input.text, today);
  const run = async (tx: Tx): Promise<ReconcileReport> => {
    const results: ReconcileRow[] = [];
    let matchedAmount = 0;
    for (const p of parsed) {
      const base = { line: p.line, slipNo: p.slipNo, amount: p.amount, receivedOn: p.receivedOn };
      const out = (outcome: RowOutcome, params: Record<string, unknown> = {}, receiptNo?: string) =>
        results.push({ ...base, outcome, matched: outcome === 'matched', ...(receiptNo ? { receiptNo } : {}), message: messageFor(`fee.row_${outcome}`, params, 'ja'), messageEn: messageFor(`fee.row_${outcome}`, params, 'en') });
      if (p.problem) {
        out(p.problem.outcome, p.problem.params);
        continue;
      }
      const slip = await slipByNo(tx, tenant, p.slipNo);
      const booking = slip ? await bookingById(tx, slip.bookingId) : undefined;
      if (!slip || !booking || !inScope(input.staff, booking.serviceId)) {
        out('unknown', { slipNo: p.slipNo });
        continue;
      }
      const paid = await sqlGet<{ receivedOn: string | null }>(tx, 'SELECT received_on AS "receivedOn" FROM booking_payments WHERE booking_id = ? ORDER BY id DESC LIMIT 1', [booking.id]);
      if (booking.status !== AWAITING_PAYMENT) {
        if (paid) out('paid', { receiptNo: booking.receiptNo, paidOn: paid.receivedOn ?? '' }, booking.receiptNo);
        else out('not_awaiting', { receiptNo: booking.receiptNo, status: statusLabel(booking.status, 'ja'), statusEn: statusLabel(booking.status, 'en') }, booking.receiptNo);
        continue;
      }
      const owed = await outstandingOf(tx, booking.id);
      const outstanding = owed ? owed.total - owed.paid : 0;
      if (p.amount !== outstanding) {
        out('amount', { amount: p.amount, owed: outstanding }, booking.receiptNo);
        continue;
      }
      if (!input.dryRun) {
        await applyPayment(tx, deps, { published: input.published, bookingId: booking.id, method: 'slip', amount: p.amount, receivedOn: p.receivedOn!, reference: p.slipNo, actor: input.actor, at: now, details: { source: 'import', line: p.line } });
      }
      matchedAmount += p.amount;
      out('matched', { receiptNo: booking.receiptNo }, booking.receiptNo);
    }
    const matched = results.filter((r) => r.matched).length;
    const report: ReconcileReport = { dryRun: !!input.dryRun, rows: results.length, matched, unmatched: results.length - matched, matchedAmount, results };
    if (!input.dryRun) {
      await writeAudit(tx, {
        tenant,
        at: now,
        actor: input.actor,
        action: 'payment.imported',
        target: { type: 'payments', id: input.fileName ?? 'import' },
        details: { rows: report.rows, matched, unmatched: report.unmatched, matchedAmount, unmatchedLines: results.filter((r) => !r.matched).map((r) => r.line) },
      });
    }
    return report;
  };
  return transaction(deps.db, run);
}

function issueAt(path: string, code: string, params: Record<string, unknown> = {}) {
  return { path, code, message: messageFor(code, params, 'ja') };
}
