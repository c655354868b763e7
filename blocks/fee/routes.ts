// Fee routes: the resident sees what a booking costs and what is paid; staff
// record a payment at the counter (窓口現金) or from a payment slip (納付書).
import { Hono } from 'hono';
import { findBookingFor } from '../../engine/booking/find';
import { committed } from '../../engine/db';
import { readJsonObject } from '../../engine/http/body';
import type { AppEnv } from '../../engine/http/context';
import { guard, staffActor, type AdminEnv } from '../../engine/http/routes/admin/guard';
import { guarded } from '../../engine/http/routes/reservations';
import { scopedBooking } from '../../engine/staff/booking-detail';
import { feeView, recordPayment } from './payments';
import { slipRoutes } from './slip-routes';
import { onlineRoutes } from './online-routes';
import { payPages } from './pay-pages';

const staff = new Hono<AdminEnv>().post('/api/admin/t/:tenant/bookings/:receiptNo/payments', guard(), async (c) => {
  const body = await readJsonObject(c, ['method', 'amount', 'receivedOn']);
  const published = c.get('published');
  const deps = c.get('deps');
  const row = await scopedBooking(deps.db, published, c.get('staff'), c.req.param('receiptNo'));
  const view = await committed(deps.db, () => recordPayment(deps, { published, row, method: String(body.method ?? ''), amount: body.amount, receivedOn: body.receivedOn, actor: staffActor(c) }));
  return c.json(view, 201);
});

export const feeRoutes = new Hono<AppEnv>()
  .get('/api/t/:tenant/reservations/:receiptNo/fee', async (c) => {
    const published = c.get('published');
    const { db } = c.get('deps');
    const row = await guarded(c, (auth) => findBookingFor(db, published.tenant.slug, c.req.param('receiptNo'), auth));
    return c.json(await feeView(db, published, row, c.get('lang')));
  })
  .route('/', staff as unknown as Hono<AppEnv>)
  .route('/', slipRoutes)
  .route('/', onlineRoutes)
  .route('/', payPages as unknown as Hono<AppEnv>);
