// 還付 (seed 000): money paid for a booking given back. A refund is requested — by the
// resident's cancellation of a paid booking (the amount from the cancellation-fee rule) or
// entered by staff — then decided by ANOTHER member of staff with an approving role, then
//   provider: refunded through the payment provider (its refund API; the webhook confirms), or
//   finance:  handed to the city's finance system (財務会計) in a CSV batch (窓口現金, 納付書).
// States: requested → rejected | approved (finance) → exported
//                               | sending (provider) → processing → refunded | failed
// Every step writes an audit row on the booking.
import { writeAudit, type Actor, type Tx } from '../../engine/audit';
import { bookingById } from '../../engine/booking/counters';
import type { BookingRow } from '../../engine/booking/view';
import type { PublishedTenant } from '../../engine/config/tenant';
import type { KindTenantView } from '../../engine/core/behaviour';
import type { Clock } from '../../engine/core/clock';
import { EngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { sqlAll, sqlGet, sqlRun, transaction, type Db } from '../../engine/db';
import { emitBookingEvent, type NotifyDeps } from '../../engine/notify/booking-events';
import { instantIso } from '../../engine/schedule/time';
import { inScope, ROLE_LABELS, type Role, type StaffPrincipal } from '../../engine/staff/roles';
import type { CompiledFee } from './block';
import './online-messages';
import { feeFor, yen } from './payments';
import { providerFor, type Env } from './provider/config';
import { ProviderError, type ProviderEvent } from './provider/port';
import { daysBeforeUse, refundable, refundBasis } from './refund-rule';

/** Who may decide refunds and hand them to finance (besides never their own request). */
export const REFUND_APPROVERS: readonly Role[] = ['system-admin', 'facility-manager'];

export const REFUND_STATES = ['requested', 'rejected', 'approved', 'sending', 'processing', 'refunded', 'failed', 'exported'] as const;
export type RefundStateName = (typeof REFUND_STATES)[number];

export const REFUND_STATE_LABELS: Record<RefundStateName, { ja: string; en: string }> = {
  requested: { ja: '審査待ち', en: 'Waiting for review' },
  rejected: { ja: '還付しない（却下）', en: 'Rejected' },
  approved: { ja: '承認済み（財務会計への引渡し待ち）', en: 'Approved: to hand to finance' },
  sending: { ja: '承認済み（決済代行会社へ送信中）', en: 'Approved: sending to the provider' },
  processing: { ja: '返金手続中', en: 'Refund in progress' },
  refunded: { ja: '返金済み', en: 'Refunded' },
  failed: { ja: '返金できませんでした', en: 'Refund failed' },
  exported: { ja: '財務会計へ引渡し済み', en: 'Handed to finance' },
};

type Deps = { db: Db; clock: Clock } & NotifyDeps;
type OnlineDeps = Deps & { env: Env; logger?: { error(msg: string, f?: Record<string, unknown>): void } };

export interface RefundRow {
  id: number;
  tenantSlug: string;
  bookingId: number;
  paymentId: number;
  route: 'provider' | 'finance';
  amount: number;
  basis: string;
  reason: string | null;
  state: RefundStateName;
  requestedByType: Actor['type'];
  requestedById: string | null;
  requestedAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
  decisionNote: string | null;
  providerRef: string | null;
  lastError: string | null;
  exportBatch: number | null;
  doneAt: number | null;
}

const COLS = `id, tenant_slug AS "tenantSlug", booking_id AS "bookingId", payment_id AS "paymentId", route, amount, basis, reason, state,
  requested_by_type AS "requestedByType", requested_by_id AS "requestedById", requested_at AS "requestedAt", decided_by AS "decidedBy",
  decided_at AS "decidedAt", decision_note AS "decisionNote", provider_ref AS "providerRef", last_error AS "lastError",
  export_batch AS "exportBatch", done_at AS "doneAt"`;

/** States whose money is gone or on its way (counted against what may still be refunded). */
const COMMITTED = `state NOT IN ('rejected', 'failed')`;

export const refundById = (db: Db | Tx, tenant: string, id: number) => sqlGet<RefundRow>(db, `SELECT ${COLS} FROM refunds WHERE tenant_slug = ? AND id = ?`, [tenant, id]);
export const refundsOf = (db: Db | Tx, bookingId: number) => sqlAll<RefundRow>(db, `SELECT ${COLS} FROM refunds WHERE booking_id = ? ORDER BY id`, [bookingId]);

/** What was paid for a booking, what is refunded or on its way, and what may still be refunded. */
export async function refundablePaid(db: Db | Tx, bookingId: number): Promise<{ paid: number; refunded: number; refundable: number }> {
  const paid = Number((await sqlGet<{ n: number }>(db, 'SELECT COALESCE(SUM(amount), 0) AS n FROM booking_payments WHERE booking_id = ?', [bookingId]))!.n);
  const refunded = Number((await sqlGet<{ n: number }>(db, `SELECT COALESCE(SUM(amount), 0) AS n FROM refunds WHERE booking_id = ? AND ${COMMITTED}`, [bookingId]))!.n);
  return { paid, refunded, refundable: Math.max(0, paid - refunded) };
}

/** The payment a refund goes against: the latest with money left, and whether the provider can refund it. */
async function paymentToRefund(tx: Db | Tx, bookingId: number): Promise<{ paymentId: number; route: 'provider' | 'finance' } | undefined> {
  const rows = await sqlAll<{ id: number; amount: number; ref: string | null; refunded: number }>(
    tx,
    `SELECT p.id, p.amount, o.payment_ref AS ref,
       (SELECT COALESCE(SUM(r.amount), 0) FROM refunds r WHERE r.payment_id = p.id AND r.${COMMITTED}) AS refunded
     FROM booking_payments p LEFT JOIN online_payments o ON o.payment_id = p.id WHERE p.booking_id = ? ORDER BY p.id DESC`,
    [bookingId],
  );
  const p = rows.find((r) => r.amount > Number(r.refunded)) ?? rows[0];
  return p ? { paymentId: p.id, route: p.ref ? 'provider' : 'finance' } : undefined;
}

/** Inserts a requested refund in the caller's transaction (audited, the resident told). */
export async function createRefund(
  tx: Tx,
  deps: NotifyDeps,
  published: PublishedTenant,
  input: { booking: BookingRow; amount: number; basis: string; reason?: string; actor: Actor; at: number; paymentId?: number },
): Promise<number> {
  const pay = await paymentToRefund(tx, input.booking.id);
  if (!pay) throw new EngineError('refund.nothing_paid', { paid: 0, refunded: 0 });
  const paymentId = input.paymentId ?? pay.paymentId;
  const route = input.paymentId ? ((await sqlGet(tx, 'SELECT 1 AS one FROM online_payments WHERE payment_id = ? AND payment_ref IS NOT NULL', [paymentId])) ? 'provider' : 'finance') : pay.route;
  const id = Number(
    (await sqlGet<{ id: number }>(
      tx,
      `INSERT INTO refunds (tenant_slug, booking_id, payment_id, route, amount, basis, reason, state, requested_by_type, requested_by_id, requested_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?, ?, ?) RETURNING id`,
      [published.tenant.slug, input.booking.id, paymentId, route, input.amount, input.basis, input.reason ?? null, input.actor.type, input.actor.id ?? null, input.at, input.at],
    ))!.id,
  );
  await writeAudit(tx, {
    tenant: published.tenant.slug,
    at: input.at,
    actor: input.actor,
    action: 'refund.requested',
    target: { type: 'booking', id: input.booking.receiptNo },
    details: { refund: id, amount: input.amount, route, basis: input.basis },
  });
  await emitBookingEvent(tx, deps, published, 'refund.requested', input.booking.id, { vars: refundVars(input.amount, input.basis) });
  return id;
}

const refundVars = (amount: number, basis: string, note?: string | null) => ({ refund: { amount: yen(amount), basis, note: note ?? '' } });

/**
 * The fee kind's cancellation hook: a paid booking that is cancelled gets a refund request
 * for what the cancellation-fee rule gives back; nothing to give back is audited too, so
 * staff see why.
 */
export async function requestRefundOnCancel(ctx: { tx: Tx; deps: NotifyDeps; published: PublishedTenant; booking: BookingRow; actor: Actor; at: number }): Promise<void> {
  const fee = feeFor(ctx.published.tenant, ctx.booking.serviceId);
  const left = await refundablePaid(ctx.tx, ctx.booking.id);
  if (!fee || left.refundable <= 0) return;
  const tz = ctx.published.tenant.get('service', ctx.booking.serviceId)?.calendar.timezone ?? 'Asia/Tokyo';
  const r = refundable(fee.cancellation.refunds, left.refundable, daysBeforeUse(ctx.booking.slotDate, ctx.at, tz));
  const basis = refundBasis(r);
  if (r.amount === 0) {
    await writeAudit(ctx.tx, { tenant: ctx.published.tenant.slug, at: ctx.at, actor: ctx.actor, action: 'refund.none', target: { type: 'booking', id: ctx.booking.receiptNo }, details: { paid: left.refundable, basis } });
    return;
  }
  await createRefund(ctx.tx, ctx.deps, ctx.published, { booking: ctx.booking, amount: r.amount, basis, actor: ctx.actor, at: ctx.at });
}

/** What a cancellation now would give back (the cancel screen says it before the resident confirms). */
export async function refundIfCancelled(db: Db | Tx, tenant: KindTenantView, booking: BookingRow, at: number, tz: string): Promise<{ paid: number; amount: number; basis: string } | undefined> {
  const fee = feeFor(tenant, booking.serviceId);
  const left = await refundablePaid(db, booking.id);
  if (!fee || left.refundable <= 0) return undefined;
  const r = refundable(fee.cancellation.refunds, left.refundable, daysBeforeUse(booking.slotDate, at, tz));
  return { paid: left.refundable, amount: r.amount, basis: refundBasis(r) };
}

const invalid = (path: string, code: string, params: Record<string, unknown> = {}) => new EngineError(code, params, { issues: [makeIssue(path, code, params)] });

/** A refund entered by staff (a paper application at the counter, the city's own reasons). */
export async function enterRefund(deps: Deps, input: { published: PublishedTenant; row: BookingRow; amount: unknown; reason: unknown; actor: Actor }): Promise<RefundRow> {
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason || reason.length > 500) throw invalid('/reason', 'refund.reason_required');
  const now = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const left = await refundablePaid(tx, input.row.id);
    if (left.refundable <= 0) throw new EngineError('refund.nothing_paid', { paid: left.paid, refunded: left.refunded });
    const amount = input.amount === undefined || input.amount === null ? left.refundable : input.amount;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1 || amount > left.refundable) throw invalid('/amount', 'refund.bad_amount', { max: left.refundable });
    const booking = (await bookingById(tx, input.row.id))!;
    const id = await createRefund(tx, deps, input.published, { booking, amount, basis: '職員による還付入力', reason, actor: input.actor, at: now });
    return (await refundById(tx, input.published.tenant.slug, id))!;
  });
}

