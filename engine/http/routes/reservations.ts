// Resident JSON API: book, look up, change and cancel reservations.
import { Hono, type Context } from 'hono';
import { bookSlot } from '../../booking/book';
import { bookSlots, bundleOf, cancelBundle } from '../../booking/bundle';
import { tenantTimezone } from '../../config/tenant';
import { makeIssue } from '../../core/messages';
import { instantIso } from '../../schedule/time';
import { cancelBooking } from '../../booking/cancel';
import { changeBooking } from '../../booking/change';
import { findBookingFor, type BookingAuth } from '../../booking/find';
import { checkIdempotencyKey } from '../../booking/idempotency';
import { toView } from '../../booking/view';
import { committed } from '../../db';
import type { CompiledService } from '../../../blocks/service/block';
import { EngineError } from '../../core/errors';
import type { AppEnv } from '../context';
import { readJsonObject } from '../body';
import { clientAddress } from '../middleware/rate-limit';

export function residentActor(c: Context<AppEnv>) {
  return { type: 'resident' as const, ip: clientAddress(c) };
}

/**
 * Runs a lookup by receipt number + access key under the failure limiter. The
 * attempt is counted before it runs (a change or cancel awaits the group commit,
 * and a burst must not slip past the check meanwhile) and given back unless the
 * key was wrong.
 */
export async function guarded<T>(c: Context<AppEnv>, run: (auth: BookingAuth) => T | Promise<T>): Promise<T> {
  const { limiter, clock } = c.get('deps');
  const key = `${c.get('published').tenant.slug}|${clientAddress(c)}`;
  const now = clock.now().getTime();
  if (!(await limiter.reserve(key, now))) throw new EngineError('http.rate_limited', { retryAfter: await limiter.retryAfter(key, now) });
  let wrongKey = false;
  try {
    return await run({ kind: 'access-key', key: c.req.header('x-access-key') });
  } catch (e) {
    wrongKey = e instanceof EngineError && e.code === 'reservation.not_found';
    throw e;
  } finally {
    if (!wrongKey) await limiter.release(key, now);
  }
}

export const reservationRoutes = new Hono<AppEnv>()
  .post('/api/t/:tenant/services/:service/reservations', async (c) => {
    const body = await readJsonObject(c, ['resource', 'start', 'answers', 'slots']);
    const deps = c.get('deps');
    const common = {
      published: c.get('published'),
      serviceId: c.req.param('service'),
      answers: body.answers ?? {},
      actor: residentActor(c),
      channel: 'api' as const,
      idempotencyKey: checkIdempotencyKey(c.req.header('idempotency-key')),
    };
    if (body.slots !== undefined && (body.resource !== undefined || body.start !== undefined)) {
      throw new EngineError('input.invalid', {}, { issues: [makeIssue('/slots', 'booking.slots_or_slot')] });
    }
    // Answered only once the group commit that holds the booking is durable.
    const res = await committed(deps.db, () =>
      body.slots !== undefined ? bookSlots(deps, { ...common, slots: body.slots }) : bookSlot(deps, { ...common, resource: body.resource, start: body.start }),
    );
    if (res.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(res.body, res.status);
  })
  .get('/api/t/:tenant/reservations/:receiptNo', async (c) => {
    const published = c.get('published');
    const { db, clock } = c.get('deps');
    const row = await guarded(c, (auth) => findBookingFor(db, published.tenant.slug, c.req.param('receiptNo'), auth));
    const service = published.tenant.get('service', row.serviceId);
    const tz = service?.calendar.timezone ?? tenantTimezone(published);
    const bundle = (await bundleOf(db, published.tenant.slug, row.bundleNo)).map((b) => ({ receiptNo: b.receiptNo, status: b.status, resource: b.resourceId, start: instantIso(b.slotStart, tz), end: instantIso(b.slotEnd, tz) }));
    return c.json({ ...toView(row, service, clock.now().getTime(), c.get('lang')), ...(row.bundleNo ? { bundle: { receiptNo: row.bundleNo, slots: bundle } } : {}) });
  })
  .patch('/api/t/:tenant/reservations/:receiptNo', async (c) => {
    const body = await readJsonObject(c, ['resource', 'start', 'answers']);
    const published = c.get('published');
    const deps = c.get('deps');
    const view = await guarded(c, (auth) =>
      committed(deps.db, () => changeBooking(deps, { published, receiptNo: c.req.param('receiptNo'), auth, actor: residentActor(c), patch: body })),
    );
    return c.json(view);
  })
  .delete('/api/t/:tenant/reservations/:receiptNo', async (c) => {
    const published = c.get('published');
    const deps = c.get('deps');
    const input = (auth: BookingAuth) => ({ published, receiptNo: c.req.param('receiptNo'), auth, actor: residentActor(c) });
    // ?bundle=all: every slot booked together with this one, all or none.
    if (c.req.query('bundle') === 'all') return c.json({ cancelled: await guarded(c, (auth) => committed(deps.db, () => cancelBundle(deps, input(auth)))) });
    const view = await guarded(c, (auth) => committed(deps.db, () => cancelBooking(deps, input(auth))));
    return c.json(view);
  });
