// Fees on bookings: computing and storing the fee inside the booking's transaction
// (steps of the admission pipeline), recording payments, and expiring unpaid ones.
import { bookingById } from '../../engine/booking/counters';
import type { Actor, Tx } from '../../engine/audit';
import type { AdmissionContext } from '../../engine/booking/admission';
import { ADMITTED, AWAITING_PAYMENT, EXPIRED, statusLabel, type BookingStatus } from '../../engine/booking/status';
import { transition } from '../../engine/booking/transition';
import type { BookingRow } from '../../engine/booking/view';
import type { PublishedTenant } from '../../engine/config/tenant';
import type { KindTenantView } from '../../engine/core/behaviour';
import type { Clock } from '../../engine/core/clock';
import { EngineError } from '../../engine/core/errors';
import { sqlAll, sqlGet, sqlRun, transaction, type Db } from '../../engine/db';
import { emitBookingEvent, type NotifyDeps } from '../../engine/notify/booking-events';
import { addSummary } from '../../engine/booking/admission';
import { localDateTimeJa } from '../../engine/notify/format';
import { isNationalHoliday } from '../../engine/schedule/holidays';
import { instantIso, minutesOf, weekdayOf } from '../../engine/schedule/time';
import type { CompiledFee } from './block';
import { computeFee, type FeeResult, type Weekday } from './compute';
import { applyPayment, receivedOnOf, yenText } from './receive';
import { slipOf } from './slips';

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const KEY = 'fee';

export const feeFor = (tenant: KindTenantView, serviceId: string): CompiledFee | undefined => tenant.list('fee').find((f) => f.service === serviceId);

/** The fee of a slot and answers by the table (the booking's own computation, and the quote on 申込内容確認). */
export function feeOfSlot(fee: CompiledFee, slot: { resource: string; date: string; startLocal: string; endLocal: string }, answers: Record<string, unknown>, reductionId?: string): FeeResult | undefined {
  return computeFee(fee.table, {
    resource: slot.resource,
    startLocal: slot.startLocal,
    minutes: minutesOf(slot.endLocal) - minutesOf(slot.startLocal),
    weekday: WEEKDAYS[weekdayOf(slot.date)],
    holiday: isNationalHoliday(slot.date),
    answers,
    ...(reductionId ? { reductionId } : {}),
  });
}

/** After `fees`: the fee of the slot and answers (new bookings and admitted held ones; a change keeps the fee it had). */
export function computeStep(ctx: AdmissionContext): void {
  if (ctx.mode === 'change') return;
  const fee = feeFor(ctx.published.tenant, ctx.service.id)!;
  const slot = ctx.slot!;
  const result = feeOfSlot(fee, slot, ctx.answers, groupReduction(fee, ctx).reductionId);
  if (!result) throw new EngineError('fee.no_rate', { resource: slot.resource, start: slot.start });
  ctx.extras.set(KEY, { fee, result });
  ctx.auditDetails.fee = result.total;
}

/** An approved group's 減免区分 chooses the reduction when the table has it; otherwise the table's own rules do. */
function groupReduction(fee: CompiledFee, ctx: AdmissionContext): { reductionId?: string } {
  const id = ctx.group?.reduction;
  if (!id || !fee.table.reductions.some((r) => r.id === id)) return {};
  ctx.auditDetails.reduction = id;
  return { reductionId: id };
}

/** After `decision`: a fee to pay holds the place until the deadline; nothing to pay (無料, 減免100%) is confirmed at once. */
export function decideStep(ctx: AdmissionContext): void {
  const got = ctx.extras.get(KEY) as { fee: CompiledFee; result: FeeResult } | undefined;
  if (!got || ctx.status !== AWAITING_PAYMENT) return;
  if (got.result.total === 0) {
    ctx.decide(ADMITTED);
    return;
  }
  const now = ctx.now.getTime();
  const slotStart = ctx.slot!.startMs;
  const byUse = slotStart - got.fee.payment.closesDaysBefore * 86_400_000;
  const deadline = Math.min(now + got.fee.payment.withinDays * 86_400_000, byUse);
  if (deadline <= now) {
    // Too close to the day to pay in time: staff take it at the counter.
    if (ctx.audience !== 'staff') throw new EngineError('fee.too_late_to_pay', { days: got.fee.payment.closesDaysBefore });
    ctx.decide(AWAITING_PAYMENT, { deadlineAt: slotStart });
    return;
  }
  ctx.decide(AWAITING_PAYMENT, { deadlineAt: deadline });
}

/** After `record`: the fee as computed, stored with the booking; the response shows it. */
export async function storeStep(ctx: AdmissionContext): Promise<void> {
  const got = ctx.extras.get(KEY) as { fee: CompiledFee; result: FeeResult } | undefined;
  if (!got) return;
  await sqlRun(ctx.tx!, 'INSERT INTO booking_charges (booking_id, tenant_slug, fee_id, total, lines_json, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
    ctx.bookingId!,
    ctx.published.tenant.slug,
    got.fee.id,
    got.result.total,
    JSON.stringify(got.result.lines),
    ctx.now.getTime(),
  ]);
  ctx.response.fee = got.result;
  const tz = ctx.service.calendar.timezone;
  const summary = [{ label: '使用料', labelEn: 'Fee', value: yen(got.result.total), valueEn: `${got.result.total.toLocaleString('en')} yen` }];
  if (ctx.status === AWAITING_PAYMENT && ctx.deadlineAt !== null) {
    ctx.response.paymentDeadline = instantIso(ctx.deadlineAt, tz);
    summary.push({ label: 'お支払い期限', labelEn: 'Pay by', value: localDateTimeJa(ctx.deadlineAt, tz), valueEn: instantIso(ctx.deadlineAt, tz).slice(0, 16).replace('T', ' ') });
  }
  addSummary(ctx, summary);
}

