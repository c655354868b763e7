// The booking list of 予約状況検索 and of a grid cell: one page of rows with the
// chosen columns. Listing residents' names is a view of personal data, so each
// search is audited (the conditions' names and the count, never their values).
import { writeAudit, type Actor } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import { sqlAll, sqlGet, type Db } from '../db';
import { allColumns, loadColumns, pickColumns, type Cell, type LedgerRow, DEFAULT_LIST_COLUMNS } from './columns';
import { compileFilters, LEDGER_FROM, LEDGER_SELECT, type BookingFilters } from './filters';
import type { StaffPrincipal } from './roles';
import type { CheckinValue } from './visits';

export interface SearchResult {
  total: number;
  page: number;
  pageSize: number;
  /** format: how the console shows a cell (the ledger CSV keeps ISO dates and digits for Excel). */
  columns: { id: string; label: string; labelEn: string; format?: 'date' | 'phone' }[];
  /** Every column the chooser (gear icon) may offer for these services. */
  available: { id: string; label: string; labelEn: string }[];
  /** checkin: the raw check-in item values, so a list can show them as editable controls. */
  rows: { receiptNo: string; status: string; cells: Record<string, Cell>; checkin: Record<string, CheckinValue> }[];
}

export const MAX_PAGE_SIZE = 200;

export async function searchBookings(
  deps: { db: Db; now: number },
  input: { published: PublishedTenant; staff: StaffPrincipal; actor: Actor; filters: BookingFilters; page?: number; pageSize?: number; columns?: string[] },
): Promise<SearchResult> {
  const { db } = deps;
  const cf = compileFilters(input.published, input.staff, input.filters);
  const cols = allColumns({ services: new Map(cf.services.map((s) => [s.id, s])), timeZone: cf.timeZone, tenant: input.published.tenant, db });
  // Without a choice of the staff member's own, the short list (氏名 second), not every column.
  const ids = input.columns?.length ? input.columns : DEFAULT_LIST_COLUMNS;
  const rank = (id: string) => (DEFAULT_LIST_COLUMNS.includes(id) ? DEFAULT_LIST_COLUMNS.indexOf(id) : DEFAULT_LIST_COLUMNS.length);
  const chosen = pickColumns(cols, ids.filter((id) => cols.some((c) => c.id === id)));
  const pageSize = Math.min(Math.max(1, input.pageSize ?? 50), MAX_PAGE_SIZE);
  const page = Math.max(1, input.page ?? 1);
  const total = (await sqlGet<{ n: number }>(db, `SELECT COUNT(*) AS n ${LEDGER_FROM} WHERE ${cf.where}`, cf.params))!.n;
  const rows = await sqlAll<LedgerRow>(db, `${LEDGER_SELECT} ${LEDGER_FROM} WHERE ${cf.where} ORDER BY b.slot_start, b.id LIMIT ? OFFSET ?`, [...cf.params, pageSize, (page - 1) * pageSize]);
  await loadColumns(chosen, rows);
  await writeAudit(db, {
    tenant: cf.tenant,
    at: deps.now,
    actor: input.actor,
    action: 'pii.listed',
    target: { type: 'bookings', id: input.filters.service ?? '*' },
    details: { conditions: conditionNames(input.filters), total, page },
  });
  return {
    total,
    page,
    pageSize,
    columns: chosen.map((c) => ({ id: c.id, label: c.label, labelEn: c.labelEn, ...(c.keepAsText ? { format: 'phone' as const } : c.id === 'date' ? { format: 'date' as const } : {}) })),
    // The short list's order first, so a chooser that keeps this order keeps 氏名 near the left.
    available: [...cols]
      .sort((a, b) => rank(a.id) - rank(b.id))
      .map((c) => ({ id: c.id, label: c.label, labelEn: c.labelEn })),
    rows: rows.map((r) => {
      const answers = JSON.parse(r.answers_json) as Record<string, unknown>;
      const checkin = r.items_json ? (JSON.parse(r.items_json) as Record<string, CheckinValue>) : {};
      return { receiptNo: r.receipt_no, status: r.status, cells: Object.fromEntries(chosen.map((c) => [c.id, c.value(r, answers)])), checkin };
    }),
  };
}

/** Which conditions were used, without their values (a name or phone number is personal data). */
export function conditionNames(f: BookingFilters): Record<string, unknown> {
  const out: Record<string, unknown> = { status: f.status };
  for (const k of ['receiptNo', 'memberNo', 'memberId', 'name', 'phone', 'from', 'to', 'start', 'service', 'resource', 'visit'] as const) {
    if (f[k] !== undefined) out[k] = k === 'service' || k === 'resource' || k === 'from' || k === 'to' || k === 'visit' ? f[k] : true;
  }
  if (f.from || f.to) out.dateField = f.dateField;
  if (f.receipts) out.receipts = f.receipts.length;
  if (Object.keys(f.answers).length) out.answers = Object.keys(f.answers);
  return out;
}