function stateError(code: string, state: RefundStateName) {
  return new EngineError(code, { state: REFUND_STATE_LABELS[state].ja, stateEn: REFUND_STATE_LABELS[state].en });
}

/** The refund, if it exists and its booking is in the staff member's scope (out of scope looks missing). */
export async function scopedRefund(db: Db | Tx, published: PublishedTenant, staff: Pick<StaffPrincipal, 'scope'>, id: number): Promise<{ refund: RefundRow; booking: BookingRow }> {
  const refund = Number.isSafeInteger(id) ? await refundById(db, published.tenant.slug, id) : undefined;
  const booking = refund ? await bookingById(db, refund.bookingId) : undefined;
  if (!refund || !booking || !inScope(staff, booking.serviceId)) throw new EngineError('refund.not_found', { id });
  return { refund, booking };
}

function requireApprover(staff: StaffPrincipal) {
  if (!REFUND_APPROVERS.includes(staff.role)) throw new EngineError('refund.forbidden', { roles: REFUND_APPROVERS.map((r) => ROLE_LABELS[r].ja).join('・') });
}

/**
 * 還付審査: approve or reject, by someone other than who requested it. An approved provider
 * refund is then sent (see sendRefund); a finance one waits for the next CSV batch.
 */
export async function decideRefund(deps: Deps, input: { published: PublishedTenant; staff: StaffPrincipal; actor: Actor; id: number; decision: 'approve' | 'reject'; note: unknown }): Promise<RefundRow> {
  requireApprover(input.staff);
  const note = typeof input.note === 'string' ? input.note.trim().slice(0, 500) : '';
  if (input.decision === 'reject' && !note) throw invalid('/note', 'refund.reason_required');
  const now = deps.clock.now().getTime();
  const tenant = input.published.tenant.slug;
  return transaction(deps.db, async (tx) => {
    const { refund, booking } = await scopedRefund(tx, input.published, input.staff, input.id);
    if (refund.state !== 'requested') throw stateError('refund.not_requested', refund.state);
    if (refund.requestedByType === 'staff' && refund.requestedById === input.staff.loginId) throw new EngineError('refund.self_approval');
    const to: RefundStateName = input.decision === 'reject' ? 'rejected' : refund.route === 'provider' ? 'sending' : 'approved';
    await sqlRun(tx, 'UPDATE refunds SET state = ?, decided_by = ?, decided_at = ?, decision_note = ?, updated_at = ? WHERE id = ?', [to, input.staff.loginId, now, note || null, now, refund.id]);
    await writeAudit(tx, {
      tenant,
      at: now,
      actor: input.actor,
      action: input.decision === 'approve' ? 'refund.approved' : 'refund.rejected',
      target: { type: 'booking', id: booking.receiptNo },
      details: { refund: refund.id, amount: refund.amount, route: refund.route, ...(note ? { note } : {}) },
    });
    await emitBookingEvent(tx, deps, input.published, input.decision === 'approve' ? 'refund.approved' : 'refund.rejected', booking.id, { vars: refundVars(refund.amount, refund.basis, note) });
    return (await refundById(tx, tenant, refund.id))!;
  });
}

