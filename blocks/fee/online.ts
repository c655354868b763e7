// Online payment (カード・コンビニ) through the provider port: a resident starts a payment
// for what is owed; the provider's signed webhook tells us it was paid, and the booking
// moves awaiting_payment → confirmed through transition(). Each webhook event is handled
// once: its id is inserted in the same transaction as its effect. Events may arrive late,
// twice or out of order, so every effect is written as "move forward only": paid is final
// for a payment, refunded/failed for a refund, and a repeated effect is a no-op.
import { writeAudit, type Actor, type Tx } from '../../engine/audit';
import { bookingById } from '../../engine/booking/counters';
import { ADMITTED, AWAITING_PAYMENT, statusLabel } from '../../engine/booking/status';
import { transition } from '../../engine/booking/transition';
import type { BookingRow } from '../../engine/booking/view';
import type { PublishedTenant } from '../../engine/config/tenant';
import type { Clock } from '../../engine/core/clock';
import { EngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { sqlAll, sqlGet, sqlRun, transaction, type Db } from '../../engine/db';
import { emitBookingEvent, type NotifyDeps } from '../../engine/notify/booking-events';
import { localDateTimeJa } from '../../engine/notify/format';
import { emailOf } from '../../engine/notify/recipients';
import { epochToLocal } from '../../engine/schedule/time';
import type { CompiledFee } from './block';
import './online-messages';
import { feeFor, yen } from './payments';
import { providerFor, type Env } from './provider/config';
import { ONLINE_METHODS, ProviderError, WebhookRejected, type OnlineMethod, type PaymentProvider, type ProviderEvent } from './provider/port';
import { applyRefundEvent, createRefund, refundablePaid } from './refunds';

export type OnlineDeps = { db: Db; clock: Clock; env: Env; logger?: { error(msg: string, f?: Record<string, unknown>): void } } & NotifyDeps;

export const METHOD_LABELS: Record<string, { ja: string; en: string }> = {
  card: { ja: 'クレジットカード', en: 'credit card' },
  konbini: { ja: 'コンビニ払い', en: 'convenience store' },
  cash: { ja: '窓口現金', en: 'cash at the counter' },
  slip: { ja: '納付書', en: 'payment slip' },
};
export const methodLabel = (m: string, lang: 'ja' | 'en' = 'ja') => METHOD_LABELS[m]?.[lang] ?? m;

/** Stripe's limits for JPY: card from 50 yen; konbini from 120 to 300,000 yen. */
const LIMITS: Record<OnlineMethod, { min: number; max: number }> = { card: { min: 50, max: 99_999_999 }, konbini: { min: 120, max: 300_000 } };
const MIN_PAGE_MS = 30 * 60_000;
const MAX_PAGE_MS = 24 * 3_600_000;

export interface OnlinePaymentRow {
  id: number;
  tenantSlug: string;
  bookingId: number;
  provider: string;
  account: string;
  method: OnlineMethod;
  amount: number;
  state: 'creating' | 'open' | 'paid' | 'failed' | 'expired';
  providerRef: string | null;
  paymentRef: string | null;
  redirectUrl: string | null;
  paymentId: number | null;
  expiresAt: number | null;
  createdAt: number;
}

const COLS = `id, tenant_slug AS "tenantSlug", booking_id AS "bookingId", provider, account, method, amount, state, provider_ref AS "providerRef",
  payment_ref AS "paymentRef", redirect_url AS "redirectUrl", payment_id AS "paymentId", expires_at AS "expiresAt", created_at AS "createdAt"`;

export const onlinePaymentsOf = (db: Db | Tx, bookingId: number) => sqlAll<OnlinePaymentRow>(db, `SELECT ${COLS} FROM online_payments WHERE booking_id = ? ORDER BY id`, [bookingId]);

const invalid = (path: string, code: string, params: Record<string, unknown> = {}) => new EngineError(code, params, { issues: [makeIssue(path, code, params)] });

export interface StartedPayment {
  payment: { id: number; method: OnlineMethod; methodLabel: string; amount: number; state: string; expiresAt: string | null };
  redirectUrl: string;
  instructions: { ja: string; en: string };
}

/** What is owed now: the stored fee minus what was paid. */
async function outstanding(tx: Db | Tx, bookingId: number): Promise<{ total: number; paid: number } | undefined> {
  const charge = await sqlGet<{ total: number }>(tx, 'SELECT total FROM booking_charges WHERE booking_id = ?', [bookingId]);
  if (!charge) return undefined;
  const paid = Number((await sqlGet<{ n: number }>(tx, 'SELECT COALESCE(SUM(amount), 0) AS n FROM booking_payments WHERE booking_id = ?', [bookingId]))!.n);
  return { total: charge.total, paid };
}

/**
 * Starts (or, for a double click, resumes) an online payment of what the booking owes.
 * Three steps, because the provider call must not run inside a database transaction:
 * a `creating` row, the provider's create (idempotent on that row's id), then `open`.
 */
export async function startOnlinePayment(deps: OnlineDeps, input: { published: PublishedTenant; row: BookingRow; method: unknown; actor: Actor; base: string }): Promise<StartedPayment> {
  const { published, row } = input;
  const tenant = published.tenant.slug;
  const fee = feeFor(published.tenant, row.serviceId);
  if (!fee?.online) throw new EngineError('payment.online_unavailable');
  const methods = fee.online.methods;
  const names = methods.map((m) => `${m}（${methodLabel(m)}）`).join(', ');
  if (typeof input.method !== 'string' || !(methods as readonly string[]).includes(input.method)) throw invalid('/method', 'payment.bad_method', { methods: names });
  const method = input.method as OnlineMethod;
  const got = providerFor(deps.env, fee.online.provider, tenant, fee.online.account);
  if ('missing' in got) {
    deps.logger?.error('online payment is not configured', { tenant, missing: got.missing });
    throw new EngineError('payment.not_configured');
  }
  const now = deps.clock.now().getTime();
  const tz = published.tenant.get('service', row.serviceId)?.calendar.timezone ?? 'Asia/Tokyo';
  const prepared1 = await transaction(deps.db, async (tx) => {
      const fresh = (await bookingById(tx, row.id))!;
      if (fresh.status !== AWAITING_PAYMENT) throw new EngineError('fee.not_awaiting_payment', { status: statusLabel(fresh.status, 'ja'), statusEn: statusLabel(fresh.status, 'en') });
      const owed = await outstanding(tx, row.id);
      if (!owed || owed.total - owed.paid <= 0) throw new EngineError('fee.none');
      const amount = owed.total - owed.paid;
      const limit = LIMITS[method];
      if (amount < limit.min || amount > limit.max) throw invalid('/method', 'payment.amount_limit', { method: methodLabel(method), methodEn: methodLabel(method, 'en'), min: limit.min, max: limit.max });
      const deadline = fresh.deadlineAt ?? fresh.slotStart;
      const pageExpiresAt = Math.min(now + MAX_PAGE_MS, deadline);
      const konbiniDays = konbiniDaysUntil(now, deadline, tz);
      if (pageExpiresAt - now < MIN_PAGE_MS || (method === 'konbini' && konbiniDays < 1)) {
        throw new EngineError('payment.too_late_online', { method: methodLabel(method), methodEn: methodLabel(method, 'en') });
      }
      // A second click while the provider's page is still open goes back to the same page.
      const open = (await onlinePaymentsOf(tx, row.id)).find((p) => p.state === 'open' && p.method === method && p.amount === amount && p.redirectUrl && (p.expiresAt ?? 0) > now + 5 * 60_000);
      if (open) return { reuse: open, amount, pageExpiresAt, konbiniDays };
      const id = Number(
        (await sqlGet<{ id: number }>(tx, `INSERT INTO online_payments (tenant_slug, booking_id, provider, account, method, amount, state, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'creating', ?, ?, ?) RETURNING id`, [
          tenant,
          row.id,
          fee.online!.provider,
          fee.online!.account,
          method,
          amount,
          pageExpiresAt,
          now,
          now,
        ]))!.id,
      );
      await writeAudit(tx, { tenant, at: now, actor: input.actor, action: 'payment.started', target: { type: 'booking', id: row.receiptNo }, details: { onlinePayment: id, method, amount, provider: fee.online!.provider } });
      return { id, amount, pageExpiresAt, konbiniDays };
    });
  if ('reuse' in prepared1 && prepared1.reuse) return startedView(prepared1.reuse, tz);
  const { id, amount, pageExpiresAt, konbiniDays } = prepared1 as { id: number; amount: number; pageExpiresAt: number; konbiniDays: number };
  const service = published.tenant.get('service', row.serviceId);
  const resource = service?.calendar.resources.find((r) => r.id === row.resourceId);
  const answers = JSON.parse(row.answersJson) as Record<string, unknown>;
  const email = service ? emailOf(service.form.fields, answers) : undefined;
  const q = `?r=${encodeURIComponent(row.receiptNo)}&ref={ref}`;
  let started;
  try {
    started = await got.provider.startPayment({
      tenant,
      receiptNo: row.receiptNo,
      onlinePaymentId: id,
      amount,
      method,
      description: `${service?.title ?? row.serviceId} ${resource?.title ?? row.resourceId} ${localDateTimeJa(row.slotStart, tz)}（受付番号 ${row.receiptNo}）`,
      returnUrl: `${input.base}/t/${tenant}/pay/return${q}`,
      cancelUrl: `${input.base}/t/${tenant}/pay/return${q}&cancelled=1`,
      pageExpiresAt,
      ...(method === 'konbini' ? { konbiniDays } : {}),
      ...(email ? { email } : {}),
    });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    deps.logger?.error('online payment start failed', { tenant, receiptNo: row.receiptNo, error: why });
    await transaction(deps.db, async (tx) => {
      await sqlRun(tx, `UPDATE online_payments SET state = 'failed', updated_at = ? WHERE id = ? AND state = 'creating'`, [deps.clock.now().getTime(), id]);
      await writeAudit(tx, { tenant, at: deps.clock.now().getTime(), actor: { type: 'system' }, action: 'payment.start_failed', target: { type: 'booking', id: row.receiptNo }, details: { onlinePayment: id, error: why.slice(0, 200) } });
    });
    if (e instanceof ProviderError) throw new EngineError('payment.provider_failed');
    throw e;
  }
  const view = await transaction(deps.db, async (tx) => {
    // A webhook may already have moved it on (paid before we stored the session id): never back.
    await sqlRun(tx, `UPDATE online_payments SET state = CASE WHEN state = 'creating' THEN 'open' ELSE state END, provider_ref = ?, redirect_url = ?, updated_at = ? WHERE id = ?`, [
      started.ref,
      started.redirectUrl,
      deps.clock.now().getTime(),
      id,
    ]);
    return (await sqlGet<OnlinePaymentRow>(tx, `SELECT ${COLS} FROM online_payments WHERE id = ?`, [id]))!;
  });
  return startedView(view, tz);
}

function startedView(p: OnlinePaymentRow, tz: string): StartedPayment {
  const until = p.expiresAt ? localDateTimeJa(p.expiresAt, tz) : '';
  const instructions =
    p.method === 'konbini'
      ? {
          ja: 'お支払い画面でお名前などを入力すると、コンビニでのお支払い番号が表示され、メールでも届きます。期限までにコンビニのレジでお支払いください。お支払いが確認されると予約が確定し、お知らせします。',
          en: 'On the payment page, enter your details to get a payment number (also sent by email). Pay at a convenience store by the deadline; the booking is confirmed when the payment arrives.',
        }
      : {
          ja: `お支払い画面でカード情報を入力してください（${until}まで）。お支払いが確認されると予約が確定し、お知らせします。`,
          en: `Enter your card on the payment page (open until ${until}). The booking is confirmed when the payment is confirmed.`,
        };
  return {
    payment: { id: p.id, method: p.method, methodLabel: methodLabel(p.method), amount: p.amount, state: p.state, expiresAt: p.expiresAt ? new Date(p.expiresAt).toISOString() : null },
    redirectUrl: p.redirectUrl ?? '',
    instructions,
  };
}

/** Whole days (JST calendar) a konbini slip may stay valid and still expire (23:59:59 of its last day) before `deadline`. */
export function konbiniDaysUntil(now: number, deadline: number, tz: string): number {
  const a = epochToLocal(now, tz);
  const b = epochToLocal(deadline - 1000, tz);
  const days = Math.round((Date.parse(`${b.date}T00:00:00Z`) - Date.parse(`${a.date}T00:00:00Z`)) / 86_400_000);
  // The slip expires at the end of its last day: that day must end before the deadline.
  const endsBefore = b.time === '23:59' ? days : days - 1;
  return Math.min(60, endsBefore);
}

// ── webhooks ──

/** The provider accounts a tenant's fee blocks name (a webhook is verified against each). */
function accountsOf(published: PublishedTenant): { fee: CompiledFee; online: NonNullable<CompiledFee['online']> }[] {
  const seen = new Set<string>();
  return published.tenant
    .list('fee')
    .filter((f) => f.online)
    .map((fee) => ({ fee, online: fee.online! }))
    .filter(({ online }) => !seen.has(`${online.provider}/${online.account}`) && !!seen.add(`${online.provider}/${online.account}`));
}

export type WebhookOutcome = 'applied' | 'no-op' | 'ignored' | 'duplicate';

/** Verifies a provider webhook against the tenant's accounts and applies it exactly once. */
export async function receiveWebhook(deps: OnlineDeps, input: { published: PublishedTenant; provider: string; rawBody: string; signature: string | undefined }): Promise<{ event: string; outcome: WebhookOutcome }> {
  const tenant = input.published.tenant.slug;
  const candidates: PaymentProvider[] = [];
  for (const { online } of accountsOf(input.published)) {
    if (online.provider !== input.provider) continue;
    const got = providerFor(deps.env, online.provider, tenant, online.account);
    if ('provider' in got) candidates.push(got.provider);
  }
  if (candidates.length === 0) throw new EngineError('payment.webhook_unconfigured');
  const receivedAt = deps.clock.now().getTime();
  let event: ProviderEvent | undefined;
  for (const p of candidates) {
    try {
      event = p.parseWebhook(input.rawBody, input.signature, receivedAt);
      break;
    } catch (e) {
      if (!(e instanceof WebhookRejected)) throw e;
    }
  }
  if (!event) throw new EngineError('payment.webhook_rejected');
  const ev = event;
  const outcome = await transaction(deps.db, async (tx): Promise<WebhookOutcome> => {
    const first = await sqlRun(tx, `INSERT INTO payment_events (provider, event_id, tenant_slug, type, outcome, received_at) VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING`, [input.provider, ev.id, tenant, ev.type, receivedAt]);
    if (first.changes === 0) return 'duplicate';
    const result = await applyEvent(tx, deps, input.published, input.provider, ev, receivedAt);
    await sqlRun(tx, 'UPDATE payment_events SET outcome = ? WHERE provider = ? AND event_id = ?', [result, input.provider, ev.id]);
    return result;
  });
  return { event: ev.type, outcome };
}

const PROVIDER_ACTOR: Actor = { type: 'system', id: 'payment-provider' };

async function applyEvent(tx: Tx, deps: OnlineDeps, published: PublishedTenant, provider: string, ev: ProviderEvent, now: number): Promise<WebhookOutcome> {
  const tenant = published.tenant.slug;
  if (ev.kind === 'other') return 'ignored';
  if (ev.meta.tenant !== undefined && ev.meta.tenant !== tenant) return 'ignored';
  if (ev.kind === 'refund') return applyRefundEvent(tx, deps, published, ev, now);
  const p = await findOnlinePayment(tx, tenant, provider, ev.ref, ev.meta.onlinePaymentId);
  if (!p) return 'ignored';
  const booking = (await bookingById(tx, p.bookingId))!;
  const audit = (action: string, details: Record<string, unknown>) =>
    writeAudit(tx, { tenant, at: now, actor: PROVIDER_ACTOR, action, target: { type: 'booking', id: booking.receiptNo }, details: { onlinePayment: p.id, event: ev.id, ...details } });
  if (ev.kind === 'payment.pending') {
    if (p.state !== 'creating' && p.state !== 'open') return 'no-op';
    await sqlRun(tx, `UPDATE online_payments SET state = 'open', provider_ref = COALESCE(provider_ref, ?), updated_at = ? WHERE id = ?`, [ev.ref, now, p.id]);
    await audit('payment.pending', { method: p.method });
    return 'applied';
  }
  if (ev.kind === 'payment.failed' || ev.kind === 'payment.expired') {
    // Paid is final: a failure reported after (or delivered after) the success changes nothing.
    if (p.state !== 'creating' && p.state !== 'open') return 'no-op';
    const state = ev.kind === 'payment.failed' ? 'failed' : 'expired';
    await sqlRun(tx, `UPDATE online_payments SET state = ?, provider_ref = COALESCE(provider_ref, ?), updated_at = ? WHERE id = ?`, [state, ev.ref, now, p.id]);
    await audit(`payment.${state}`, { method: p.method });
    return 'applied';
  }
  if (ev.kind !== 'payment.paid') return 'ignored';
  if (p.state === 'paid') return 'no-op';
  const amount = ev.amount;
  const paymentId = Number(
    (await sqlGet<{ id: number }>(tx, 'INSERT INTO booking_payments (booking_id, tenant_slug, method, amount, at, staff_id) VALUES (?, ?, ?, ?, ?, NULL) RETURNING id', [booking.id, tenant, p.method, amount, now]))!.id,
  );
  await sqlRun(tx, `UPDATE online_payments SET state = 'paid', provider_ref = COALESCE(provider_ref, ?), payment_ref = ?, payment_id = ?, updated_at = ? WHERE id = ?`, [ev.ref, ev.paymentRef, paymentId, now, p.id]);
  const owed = (await outstanding(tx, booking.id))!;
  const vars = { payment: { amount: yen(amount), method: methodLabel(p.method) } };
  if (booking.status === AWAITING_PAYMENT && owed.paid >= owed.total) {
    await transition(tx, { booking, to: ADMITTED, actor: PROVIDER_ACTOR, at: now, deadlineAt: null, action: 'payment.received', details: { method: p.method, amount, provider, onlinePayment: p.id, event: ev.id } });
    await emitBookingEvent(tx, deps, published, 'payment.received', booking.id, { admitted: true, vars });
    return 'applied';
  }
  await audit('payment.received', { method: p.method, amount, provider, bookingStatus: booking.status });
  if (booking.status === AWAITING_PAYMENT) {
    await emitBookingEvent(tx, deps, published, 'payment.received', booking.id, { vars });
    return 'applied';
  }
  // Money for a booking that is no longer waiting for it (expired, cancelled, or paid another way meanwhile): give it back, after review like any refund.
  const left = await refundablePaid(tx, booking.id);
  if (left.refundable > 0) {
    await createRefund(tx, deps, published, {
      booking,
      paymentId,
      amount: Math.min(amount, left.refundable),
      basis: `予約が「${statusLabel(booking.status, 'ja')}」になった後の入金（全額還付）`,
      actor: PROVIDER_ACTOR,
      at: now,
    });
  }
  return 'applied';
}

async function findOnlinePayment(tx: Tx, tenant: string, provider: string, ref: string, idFromMeta: string | undefined): Promise<OnlinePaymentRow | undefined> {
  const byRef = await sqlGet<OnlinePaymentRow>(tx, `SELECT ${COLS} FROM online_payments WHERE provider = ? AND provider_ref = ?`, [provider, ref]);
  if (byRef) return byRef.tenantSlug === tenant ? byRef : undefined;
  // The webhook can overtake the answer to our create call: the metadata names our row.
  if (!idFromMeta || !/^\d{1,15}$/.test(idFromMeta)) return undefined;
  const byId = await sqlGet<OnlinePaymentRow>(tx, `SELECT ${COLS} FROM online_payments WHERE id = ? AND provider = ?`, [Number(idFromMeta), provider]);
  return byId && byId.tenantSlug === tenant && (byId.providerRef === null || byId.providerRef === ref) ? byId : undefined;
}

export { ONLINE_METHODS };
