// Online payment and 還付 through the Stripe adapter, against a local server that speaks
// Stripe's API (test/helpers/stripe-server.ts) and signs webhooks as Stripe does: starting a
// payment, a webhook delivered twice and out of order, a forged webhook refused, succeeded →
// confirmed, refunds reviewed by another member of staff (self-approval refused), the
// cancellation-fee amounts, and the 財務会計 CSV for money taken at the counter.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { sqlAll, sqlGet, sqlRun } from '../../engine/db';
import { runDueJobs } from '../../engine/jobs/scheduler';
import { ensureAdminAccounts } from '../../engine/staff/bootstrap';
import { createStaff } from '../../engine/staff/accounts';
import { createTestApp, silentLogger } from '../helpers/test-app';
import { startFakeStripe, type FakeStripe } from '../helpers/stripe-server';

const NOW = '2026-12-01T00:00:00Z'; // Tue 09:00 JST
const T = '/api/t/test-town';
const A = '/api/admin/t/test-town';
const DAY = '2026-12-10'; // 9 days ahead

const form = {
  kind: 'form', id: 'f', title: '申込',
  fields: [
    { id: 'name', type: 'text', label: '氏名', required: true },
    { id: 'email', type: 'email', label: 'メール', required: true },
    { id: 'phone', type: 'phone', label: '電話番号' },
  ],
};
const calendar = {
  kind: 'calendar', id: 'rooms', title: '会議室', resources: [{ id: 'room', title: '第1会議室' }, { id: 'hall', title: 'ホール' }],
  slotMinutes: 180, capacity: 1, weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '09:00', close: '21:00' }],
};
const rates = [{ label: '午前', from: '09:00', to: '12:00', amount: 2300 }, { label: '午後', from: '12:00', to: '21:00', amount: 3001 }];
const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  form,
  calendar,
  { kind: 'service', id: 'meeting', version: 2, title: '会議室', form: 'f', calendar: 'rooms', admission: ['payment'] },
  {
    kind: 'fee', id: 'meeting-fee', service: 'meeting', rates, payment: { withinDays: 7, closesDaysBefore: 1 },
    online: { provider: 'stripe', methods: ['card', 'konbini'] },
    cancellation: { refunds: [{ untilDaysBefore: 0, percent: 50 }, { untilDaysBefore: 7, percent: 100 }] },
  },
  // The same rooms as a service whose paid bookings are cancelled at the counter only.
  { kind: 'service', id: 'hall', version: 2, title: 'ホール', form: 'f', calendar: 'rooms', admission: ['payment'] },
  { kind: 'fee', id: 'hall-fee', service: 'hall', rates, online: { provider: 'stripe', methods: ['card'] }, cancellation: { onlineAfterPayment: false, refunds: [{ untilDaysBefore: 0, percent: 100 }] } },
  {
    kind: 'notification', id: 'notices', title: '通知',
    messages: [
      { id: 'paid', event: 'payment.received', channels: ['email'], subject: '支払済み', body: '{{payment.amount}}（{{payment.method}}）を受け取りました。' },
      { id: 'refund-ok', event: 'refund.approved', channels: ['email'], subject: '還付の決定', body: '{{refund.amount}} を還付します。' },
      { id: 'refund-done', event: 'refund.refunded', channels: ['email'], subject: '返金完了', body: '{{refund.amount}} を返金しました。' },
    ],
  },
];

let stripe: FakeStripe;
let t: Awaited<ReturnType<typeof createTestApp>>;
let clockNow = () => Date.parse(NOW);
const env: Record<string, string> = {};
beforeAll(async () => {
  stripe = await startFakeStripe({ now: () => clockNow() });
  Object.assign(env, { STRIPE_SECRET_KEY_TEST_TOWN: stripe.secretKey, STRIPE_WEBHOOK_SECRET_TEST_TOWN: stripe.webhookSecret, STRIPE_API_BASE: stripe.base, PUBLIC_BASE_URL: 'https://yoyaku.example.jp' });
});
afterAll(() => stripe.close());
beforeEach(async () => {
  t = await createTestApp(blocks, { now: NOW, env });
  clockNow = () => t.clock.now().getTime();
  stripe.reset();
});