/** Staff send a failed provider refund again (the same idempotency key: never a second refund). */
export async function resendRefund(deps: Deps, input: { published: PublishedTenant; staff: StaffPrincipal; actor: Actor; id: number }): Promise<RefundRow> {
  requireApprover(input.staff);
  const now = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const { refund, booking } = await scopedRefund(tx, input.published, input.staff, input.id);
    if (refund.route !== 'provider' || (refund.state !== 'failed' && refund.state !== 'sending')) throw stateError('refund.cannot_resend', refund.state);
    await sqlRun(tx, `UPDATE refunds SET state = 'sending', updated_at = ? WHERE id = ?`, [now, refund.id]);
    await writeAudit(tx, { tenant: input.published.tenant.slug, at: now, actor: input.actor, action: 'refund.resend', target: { type: 'booking', id: booking.receiptNo }, details: { refund: refund.id } });
    return (await refundById(tx, input.published.tenant.slug, refund.id))!;
  });
}

// Forward only: a late or repeated report never takes a refund back a step.
const RANK: Record<RefundStateName, number> = { requested: 0, rejected: 9, approved: 1, exported: 9, sending: 1, processing: 2, refunded: 3, failed: 4 };
// Decided without the provider (refused, or handed to 財務会計): a provider event about them changes nothing.
const FINAL_ELSEWHERE = new Set<RefundStateName>(['rejected', 'exported']);