export interface FeeView {
  receiptNo: string;
  status: BookingStatus;
  statusLabel: string;
  fee: FeeResult;
  paid: number;
  outstanding: number;
  paymentDeadline?: string;
  payments: { id: number; method: string; amount: number; at: string; receivedOn: string | null; reference: string | null }[];
}

export async function feeView(db: Db | Tx, published: PublishedTenant, row: BookingRow, lang: 'ja' | 'en'): Promise<FeeView> {
  const charge = await sqlGet<{ total: number; lines: string }>(db, 'SELECT total, lines_json AS lines FROM booking_charges WHERE booking_id = ?', [row.id]);
  if (!charge) throw new EngineError('fee.none');
  const tz = published.tenant.get('service', row.serviceId)?.calendar.timezone ?? 'Asia/Tokyo';
  const payments = await sqlAll<{
    id: number;
    method: string;
    amount: number;
    at: number;
    receivedOn: string | null;
    reference: string | null;
  }>(db, 'SELECT id, method, amount, at, received_on AS "receivedOn", reference FROM booking_payments WHERE booking_id = ? ORDER BY id', [row.id]);
  const paid = payments.reduce((a, p) => a + p.amount, 0);
  return {
    receiptNo: row.receiptNo,
    status: row.status,
    statusLabel: statusLabel(row.status, lang),
    fee: { total: charge.total, lines: JSON.parse(charge.lines) as FeeResult['lines'] },
    paid,
    outstanding: charge.total - paid,
    ...(row.status === AWAITING_PAYMENT && row.deadlineAt !== null ? { paymentDeadline: instantIso(row.deadlineAt, tz) } : {}),
    payments: payments.map((p) => ({ id: p.id, method: p.method, amount: p.amount, at: instantIso(p.at, tz), receivedOn: p.receivedOn, reference: p.reference })),
  };
}

export const STAFF_METHODS = ['cash', 'slip'] as const;

/** 窓口現金 or 納付書 入金 (one by one): the outstanding amount, exactly; the booking is then confirmed. */
export async function recordPayment(
  deps: { db: Db; clock: Clock } & NotifyDeps,
  input: { published: PublishedTenant; row: BookingRow; method: string; amount: unknown; receivedOn?: unknown; actor: Actor },
): Promise<FeeView & { paymentId: number; reference: string | null }> {
  if (!(STAFF_METHODS as readonly string[]).includes(input.method)) throw new EngineError('fee.bad_method', { methods: STAFF_METHODS.join(', ') });
  if (typeof input.amount !== 'number' || !Number.isSafeInteger(input.amount) || input.amount <= 0) throw new EngineError('fee.bad_amount');
  const amount = input.amount;
  const now = deps.clock.now().getTime();
  const receivedOn = receivedOnOf(input.published, now, input.receivedOn);
  return transaction(deps.db, async (tx) => {
    // Read again inside the write lock (applyPayment does): another desk may have recorded the payment meanwhile.
    const slip = input.method === 'slip' ? await slipOf(tx, input.row.id) : undefined;
    const got = await applyPayment(tx, deps, { published: input.published, bookingId: input.row.id, method: input.method, amount, receivedOn, ...(slip ? { reference: slip.slipNo } : {}), actor: input.actor, at: now });
    const row = (await bookingById(tx, input.row.id))!;
    return { ...(await feeView(tx, input.published, row, 'ja')), ...got };
  });
}

/** The job: unpaid at the deadline → expired, the place given back, a notice. */
export async function expireUnpaid(deps: { db: Db; clock: Clock } & NotifyDeps, published: PublishedTenant): Promise<number> {
  const now = deps.clock.now().getTime();
  const services = published.tenant.list('fee').map((f) => f.service);
  if (services.length === 0) return 0;
  return transaction(deps.db, async (tx) => {
    // One placeholder per fee service (portable: no json_each).
    const rows = await sqlAll<{ id: number; tenantSlug: string; receiptNo: string; status: BookingStatus; h: number | boolean; calendarId: string; slotStart: number }>(
      tx,
      `SELECT id, tenant_slug AS "tenantSlug", receipt_no AS "receiptNo", status, holds_capacity AS h, calendar_id AS "calendarId", slot_start AS "slotStart"
       FROM bookings WHERE tenant_slug = ? AND status = ? AND deadline_at <= ? AND service_id IN (${services.map(() => '?').join(', ')})`,
      [published.tenant.slug, AWAITING_PAYMENT, now, ...services],
    );
    for (const r of rows) {
      await transition(tx, { booking: { ...r, holdsCapacity: Boolean(r.h) }, to: EXPIRED, actor: { type: 'system' }, at: now, reason: 'unpaid', deadlineAt: null, action: 'payment.expired' });
      await emitBookingEvent(tx, deps, published, 'payment.expired', r.id);
    }
    return rows.length;
  });
}

export const yen = yenText;