let n = 0;
async function book(o: { service?: string; resource?: string; time?: string; date?: string } = {}) {
  n++;
  const r = await t.json('POST', `${T}/services/${o.service ?? 'meeting'}/reservations`, {
    resource: o.resource ?? 'room',
    start: `${o.date ?? DAY}T${o.time ?? '09:00'}:00+09:00`,
    answers: { name: `山田 花子${n}`, email: `hanako${n}@example.jp`, phone: '090-1234-5678' },
  });
  expect(r.status).toBe(201);
  return r.body as { receiptNo: string; accessKey: string; status: string; fee: { total: number } };
}
const startPay = (b: { receiptNo: string; accessKey: string }, method: string) => t.json('POST', `${T}/reservations/${b.receiptNo}/payments`, { method }, { 'x-access-key': b.accessKey });
const webhook = async (payload: string, signature?: string) => {
  const r = await t.app.request(`${T}/payments/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...(signature !== undefined ? { 'stripe-signature': signature } : {}) }, body: payload });
  return { status: r.status, body: (await r.json()) as any };
};
const send = (e: { payload: string }) => webhook(e.payload, stripe.sign(e.payload));
const status = async (receiptNo: string) => (await sqlGet<{ s: string }>(t.db, 'SELECT status AS s FROM bookings WHERE receipt_no = ?', [receiptNo]))!.s;
const count = async (q: string) => (await sqlGet<{ n: number }>(t.db, q))!.n;
const sessionOf = (url: string) => url.split('/').pop()!;

async function staffCookies() {
  await ensureAdminAccounts({ db: t.db, clock: t.clock }, ['test-town'], 'admin-pass-2026');
  await sqlRun(t.db, "UPDATE staff_accounts SET must_change_password = false WHERE tenant_slug = 'test-town'");
  const mk = (loginId: string, role: string) => createStaff({ db: t.db, clock: t.clock }, { published: t.published, actor: { type: 'system' }, body: { loginId, name: `職員 ${loginId}`, role, scope: ['*'], password: 'staff-pass-2026', temporary: false } });
  await mk('manager', 'facility-manager');
  await mk('clerk', 'facility-staff');
  const login = async (loginId: string, password: string) => {
    const r = await t.app.request(`${A}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId, password }) });
    return /muni_staff=[^;]+/.exec(r.headers.get('set-cookie') ?? '')![0];
  };
  return { admin: await login('admin', 'admin-pass-2026'), manager: await login('manager', 'staff-pass-2026'), clerk: await login('clerk', 'staff-pass-2026') };
}
const asStaff = (cookie: string) => (method: string, path: string, body?: unknown) => t.json(method, `${A}${path}`, body, { cookie, origin: 'http://localhost' });

/** A booking paid by card through the provider (the webhook delivered). */
async function paidByCard(o: Parameters<typeof book>[0] = {}) {
  const b = await book(o);
  const started = await startPay(b, 'card');
  expect(started.status).toBe(201);
  const e = stripe.pay(sessionOf(started.body.redirectUrl));
  expect((await send(e)).status).toBe(200);
  expect(await status(b.receiptNo)).toBe('confirmed');
  return { ...b, session: sessionOf(started.body.redirectUrl) };
}