async function moveForward(tx: Tx, deps: NotifyDeps, published: PublishedTenant, refund: RefundRow, to: 'processing' | 'refunded' | 'failed', at: number, actor: Actor, extra: { ref?: string; error?: string }): Promise<boolean> {
  if (RANK[to] <= RANK[refund.state]) {
    if (extra.ref && !refund.providerRef) await sqlRun(tx, 'UPDATE refunds SET provider_ref = ? WHERE id = ?', [extra.ref, refund.id]);
    return false;
  }
  await sqlRun(tx, `UPDATE refunds SET state = ?, provider_ref = COALESCE(provider_ref, ?), last_error = ?, done_at = CASE WHEN ? IN ('refunded', 'failed') THEN ? ELSE done_at END, updated_at = ? WHERE id = ?`, [
    to,
    extra.ref ?? null,
    extra.error ?? null,
    to,
    at,
    at,
    refund.id,
  ]);
  const booking = (await bookingById(tx, refund.bookingId))!;
  await writeAudit(tx, { tenant: published.tenant.slug, at, actor, action: `refund.${to}`, target: { type: 'booking', id: booking.receiptNo }, details: { refund: refund.id, amount: refund.amount, ...(extra.ref ? { providerRef: extra.ref } : {}), ...(extra.error ? { error: extra.error } : {}) } });
  if (to === 'refunded') await emitBookingEvent(tx, deps, published, 'refund.refunded', booking.id, { vars: refundVars(refund.amount, refund.basis) });
  return true;
}

