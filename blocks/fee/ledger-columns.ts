// The fee columns of the staff list and the ledger CSV (台帳): 使用料 (金額),
// 支払方法, 支払日 (収納日) and 支払状態, contributed for services with a fee table.
// One statement per row reads the charge and its payments; the four columns of a
// row share that read.
import { isActive } from '../../engine/booking/status';
import type { ColumnContribution } from '../../engine/core/behaviour';
import type { Db } from '../../engine/db';
import { prepared } from '../../engine/db/prepared';
import type { LedgerColumn, LedgerRow } from '../../engine/staff/columns';
import { methodLabel } from './receive';

interface FeeFacts {
  total: number;
  paid: number;
  methods: string | null;
  paidOn: string | null;
  reduced: boolean;
}

const SQL = `SELECT c.total AS total, c.lines_json LIKE '%"kind":"reduction"%' AS reduced,
  (SELECT COALESCE(SUM(amount), 0) FROM booking_payments p WHERE p.booking_id = c.booking_id) AS paid,
  (SELECT GROUP_CONCAT(DISTINCT method) FROM booking_payments p WHERE p.booking_id = c.booking_id) AS methods,
  (SELECT MAX(received_on) FROM booking_payments p WHERE p.booking_id = c.booking_id) AS paidOn
  FROM booking_charges c WHERE c.booking_id = ?`;

export function feeColumns(reader: { db: Db } | undefined): LedgerColumn[] {
  let lastId = -1;
  let last: FeeFacts | undefined;
  const factsOf = (r: LedgerRow): FeeFacts | undefined => {
    if (!reader) return undefined;
    if (r.id !== lastId) {
      lastId = r.id;
      const x = prepared(reader.db, SQL).get(r.id) as (Omit<FeeFacts, 'reduced'> & { reduced: number }) | undefined;
      last = x ? { ...x, reduced: x.reduced === 1 } : undefined;
    }
    return last;
  };
  return [
    { id: 'fee.amount', label: '使用料', labelEn: 'Fee', value: (r) => factsOf(r)?.total ?? null },
    { id: 'fee.method', label: '支払方法', labelEn: 'Paid by', value: (r) => factsOf(r)?.methods?.split(',').map((m) => methodLabel(m)).join('・') ?? null },
    { id: 'fee.paidOn', label: '支払日', labelEn: 'Paid on', value: (r) => factsOf(r)?.paidOn ?? null },
    { id: 'fee.state', label: '支払状態', labelEn: 'Payment', value: (r) => paymentState(r, factsOf(r)) },
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