describe('starting an online payment', () => {
  it('creates a Checkout Session for what is owed, in integer yen, with an idempotency key; a second click returns the same page', async () => {
    const b = await book();
    expect(b).toMatchObject({ status: 'awaiting_payment', fee: { total: 2300 } });
    const before = stripe.requests.length;
    const r = await startPay(b, 'card');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ payment: { method: 'card', amount: 2300, state: 'open' } });
    expect(r.body.redirectUrl).toMatch(new RegExp(`^${stripe.base}/c/pay/cs_test_`));
    const req = stripe.requests.at(-1)!;
    expect(req.path).toBe('/v1/checkout/sessions');
    expect(req.idempotencyKey).toBe(`muni-pay-test-town-${r.body.payment.id}`);
    expect(req.params).toMatchObject({
      mode: 'payment',
      allowed_payment_method_types: { 0: 'card' },
      line_items: { 0: { quantity: '1', price_data: { currency: 'jpy', unit_amount: '2300' } } },
      metadata: { tenant: 'test-town', receiptNo: b.receiptNo },
      customer_email: expect.stringMatching(/@example\.jp$/),
      success_url: `https://yoyaku.example.jp/t/test-town/pay/return?r=${b.receiptNo}&ref={CHECKOUT_SESSION_ID}`,
    });
    const again = await startPay(b, 'card');
    expect(again.body.redirectUrl).toBe(r.body.redirectUrl);
    expect(stripe.requests.length).toBe(before + 1);
    // コンビニ: the slip lasts whole JST days that end before the payment deadline (12-08 09:00 → 6 days).
    const k = await startPay(b, 'konbini');
    expect(k.status).toBe(201);
    expect(stripe.requests.at(-1)!.params).toMatchObject({ allowed_payment_method_types: { 0: 'konbini' }, payment_method_options: { konbini: { expires_after_days: '6' } } });
    expect(k.body.instructions.ja).toContain('コンビニ');
  });

  it('refuses a method the service does not take, a wrong access key, and reports a missing configuration without calling anyone', async () => {
    const b = await book({ service: 'hall' });
    const bad = await startPay(b, 'konbini');
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0]).toMatchObject({ path: '/method', code: 'payment.bad_method' });
    const wrong = await t.json('POST', `${T}/reservations/${b.receiptNo}/payments`, { method: 'card' }, { 'x-access-key': 'WRONG-KEY' });
    expect(wrong.status).toBe(404);
    const unconfigured = await createTestApp(blocks, { now: NOW, env: { STRIPE_API_BASE: stripe.base } });
    const b2 = (await unconfigured.json('POST', `${T}/services/meeting/reservations`, { resource: 'room', start: `${DAY}T09:00:00+09:00`, answers: { name: '山田', email: 'y@example.jp' } })).body;
    const before = stripe.requests.length;
    const r = await unconfigured.json('POST', `${T}/reservations/${b2.receiptNo}/payments`, { method: 'card' }, { 'x-access-key': b2.accessKey });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('payment.not_configured');
    expect(JSON.stringify(r.body)).not.toContain('STRIPE');
    expect(stripe.requests.length).toBe(before);
  });

  it('says the provider failed when it cannot be reached, and a later click starts afresh', async () => {
    const b = await book();
    stripe.failNext = 2; // the client retries once
    const r = await startPay(b, 'card');
    expect(r.status).toBe(502);
    expect(r.body.error.code).toBe('payment.provider_failed');
    expect(await count(`SELECT COUNT(*) AS n FROM online_payments WHERE state = 'failed'`)).toBe(1);
    expect((await startPay(b, 'card')).status).toBe(201);
  });
});