/**
 * Sends an approved provider refund: the provider call runs outside any transaction, with
 * our refund id as its idempotency key; what it answers is stored without going back a step
 * (the webhook may have arrived first). A retryable failure stays `sending` for the job.
 */
export async function sendRefund(deps: OnlineDeps, published: PublishedTenant, id: number): Promise<RefundRow> {
  const tenant = published.tenant.slug;
  const refund = await refundById(deps.db, tenant, id);
  if (!refund || refund.state !== 'sending') return refund!;
  const pay = await sqlGet<{ provider: 'stripe'; account: string; ref: string }>(deps.db, 'SELECT provider, account, payment_ref AS ref FROM online_payments WHERE payment_id = ?', [refund.paymentId]);
  const got = pay ? providerFor(deps.env, pay.provider, tenant, pay.account) : { missing: 'online payment' };
  const system: Actor = { type: 'system', id: 'payment-provider' };
  if ('missing' in got) {
    deps.logger?.error('refund cannot be sent: provider not configured', { tenant, refund: id, missing: got.missing });
    await transaction(deps.db, (tx) => sqlRun(tx, 'UPDATE refunds SET last_error = ?, updated_at = ? WHERE id = ?', [`not configured: ${got.missing}`, deps.clock.now().getTime(), id]));
    return (await refundById(deps.db, tenant, id))!;
  }
  try {
    const r = await got.provider.refund({ tenant, refundId: id, paymentRef: pay!.ref, amount: refund.amount });
    await transaction(deps.db, async (tx) => {
      const fresh = (await refundById(tx, tenant, id))!;
      const now = deps.clock.now().getTime();
      await writeAudit(tx, { tenant, at: now, actor: system, action: 'refund.sent', target: { type: 'booking', id: (await bookingById(tx, fresh.bookingId))!.receiptNo }, details: { refund: id, providerRef: r.ref, providerState: r.state } });
      await moveForward(tx, deps, published, fresh, r.state === 'succeeded' ? 'refunded' : r.state === 'failed' ? 'failed' : 'processing', now, system, { ref: r.ref, ...(r.state === 'failed' ? { error: 'refused by the provider' } : {}) });
    });
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    deps.logger?.error('refund send failed', { tenant, refund: id, error: e.message });
    await transaction(deps.db, async (tx) => {
      const fresh = (await refundById(tx, tenant, id))!;
      const now = deps.clock.now().getTime();
      if (e.retryable) await sqlRun(tx, 'UPDATE refunds SET last_error = ?, updated_at = ? WHERE id = ?', [e.message, now, id]);
      else await moveForward(tx, deps, published, fresh, 'failed', now, system, { error: e.message });
    });
  }
  return (await refundById(deps.db, tenant, id))!;
}

