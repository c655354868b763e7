// 納付書 issuance: a booking awaiting payment gets one slip, numbered when it is
// first printed (by staff or the resident), and the same number every time after,
// so a reprint never makes a second number the bank could report.
import type { Tx } from '../../engine/audit';
import { writeAudit, type Actor } from '../../engine/audit';
import { bookingById } from '../../engine/booking/counters';
import { AWAITING_PAYMENT } from '../../engine/booking/status';
import type { BookingRow } from '../../engine/booking/view';
import { tenantTimezone, type PublishedTenant } from '../../engine/config/tenant';
import type { Clock } from '../../engine/core/clock';
import { EngineError } from '../../engine/core/errors';
import { sqlGet, transaction, type Db } from '../../engine/db';
import { epochToLocal } from '../../engine/schedule/time';
import { notAwaiting, outstandingOf } from './receive';
import { fiscalYearOf, sequenceOf, slipNumber } from './slip-number';

export interface SlipRow {
  id: number;
  bookingId: number;
  slipNo: string;
  amount: number;
  dueAt: number | null;
  issuedAt: number;
}

const COLS = 'id, booking_id AS "bookingId", slip_no AS "slipNo", amount, due_at AS "dueAt", issued_at AS "issuedAt"';

export const slipOf = (db: Db | Tx, bookingId: number) => sqlGet<SlipRow>(db, `SELECT ${COLS} FROM payment_slips WHERE booking_id = ?`, [bookingId]);

export const slipByNo = (db: Db | Tx, tenant: string, slipNo: string) => sqlGet<SlipRow>(db, `SELECT ${COLS} FROM payment_slips WHERE tenant_slug = ? AND slip_no = ?`, [tenant, slipNo]);

/** The booking's slip: the one issued before, or a new 納付番号 for what it owes now. */
export async function issueSlip(deps: { db: Db; clock: Clock }, input: { published: PublishedTenant; row: BookingRow; actor: Actor }): Promise<SlipRow> {
  const existing = await slipOf(deps.db, input.row.id);
  if (existing) return existing;
  const now = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const again = await slipOf(tx, input.row.id);
    if (again) return again;
    const row = (await bookingById(tx, input.row.id))!;
    if (row.status !== AWAITING_PAYMENT) throw notAwaiting(row);
    const owed = await outstandingOf(tx, row.id);
    if (!owed) throw new EngineError('fee.none');
    if (owed.total - owed.paid <= 0) throw new EngineError('fee.nothing_to_pay');
    const fy = fiscalYearOf(epochToLocal(now, tenantTimezone(input.published)).date);
    const last = (await sqlGet<{ n: string | null }>(tx, 'SELECT MAX(slip_no) AS n FROM payment_slips WHERE tenant_slug = ? AND slip_no LIKE ?', [row.tenantSlug, `${String(fy).padStart(4, '0')}%`]))!;
    const slipNo = slipNumber(fy, last.n ? sequenceOf(last.n) + 1 : 1);
    const info = (await sqlGet<{ id: number }>(tx, 'INSERT INTO payment_slips (tenant_slug, booking_id, slip_no, amount, due_at, issued_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id', [
      row.tenantSlug,
      row.id,
      slipNo,
      owed.total - owed.paid,
      row.deadlineAt,
      now,
    ]))!;
    await writeAudit(tx, { tenant: row.tenantSlug, at: now, actor: input.actor, action: 'payment.slip_issued', target: { type: 'booking', id: row.receiptNo }, details: { slipNo, amount: owed.total - owed.paid } });
    return { id: Number(info.id), bookingId: row.id, slipNo, amount: owed.total - owed.paid, dueAt: row.deadlineAt, issuedAt: now };
  });
}