describe('webhooks', () => {
  it('succeeded → confirmed through the lifecycle, the payment recorded and the resident told (支払済み通知)', async () => {
    const b = await book();
    const started = await startPay(b, 'card');
    const e = stripe.pay(sessionOf(started.body.redirectUrl));
    const r = await send(e);
    expect(r).toMatchObject({ status: 200, body: { received: true, outcome: 'applied' } });
    expect(await status(b.receiptNo)).toBe('confirmed');
    expect((await sqlAll<{ method: string; amount: number }>(t.db, 'SELECT method, amount FROM booking_payments'))).toEqual([{ method: 'card', amount: 2300 }]);
    expect((await sqlAll<{ t: string }>(t.db, 'SELECT to_status AS t FROM booking_history ORDER BY id')).map((x) => x.t)).toEqual(['awaiting_payment', 'confirmed']);
    expect((await sqlGet<{ body: string }>(t.db, `SELECT body_text AS body FROM notification_outbox WHERE event = 'payment.received'`))!.body).toContain('2,300円（クレジットカード）を受け取りました。');
    const fee = await t.json('GET', `${T}/reservations/${b.receiptNo}/fee`, undefined, { 'x-access-key': b.accessKey });
    expect(fee.body).toMatchObject({ status: 'confirmed', paid: 2300, outstanding: 0 });
  });

  it('handles an event delivered twice exactly once, and a second succeeded event is a no-op', async () => {
    const b = await book();
    const started = await startPay(b, 'card');
    const session = sessionOf(started.body.redirectUrl);
    const e = stripe.pay(session);
    expect((await send(e)).body.outcome).toBe('applied');
    const again = await send(e);
    expect(again).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    // Stripe also sends async_payment_succeeded for some methods: the same payment, not a second one.
    expect((await send(stripe.pay(session, 'checkout.session.async_payment_succeeded'))).body.outcome).toBe('no-op');
    expect(await count(`SELECT COUNT(*) AS n FROM booking_payments`)).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM notification_outbox WHERE event = 'payment.received'`)).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM booking_history`)).toBe(2);
    expect(await count(`SELECT COUNT(*) AS n FROM payment_events`)).toBe(2);
  });

  it('handles events out of order: コンビニ paid before the slip-issued event, failures and expiry after the payment change nothing', async () => {
    const b = await book();
    const started = await startPay(b, 'konbini');
    const session = sessionOf(started.body.redirectUrl);
    const issued = stripe.event('checkout.session.completed', { ...stripe.sessions.get(session)! }); // payment_status unpaid
    const paid = stripe.pay(session, 'checkout.session.async_payment_succeeded');
    const failed = stripe.event('checkout.session.async_payment_failed', { ...stripe.sessions.get(session)!, payment_status: 'unpaid' });
    const expired = stripe.event('checkout.session.expired', { ...stripe.sessions.get(session)!, status: 'expired', payment_status: 'unpaid' });
    expect((await send(paid)).body.outcome).toBe('applied');
    expect((await send(issued)).body.outcome).toBe('no-op');
    expect((await send(failed)).body.outcome).toBe('no-op');
    expect((await send(expired)).body.outcome).toBe('no-op');
    expect(await status(b.receiptNo)).toBe('confirmed');
    expect((await sqlGet<{ s: string }>(t.db, 'SELECT state AS s FROM online_payments'))!.s).toBe('paid');
    expect((await sqlAll<{ method: string; amount: number }>(t.db, 'SELECT method, amount FROM booking_payments'))).toEqual([{ method: 'konbini', amount: 2300 }]);
  });

  it('matches an event that overtakes the answer to the create call by its metadata', async () => {
    const b = await book();
    const started = await startPay(b, 'card');
    // As if the webhook came before we stored the session id.
    await sqlRun(t.db, `UPDATE online_payments SET provider_ref = NULL, state = 'creating'`);
    expect((await send(stripe.pay(sessionOf(started.body.redirectUrl)))).body.outcome).toBe('applied');
    expect(await status(b.receiptNo)).toBe('confirmed');
    expect((await sqlGet<{ r: string }>(t.db, 'SELECT provider_ref AS r FROM online_payments'))!.r).toBe(sessionOf(started.body.redirectUrl));
  });

  it('refuses a forged webhook with 400 and changes nothing', async () => {
    const b = await book();
    const started = await startPay(b, 'card');
    const e = stripe.pay(sessionOf(started.body.redirectUrl));
    const tampered = e.payload.replace('"amount_total": 2300', '"amount_total": 1');
    const forged = [
      await webhook(e.payload, stripe.sign(e.payload, { secret: 'whsec_someone_else' })),
      await webhook(tampered, stripe.sign(e.payload)),
      await webhook(e.payload),
      await webhook(e.payload, 't=1,v1=00'),
      // A genuine signature replayed long after (Stripe's tolerance is 5 minutes).
      await webhook(e.payload, stripe.sign(e.payload, { t: Math.floor(t.clock.now().getTime() / 1000) - 3600 })),
    ];
    for (const r of forged) {
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('payment.webhook_rejected');
    }
    expect(await status(b.receiptNo)).toBe('awaiting_payment');
    expect(await count(`SELECT COUNT(*) AS n FROM payment_events`)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM booking_payments`)).toBe(0);
    expect((await send(e)).status).toBe(200);
  });

  it('records events of other kinds and of payments not ours, and acts on none', async () => {
    expect((await send(stripe.event('customer.created', { id: 'cus_1', object: 'customer' }))).body.outcome).toBe('ignored');
    const foreign = stripe.event('checkout.session.completed', { id: 'cs_test_elsewhere', object: 'checkout.session', payment_status: 'paid', payment_intent: 'pi_x', amount_total: 100, metadata: { tenant: 'other-town', onlinePaymentId: '1' } });
    expect((await send(foreign)).body.outcome).toBe('ignored');
    expect(await count(`SELECT COUNT(*) AS n FROM booking_payments`)).toBe(0);
  });

  it('money for a booking that expired meanwhile is recorded and a full refund requested', async () => {
    const b = await book();
    const started = await startPay(b, 'card');
    t.clock.advance(7 * 86_400_000 + 60_000);
    await runDueJobs({ db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger, env }, registry);
    expect(await status(b.receiptNo)).toBe('expired');
    expect((await send(stripe.pay(sessionOf(started.body.redirectUrl)))).body.outcome).toBe('applied');
    expect(await status(b.receiptNo)).toBe('expired');
    expect((await sqlGet<{ amount: number; state: string; route: string; basis: string }>(t.db, 'SELECT amount, state, route, basis FROM refunds'))!).toMatchObject({ amount: 2300, state: 'requested', route: 'provider', basis: expect.stringContaining('期限切れ') });
  });
});

describe('cancellation after payment and refunds', () => {
  it('cancellation-fee amounts: 7日前まで全額, then 50% (1円未満切捨て), and the resident is told the amount before confirming', async () => {
    const early = await paidByCard(); // 9 days ahead
    const r1 = await t.json('DELETE', `${T}/reservations/${early.receiptNo}`, undefined, { 'x-access-key': early.accessKey });
    expect(r1.body.status).toBe('cancelled');
    const late = await paidByCard({ time: '12:00', date: '2026-12-04' }); // 3,001 yen, 3 days ahead
    const r2 = await t.json('DELETE', `${T}/reservations/${late.receiptNo}`, undefined, { 'x-access-key': late.accessKey });
    expect(r2.status).toBe(200);
    const rows = (await sqlAll<{ amount: number; basis: string; by: string }>(t.db, 'SELECT amount, basis, requested_by_type AS by FROM refunds ORDER BY id'));
    expect(rows).toEqual([
      { amount: 2300, basis: '利用日の7日前までの取消（還付100%）', by: 'resident' },
      { amount: 1500, basis: '利用日当日までの取消（還付50%）', by: 'resident' },
    ]);
    const mine = await t.json('GET', `${T}/reservations/${late.receiptNo}/refunds`, undefined, { 'x-access-key': late.accessKey });
    expect(mine.body.refunds).toMatchObject([{ amount: 1500, state: 'requested', stateLabel: '審査待ち' }]);
  });

  it('a service may refuse online cancellation after payment: staff only, and the refund is requested by staff', async () => {
    const unpaid = await book({ service: 'hall', resource: 'hall' });
    expect((await t.json('DELETE', `${T}/reservations/${unpaid.receiptNo}`, undefined, { 'x-access-key': unpaid.accessKey })).body.status).toBe('cancelled');
    const paid = await paidByCard({ service: 'hall', resource: 'hall' });
    const refused = await t.json('DELETE', `${T}/reservations/${paid.receiptNo}`, undefined, { 'x-access-key': paid.accessKey });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('booking.cancel_refused');
    expect(await status(paid.receiptNo)).toBe('confirmed');
    const staff = await staffCookies();
    const c = await asStaff(staff.clerk)('POST', `/bookings/${paid.receiptNo}/cancel`, { reason: '窓口で取消' });
    expect(c.status).toBe(200);
    expect((await sqlGet<{ amount: number; by: string; id: string }>(t.db, 'SELECT amount, requested_by_type AS by, requested_by_id AS id FROM refunds'))!).toEqual({ amount: 2300, by: 'staff', id: 'clerk' });
  });

  it('is reviewed by another member of staff with an approving role; the requester cannot approve it; then refunded through the provider', async () => {
    const b = await paidByCard();
    const staff = await staffCookies();
    const entered = await asStaff(staff.admin)('POST', `/bookings/${b.receiptNo}/refunds`, { amount: 1000, reason: '設備の故障のため' });
    expect(entered.status).toBe(201);
    expect(entered.body.refund).toMatchObject({ amount: 1000, state: 'requested', route: 'provider' });
    const id = entered.body.refund.id;
    const self = await asStaff(staff.admin)('POST', `/refunds/${id}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('refund.self_approval');
    const clerk = await asStaff(staff.clerk)('POST', `/refunds/${id}/approve`, {});
    expect(clerk.status).toBe(403);
    expect(clerk.body.error.code).toBe('refund.forbidden');
    const list = await asStaff(staff.manager)('GET', '/refunds?state=open');
    expect(list.body.rows).toMatchObject([{ id, receiptNo: b.receiptNo, amount: 1000, paid: 2300, state: 'requested', requestedBy: 'admin', canDecide: true }]);
    expect((await asStaff(staff.admin)('GET', '/refunds')).body.rows[0].canDecide).toBe(false);
    const ok = await asStaff(staff.manager)('POST', `/refunds/${id}/approve`, { note: '確認済み' });
    expect(ok.status).toBe(200);
    expect(ok.body.refund).toMatchObject({ state: 'refunded', decidedBy: 'manager' });
    const req = stripe.requests.at(-1)!;
    expect(req).toMatchObject({ path: '/v1/refunds', idempotencyKey: `muni-refund-test-town-${id}`, params: { amount: '1000', metadata: { refundId: String(id) } } });
    expect(req.params.payment_intent).toBe(stripe.sessions.get(b.session)!.payment_intent);
    // The provider's confirmation comes afterwards: nothing more to do.
    const refund = [...stripe.refunds.values()].at(-1)!;
    expect((await send(stripe.event('refund.updated', refund))).body.outcome).toBe('no-op');
    expect((await asStaff(staff.manager)('POST', `/refunds/${id}/approve`, {})).body.error.code).toBe('refund.not_requested');
    // Only what is left can be refunded; every step is in the audit log.
    const more = await asStaff(staff.manager)('POST', `/bookings/${b.receiptNo}/refunds`, { amount: 1301, reason: '追加' });
    expect(more.body.error.issues[0]).toMatchObject({ path: '/amount', code: 'refund.bad_amount' });
    expect((await asStaff(staff.manager)('POST', `/bookings/${b.receiptNo}/refunds`, { amount: 100.5, reason: '追加' })).status).toBe(422);
    expect((await sqlAll<{ a: string }>(t.db, `SELECT action AS a FROM audit_log WHERE action LIKE 'refund.%' ORDER BY id`)).map((x) => x.a)).toEqual(['refund.requested', 'refund.approved', 'refund.sent', 'refund.refunded']);
    expect(await count(`SELECT COUNT(*) AS n FROM notification_outbox WHERE event IN ('refund.approved', 'refund.refunded')`)).toBe(2);
  });

  it('a rejected refund needs a reason; a pending provider refund is confirmed by the webhook, in either order', async () => {
    const staff = await staffCookies();
    const a = await paidByCard();
    await t.json('DELETE', `${T}/reservations/${a.receiptNo}`, undefined, { 'x-access-key': a.accessKey });
    const id = (await sqlGet<{ id: number }>(t.db, 'SELECT id FROM refunds'))!.id;
    expect((await asStaff(staff.manager)('POST', `/refunds/${id}/reject`, { note: '' })).body.error.issues[0].path).toBe('/note');
    stripe.refundStatus = 'pending';
    expect((await asStaff(staff.admin)('POST', `/refunds/${id}/approve`, {})).body.refund.state).toBe('processing');
    const r = [...stripe.refunds.values()].at(-1)!;
    expect((await send(stripe.event('refund.updated', { ...r, status: 'succeeded' }))).body.outcome).toBe('applied');
    expect((await sqlGet<{ s: string }>(t.db, 'SELECT state AS s FROM refunds WHERE id = ?', [id]))!.s).toBe('refunded');

    // Out of order: succeeded arrives before created (pending); refunded stays refunded.
    const b = await paidByCard({ time: '15:00' });
    await t.json('DELETE', `${T}/reservations/${b.receiptNo}`, undefined, { 'x-access-key': b.accessKey });
    const id2 = (await sqlGet<{ id: number }>(t.db, 'SELECT MAX(id) AS id FROM refunds'))!.id;
    stripe.failNext = 2; // the provider cannot be reached: it stays "sending" for the job
    expect((await asStaff(staff.manager)('POST', `/refunds/${id2}/approve`, {})).body.refund).toMatchObject({ state: 'sending', lastError: expect.stringContaining('500') });
    // Meanwhile Stripe had made it after all: its events overtake our retry, newest first.
    const made = { id: 're_test_overtaken', object: 'refund', amount: 3001, status: 'succeeded', payment_intent: stripe.sessions.get(b.session)!.payment_intent, metadata: { tenant: 'test-town', refundId: String(id2) } };
    expect((await send(stripe.event('refund.updated', made))).body.outcome).toBe('applied');
    expect((await send(stripe.event('refund.created', { ...made, status: 'pending' }))).body.outcome).toBe('no-op');
    expect((await sqlGet<{ s: string; ref: string }>(t.db, 'SELECT state AS s, provider_ref AS ref FROM refunds WHERE id = ?', [id2]))!).toEqual({ s: 'refunded', ref: 're_test_overtaken' });
  });

  it('a provider refund left half-way is sent again by the job with the same idempotency key', async () => {
    const staff = await staffCookies();
    const b = await paidByCard();
    await t.json('DELETE', `${T}/reservations/${b.receiptNo}`, undefined, { 'x-access-key': b.accessKey });
    const id = (await sqlGet<{ id: number }>(t.db, 'SELECT id FROM refunds'))!.id;
    stripe.failNext = 2;
    expect((await asStaff(staff.manager)('POST', `/refunds/${id}/approve`, {})).body.refund.state).toBe('sending');
    t.clock.advance(10 * 60_000);
    await runDueJobs({ db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger, env }, registry);
    expect((await sqlGet<{ s: string }>(t.db, 'SELECT state AS s FROM refunds'))!.s).toBe('refunded');
    const keys = stripe.requests.filter((r) => r.path === '/v1/refunds').map((r) => r.idempotencyKey);
    expect(new Set(keys)).toEqual(new Set([`muni-refund-test-town-${id}`]));
    expect(stripe.refunds.size).toBe(1);
  });
});