/** Provider refunds left in `sending` (a crash, a timeout): sent again with the same idempotency key. */
export async function resendStuckRefunds(deps: OnlineDeps, published: PublishedTenant, olderThanMs = 120_000): Promise<number> {
  const before = deps.clock.now().getTime() - olderThanMs;
  const ids = await sqlAll<{ id: number }>(deps.db, `SELECT id FROM refunds WHERE tenant_slug = ? AND state = 'sending' AND updated_at <= ? ORDER BY id LIMIT 50`, [published.tenant.slug, before]);
  for (const { id } of ids) await sendRefund(deps, published, id);
  return ids.length;
}

/** A refund event from the provider's webhook, in the transaction that records the event. */
export async function applyRefundEvent(tx: Tx, deps: NotifyDeps, published: PublishedTenant, ev: Extract<ProviderEvent, { kind: 'refund' }>, now: number): Promise<'applied' | 'no-op' | 'ignored'> {
  const tenant = published.tenant.slug;
  let refund = await sqlGet<RefundRow>(tx, `SELECT ${COLS} FROM refunds WHERE tenant_slug = ? AND provider_ref = ?`, [tenant, ev.ref]);
  // The event can overtake the answer to our refund call: the metadata names our row.
  if (!refund && ev.meta.refundId && /^\d{1,15}$/.test(ev.meta.refundId)) {
    const byId = await refundById(tx, tenant, Number(ev.meta.refundId));
    if (byId && byId.route === 'provider' && (byId.providerRef === null || byId.providerRef === ev.ref)) refund = byId;
  }
  // A refund made elsewhere (the provider's dashboard) is not one of ours: recorded as an event only.
  if (!refund) return 'ignored';
  // Decided refunds only: a refund event for one still under review cannot be ours to act on.
  if (RANK[refund.state] < 1 || FINAL_ELSEWHERE.has(refund.state)) return 'ignored';
  const to = ev.state === 'succeeded' ? 'refunded' : ev.state === 'failed' ? 'failed' : 'processing';
  return (await moveForward(tx, deps, published, refund, to, now, { type: 'system', id: 'payment-provider' }, { ref: ev.ref, ...(to === 'failed' ? { error: `provider: ${ev.type}` } : {}) })) ? 'applied' : 'no-op';
}

// ── the staff console's list ──

export interface RefundListRow {
  id: number;
  receiptNo: string;
  serviceTitle: string;
  resourceTitle: string;
  start: string;
  name: string | null;
  paid: number;
  paymentMethod: string;
  amount: number;
  route: 'provider' | 'finance';
  state: RefundStateName;
  stateLabel: string;
  basis: string;
  reason: string | null;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  lastError: string | null;
  exportBatch: number | null;
  /** This member of staff may decide it (role, not their own request, waiting for review). */
  canDecide: boolean;
}

