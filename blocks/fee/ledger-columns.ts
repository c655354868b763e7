// The fee columns of the staff list and the ledger CSV (台帳): 使用料 (金額),
// 支払方法, 支払日 (収納日) and 支払状態, contributed for services with a fee table.
// load() reads the charges and payments of a page of rows in one statement (per
// chunk of ids); the four columns of a row read that.
import { groupConcatDistinct } from '../../engine/db/dialect';
import { isActive } from '../../engine/booking/status';
import type { ColumnContribution } from '../../engine/core/behaviour';
import { sqlAll, type Db } from '../../engine/db';
import type { LedgerColumn, LedgerRow } from '../../engine/staff/columns';
import { methodLabel } from './receive';

interface FeeFacts {
  total: number;
  paid: number;
  methods: string | null;
  paidOn: string | null;
  reduced: boolean;
}

const sqlFor = (n: number) => `SELECT c.booking_id AS id, c.total AS total, c.lines_json LIKE '%"kind":"reduction"%' AS reduced,
  (SELECT COALESCE(SUM(amount), 0) FROM booking_payments p WHERE p.booking_id = c.booking_id) AS paid,
  (SELECT ${groupConcatDistinct('method')} FROM booking_payments p WHERE p.booking_id = c.booking_id) AS methods,
  (SELECT MAX(received_on) FROM booking_payments p WHERE p.booking_id = c.booking_id) AS "paidOn"
  FROM booking_charges c WHERE c.booking_id IN (${Array.from({ length: n }, () => '?').join(', ')})`;

/** Ids bound per statement: well under SQLite's and PostgreSQL's parameter limits; a page is usually one chunk. */
const CHUNK = 500;

/** The fee facts of these bookings (absent: no charge). */
export async function feeFactsOf(db: Db, ids: readonly number[]): Promise<Map<number, FeeFacts>> {
  const out = new Map<number, FeeFacts>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const part = unique.slice(i, i + CHUNK);
    const rows = await sqlAll<Omit<FeeFacts, 'reduced'> & { id: number; reduced: number | boolean }>(db, sqlFor(part.length), part);
    for (const x of rows) out.set(Number(x.id), { total: x.total, paid: Number(x.paid), methods: x.methods, paidOn: x.paidOn, reduced: x.reduced === 1 || x.reduced === true });
  }
  return out;
}

export function feeColumns(reader: { db: Db } | undefined): LedgerColumn[] {
  // The facts of the page load() read last; value() only looks them up.
  let facts = new Map<number, FeeFacts>();
  // Every column gets load(): the page is read once even when one fee column is picked alone.
  let loaded = new Set<number>();
  const load = async (rows: readonly LedgerRow[]): Promise<void> => {
    if (!reader || rows.every((r) => loaded.has(r.id))) return;
    const ids = rows.map((r) => r.id);
    facts = await feeFactsOf(reader.db, ids);
    loaded = new Set(ids);
  };
  const factsOf = (r: LedgerRow): FeeFacts | undefined => facts.get(r.id);
  return [
    { id: 'fee.amount', label: '使用料', labelEn: 'Fee', load, value: (r) => factsOf(r)?.total ?? null },
    { id: 'fee.method', label: '支払方法', labelEn: 'Paid by', load, value: (r) => factsOf(r)?.methods?.split(',').map((m) => methodLabel(m)).join('・') ?? null },
    { id: 'fee.paidOn', label: '支払日', labelEn: 'Paid on', load, value: (r) => factsOf(r)?.paidOn ?? null },
    { id: 'fee.state', label: '支払状態', labelEn: 'Payment', load, value: (r) => paymentState(r, factsOf(r)) },
  ];
}

function paymentState(r: LedgerRow, f: FeeFacts | undefined): string | null {
  if (!f) return null;
  if (f.total === 0) return f.reduced ? '減免' : '無料';
  if (f.paid >= f.total) return '支払済';
  if (f.paid > 0) return '一部入金';
  // Cancelled or expired unpaid: nothing is owed any more.
  return isActive(r.status) ? '未払い' : null;
}

export const feeColumnContribution = (appliesTo: ColumnContribution['appliesTo']): ColumnContribution => ({
  appliesTo,
  columns: (_tenant, reader) => feeColumns(reader),
});