describe('refunds of money taken at the counter (財務会計)', () => {
  it('are approved, handed over in a numbered batch and listed in a CSV for the finance system (BOM, formula-safe, phones as text)', async () => {
    const staff = await staffCookies();
    const r = await t.json('POST', `${T}/services/meeting/reservations`, { resource: 'room', start: `${DAY}T18:00:00+09:00`, answers: { name: '=HYPERLINK("x")', email: 'x@example.jp', phone: '03-1234-5678' } });
    expect((await asStaff(staff.clerk)('POST', `/bookings/${r.body.receiptNo}/payments`, { method: 'cash', amount: 3001 })).status).toBe(201);
    expect((await t.json('DELETE', `${T}/reservations/${r.body.receiptNo}`, undefined, { 'x-access-key': r.body.accessKey })).status).toBe(200);
    const id = (await sqlGet<{ id: number }>(t.db, 'SELECT id FROM refunds'))!.id;
    expect((await sqlGet<{ route: string; amount: number }>(t.db, 'SELECT route, amount FROM refunds'))!).toEqual({ route: 'finance', amount: 3001 });
    expect((await asStaff(staff.manager)('POST', '/refunds/export')).body.error.code).toBe('refund.nothing_to_export');
    expect((await asStaff(staff.manager)('POST', `/refunds/${id}/approve`, {})).body.refund.state).toBe('approved');
    expect((await asStaff(staff.clerk)('POST', '/refunds/export')).status).toBe(403);
    const out = await asStaff(staff.manager)('POST', '/refunds/export');
    expect(out).toMatchObject({ status: 201, body: { batch: 1, count: 1, total: 3001 } });
    expect((await sqlGet<{ s: string }>(t.db, 'SELECT state AS s FROM refunds'))!.s).toBe('exported');
    const res = await t.app.request(`${A}/refunds.csv?batch=1`, { headers: { cookie: staff.manager } });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('引渡番号,還付番号,受付番号,施設,場所,利用日時,氏名,電話番号,支払方法,入金日,入金額,還付額,還付の根拠,理由,申請日,承認者,承認日');
    expect(lines[1]).toBe(`1,${id},${r.body.receiptNo},会議室,第1会議室,2026-12-10 18:00,"'=HYPERLINK(""x"")","=""0312345678""",窓口現金,2026-12-01,3001,3001,利用日の7日前までの取消（還付100%）,,2026-12-01,manager,2026-12-01`);
    const sjis = await t.app.request(`${A}/refunds.csv?batch=1&encoding=cp932`, { headers: { cookie: staff.manager } });
    expect(sjis.headers.get('content-type')).toContain('Shift_JIS');
    expect((await t.app.request(`${A}/refunds.csv?batch=9`, { headers: { cookie: staff.manager } })).status).toBe(404);
    expect((await sqlAll<{ a: string }>(t.db, `SELECT action AS a FROM audit_log WHERE action LIKE 'refund.%' ORDER BY id`)).map((x) => x.a)).toEqual(['refund.requested', 'refund.approved', 'refund.exported', 'refund.batch_exported', 'refund.csv_downloaded', 'refund.csv_downloaded']);
  });
});
