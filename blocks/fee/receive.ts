// Receiving money for a booking awaiting payment, inside the caller's transaction:
// the payment row (with its 収納日 and 納付番号 or 領収書番号), the move to
// confirmed through the lifecycle, and the 支払済み通知. The counter (窓口現金),
// a slip paid one by one and a bank file (入金消込) all come through here.
import type { Actor, Tx } from '../../engine/audit';
import { bookingById } from '../../engine/booking/counters';
import { ADMITTED, AWAITING_PAYMENT, statusLabel } from '../../engine/booking/status';
import { transition } from '../../engine/booking/transition';
import type { BookingRow } from '../../engine/booking/view';
import { tenantTimezone, type PublishedTenant } from '../../engine/config/tenant';
import { EngineError } from '../../engine/core/errors';
import { sqlGet } from '../../engine/db';
import { emitBookingEvent, type NotifyDeps } from '../../engine/notify/booking-events';
import { formatDateJa } from '../../engine/notify/format';
import { epochToLocal } from '../../engine/schedule/time';
import { fiscalYearOf } from './slip-number';

export const METHOD_LABELS: Record<string, { ja: string; en: string }> = {
  cash: { ja: '窓口現金', en: 'Cash at the counter' },
  slip: { ja: '納付書', en: 'Payment slip' },
};
export const methodLabel = (m: string, lang: 'ja' | 'en' = 'ja') => METHOD_LABELS[m]?.[lang] ?? m;

export interface PaymentInput {
  published: PublishedTenant;
  bookingId: number;
  method: string;
  amount: number;
  /** Local date of receipt (収納日). */
  receivedOn: string;
  /** 納付番号 of the slip paid; a cash payment gets its 領収書番号 here. */
  reference?: string;
  actor: Actor;
  at: number;
  /** Audit details beyond method and amount (e.g. the import row). */
  details?: Record<string, unknown>;
}

export interface Received {
  paymentId: number;
  reference: string | null;
}

/** The owed amount of a booking: its charge less what was received. */
export async function outstandingOf(tx: Tx, bookingId: number): Promise<{ total: number; paid: number } | undefined> {
  const c = await sqlGet<{ total: number; paid: number }>(tx, 'SELECT total, (SELECT COALESCE(SUM(amount), 0) FROM booking_payments WHERE booking_id = ?) AS paid FROM booking_charges WHERE booking_id = ?', [bookingId, bookingId]);
  // A SUM may come back as text (PostgreSQL bigint): yen are counted as numbers.
  return c && { total: Number(c.total), paid: Number(c.paid) };
}

/** Checks and records one payment of exactly what is owed; the booking is confirmed. */
export async function applyPayment(tx: Tx, deps: NotifyDeps, input: PaymentInput): Promise<Received> {
  const row = (await bookingById(tx, input.bookingId))!;
  if (row.status !== AWAITING_PAYMENT) throw notAwaiting(row);
  const owed = await outstandingOf(tx, row.id);
  if (!owed) throw new EngineError('fee.none');
  const outstanding = owed.total - owed.paid;
  if (input.amount !== outstanding) throw new EngineError('fee.amount_mismatch', { amount: input.amount, outstanding });
  const reference = input.reference ?? (input.method === 'cash' ? await nextReceiptNo(tx, row.tenantSlug, input.receivedOn) : null);
  const info = (await sqlGet<{ id: number }>(tx, 'INSERT INTO booking_payments (booking_id, tenant_slug, method, amount, at, staff_id, received_on, reference) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id', [
    row.id,
    row.tenantSlug,
    input.method,
    input.amount,
    input.at,
    input.actor.type === 'staff' ? (input.actor.id ?? null) : null,
    input.receivedOn,
    reference,
  ]))!;
  await transition(tx, {
    booking: row,
    to: ADMITTED,
    actor: input.actor,
    at: input.at,
    deadlineAt: null,
    action: 'payment.received',
    details: { method: input.method, amount: input.amount, receivedOn: input.receivedOn, ...(reference ? { reference } : {}), ...input.details },
  });
  await emitBookingEvent(tx, deps, input.published, 'payment.received', row.id, {
    admitted: true,
    vars: { payment: { amount: yenText(input.amount), method: methodLabel(input.method), date: formatDateJa(input.receivedOn), reference: reference ?? '' } },
  });
  return { paymentId: Number(info.id), reference };
}

export function notAwaiting(row: Pick<BookingRow, 'status'>): EngineError {
  return new EngineError('fee.not_awaiting_payment', { status: statusLabel(row.status, 'ja'), statusEn: statusLabel(row.status, 'en') });
}

/** 領収書番号: 年度-連番 (2026-000001), one sequence per tenant and fiscal year; called inside the write lock. */
async function nextReceiptNo(tx: Tx, tenant: string, receivedOn: string): Promise<string> {
  const fy = fiscalYearOf(receivedOn);
  const last = (await sqlGet<{ r: string | null }>(tx, "SELECT MAX(reference) AS r FROM booking_payments WHERE tenant_slug = ? AND method = 'cash' AND reference LIKE ?", [tenant, `${fy}-%`]))!;
  const seq = last.r ? Number(last.r.slice(5)) + 1 : 1;
  return `${fy}-${String(seq).padStart(6, '0')}`;
}

/** Today in the tenant's zone, and a check of a typed 収納日 (a real date, not after today). */
export function receivedOnOf(published: PublishedTenant, now: number, raw: unknown): string {
  const today = epochToLocal(now, tenantTimezone(published)).date;
  if (raw === undefined || raw === null || raw === '') return today;
  const date = typeof raw === 'string' ? parseLocalDate(raw) : undefined;
  if (!date) throw new EngineError('fee.bad_date', { value: String(raw) });
  if (date > today) throw new EngineError('fee.future_date', { date });
  return date;
}

/** 2026-12-03, 2026/12/3, 20261203 (full-width too) → 2026-12-03; anything else or a day that never was → undefined. */
export function parseLocalDate(raw: string): string | undefined {
  const v = raw.normalize('NFKC').trim();
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

export const yenText = (n: number) => `${n.toLocaleString('ja-JP')}円`;
