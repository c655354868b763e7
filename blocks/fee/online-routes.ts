// HTTP routes of online payment and 還付:
//   resident  POST /api/t/:tenant/reservations/:receiptNo/payments   { method: "card" | "konbini" }
//             GET  /api/t/:tenant/reservations/:receiptNo/refunds
//   provider  POST /api/t/:tenant/payments/webhooks/stripe           (Stripe-Signature verified)
//   staff     GET  /api/admin/t/:tenant/refunds, POST …/bookings/:receiptNo/refunds,
//             POST …/refunds/:id/approve | reject | resend, POST …/refunds/export, GET …/refunds.csv
import { Hono, type Context } from 'hono';
import { memberOfSession, sessionCookie } from '../../engine/auth/member-session';
import { findBookingFor, type BookingAuth } from '../../engine/booking/find';
import { committed } from '../../engine/db';
import { readJsonObject } from '../../engine/http/body';
import type { AppEnv } from '../../engine/http/context';
import { clientAddress } from '../../engine/http/middleware/rate-limit';
import { guard, queryRecord, staffActor, type AdminEnv } from '../../engine/http/routes/admin/guard';
import { guarded } from '../../engine/http/routes/reservations';
import { scopedBooking } from '../../engine/staff/booking-detail';
import { financeCsv, exportFinanceBatch } from './finance-csv';
import { startOnlinePayment, receiveWebhook } from './online';
import { onlineDeps, returnBase } from './pay-pages';
import { decideRefund, enterRefund, listRefunds, resendRefund, residentRefunds, sendRefund } from './refunds';

/** A member session opens the member's own bookings; otherwise X-Access-Key under the failure limiter. */
async function withBooking<T>(c: Context<AppEnv>, run: (auth: BookingAuth) => T | Promise<T>): Promise<T> {
  const { db, clock } = c.get('deps');
  const member = await memberOfSession(db, c.get('published').tenant.slug, sessionCookie.read(c), clock.now().getTime());
  if (member && !c.req.header('x-access-key')) return run({ kind: 'member', memberId: member.id });
  return guarded(c, run);
}

const resident = new Hono<AppEnv>()
  .post('/api/t/:tenant/reservations/:receiptNo/payments', async (c) => {
    const body = await readJsonObject(c, ['method']);
    const published = c.get('published');
    const deps = onlineDeps(c.get('deps'));
    const { db, clock } = c.get('deps');
    const member = await memberOfSession(db, published.tenant.slug, sessionCookie.read(c), clock.now().getTime());
    const row = await withBooking(c, (auth) => findBookingFor(db, published.tenant.slug, c.req.param('receiptNo'), auth));
    const actor = member && !c.req.header('x-access-key') ? { type: 'member' as const, id: member.id, ip: clientAddress(c) } : { type: 'resident' as const, ip: clientAddress(c) };
    const started = await startOnlinePayment(deps, { published, row, method: body.method, actor, base: returnBase(deps.env) });
    return c.json(started, 201);
  })
  .get('/api/t/:tenant/reservations/:receiptNo/refunds', async (c) => {
    const published = c.get('published');
    const { db } = c.get('deps');
    const row = await withBooking(c, (auth) => findBookingFor(db, published.tenant.slug, c.req.param('receiptNo'), auth));
    const tz = published.tenant.get('service', row.serviceId)?.calendar.timezone ?? 'Asia/Tokyo';
    return c.json({ receiptNo: row.receiptNo, refunds: await residentRefunds(db, row.id, c.get('lang'), tz) });
  })
  // The provider's webhook: the raw body is verified before anything is parsed or changed.
  .post('/api/t/:tenant/payments/webhooks/stripe', async (c) => {
    const rawBody = await c.req.text();
    const deps = onlineDeps(c.get('deps'));
    const r = await committed(deps.db, () => receiveWebhook(deps, { published: c.get('published'), provider: 'stripe', rawBody, signature: c.req.header('stripe-signature') }));
    return c.json({ received: true, ...r });
  });

const idOf = (c: Context) => Number(c.req.param('id'));

const staff = new Hono<AdminEnv>()
  .get('/api/admin/t/:tenant/refunds', guard(), async (c) => {
    const q = queryRecord(c);
    const batch = q.batch ? Number(q.batch) : undefined;
    return c.json({ rows: await listRefunds(c.get('deps').db, c.get('published'), c.get('staff'), { ...(q.state ? { state: q.state } : {}), ...(batch !== undefined && Number.isSafeInteger(batch) ? { batch } : {}), lang: c.get('lang') }) });
  })
  .post('/api/admin/t/:tenant/bookings/:receiptNo/refunds', guard(), async (c) => {
    const body = await readJsonObject(c, ['amount', 'reason']);
    const published = c.get('published');
    const deps = c.get('deps');
    const row = await scopedBooking(deps.db, published, c.get('staff'), c.req.param('receiptNo'));
    const refund = await committed(deps.db, () => enterRefund(deps, { published, row, amount: body.amount, reason: body.reason, actor: staffActor(c) }));
    return c.json({ refund }, 201);
  })
  .post('/api/admin/t/:tenant/refunds/:id/approve', guard(), async (c) => {
    const body = await readJsonObject(c, ['note']);
    const published = c.get('published');
    const deps = onlineDeps(c.get('deps'));
    let refund = await committed(deps.db, () => decideRefund(deps, { published, staff: c.get('staff'), actor: staffActor(c), id: idOf(c), decision: 'approve', note: body.note }));
    // A provider refund goes out now; if the provider cannot be reached it stays "sending" for the job and 再送.
    // Not inside the group commit: it waits on the provider, and writes its outcome in transactions of its own.
    if (refund.state === 'sending') refund = await sendRefund(deps, published, refund.id);
    return c.json({ refund });
  })
  .post('/api/admin/t/:tenant/refunds/:id/reject', guard(), async (c) => {
    const body = await readJsonObject(c, ['note']);
    const deps = c.get('deps');
    const refund = await committed(deps.db, () => decideRefund(deps, { published: c.get('published'), staff: c.get('staff'), actor: staffActor(c), id: idOf(c), decision: 'reject', note: body.note }));
    return c.json({ refund });
  })
  .post('/api/admin/t/:tenant/refunds/:id/resend', guard(), async (c) => {
    const published = c.get('published');
    const deps = onlineDeps(c.get('deps'));
    const marked = await committed(deps.db, () => resendRefund(deps, { published, staff: c.get('staff'), actor: staffActor(c), id: idOf(c) }));
    const refund = await sendRefund(deps, published, marked.id);
    return c.json({ refund });
  })
  .post('/api/admin/t/:tenant/refunds/export', guard(), async (c) => {
    const deps = c.get('deps');
    const out = await committed(deps.db, () => exportFinanceBatch(deps, { published: c.get('published'), staff: c.get('staff'), actor: staffActor(c) }));
    return c.json(out, 201);
  })
  .get('/api/admin/t/:tenant/refunds.csv', guard(), (c) => financeCsv(c));

export const onlineRoutes = new Hono<AppEnv>().route('/', resident).route('/', staff as unknown as Hono<AppEnv>);