export function nameOf(service: { form: { fields: readonly { id: string; label: string }[] } } | undefined, answers: Record<string, unknown>): string | null {
  const f = service?.form.fields.find((x) => x.id === 'name' || /氏名|名前/.test(x.label));
  const v = f ? answers[f.id] : undefined;
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

export async function listRefunds(db: Db, published: PublishedTenant, staff: StaffPrincipal, opts: { state?: string; batch?: number; lang: 'ja' | 'en' }): Promise<RefundListRow[]> {
  const tenant = published.tenant.slug;
  const states = opts.state === 'open' ? ['requested', 'approved', 'sending', 'processing', 'failed'] : opts.state && (REFUND_STATES as readonly string[]).includes(opts.state) ? [opts.state] : [...REFUND_STATES];
  const rows = await sqlAll<{
    id: number; route: 'provider' | 'finance'; amount: number; basis: string; reason: string | null; state: RefundStateName; byType: string; byId: string | null; requestedAt: number;
    decidedBy: string | null; decidedAt: number | null; decisionNote: string | null; lastError: string | null; exportBatch: number | null;
    method: string; paid: number; receiptNo: string; serviceId: string; resourceId: string; slotStart: number; answers: string;
  }>(
    db,
    `SELECT r.id, r.route, r.amount, r.basis, r.reason, r.state, r.requested_by_type AS "byType", r.requested_by_id AS "byId", r.requested_at AS "requestedAt",
       r.decided_by AS "decidedBy", r.decided_at AS "decidedAt", r.decision_note AS "decisionNote", r.last_error AS "lastError", r.export_batch AS "exportBatch",
       p.method, p.amount AS paid, b.receipt_no AS "receiptNo", b.service_id AS "serviceId", b.resource_id AS "resourceId", b.slot_start AS "slotStart", b.answers_json AS answers
     FROM refunds r JOIN bookings b ON b.id = r.booking_id JOIN booking_payments p ON p.id = r.payment_id
     WHERE r.tenant_slug = ? AND r.state IN (${states.map(() => '?').join(', ')})${opts.batch === undefined ? '' : ' AND r.export_batch = ?'}
     ORDER BY r.id DESC LIMIT 1000`,
    [tenant, ...states, ...(opts.batch === undefined ? [] : [opts.batch])],
  );
  const en = opts.lang === 'en';
  const who: Record<string, [string, string]> = { resident: ['利用者（取消）', 'Resident (cancellation)'], member: ['会員（取消）', 'Member (cancellation)'], system: ['システム', 'System'] };
  return rows
    .filter((r) => inScope(staff, r.serviceId))
    .map((r) => {
      const service = published.tenant.get('service', r.serviceId);
      const tz = service?.calendar.timezone ?? 'Asia/Tokyo';
      const resource = service?.calendar.resources.find((x) => x.id === r.resourceId);
      return {
        id: r.id,
        receiptNo: r.receiptNo,
        serviceTitle: service ? (en ? service.titleEn ?? service.title : service.title) : r.serviceId,
        resourceTitle: resource ? (en ? resource.titleEn : resource.title) : r.resourceId,
        start: instantIso(r.slotStart, tz),
        name: nameOf(service, JSON.parse(r.answers) as Record<string, unknown>),
        paid: r.paid,
        paymentMethod: r.method,
        amount: r.amount,
        route: r.route,
        state: r.state,
        stateLabel: REFUND_STATE_LABELS[r.state][en ? 'en' : 'ja'],
        basis: r.basis,
        reason: r.reason,
        requestedBy: r.byType === 'staff' ? (r.byId ?? '') : (who[r.byType]?.[en ? 1 : 0] ?? r.byType),
        requestedAt: instantIso(r.requestedAt, tz),
        decidedBy: r.decidedBy,
        decidedAt: r.decidedAt ? instantIso(r.decidedAt, tz) : null,
        decisionNote: r.decisionNote,
        lastError: r.lastError,
        exportBatch: r.exportBatch,
        canDecide: r.state === 'requested' && REFUND_APPROVERS.includes(staff.role) && !(r.byType === 'staff' && r.byId === staff.loginId),
      };
    });
}

/** What the resident sees of a booking's refunds. */
export async function residentRefunds(db: Db | Tx, bookingId: number, lang: 'ja' | 'en', tz: string) {
  return (await refundsOf(db, bookingId)).map((r) => ({ id: r.id, amount: r.amount, state: r.state, stateLabel: REFUND_STATE_LABELS[r.state][lang], basis: r.basis, requestedAt: instantIso(r.requestedAt, tz) }));
}

export type { CompiledFee };
