// The waiting list's resident API (mounted by the engine from this kind's behaviour).
import { Hono, type Context } from 'hono';
import { EngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { tenantMiddleware } from '../../engine/http/middleware/tenant';
import { guard, type AdminEnv } from '../../engine/http/routes/admin/guard';
import { servicesInScope } from '../../engine/staff/roles';
import { checkIdempotencyKey } from '../../engine/booking/idempotency';
import { committed } from '../../engine/db';
import { readJsonObject } from '../../engine/http/body';
import type { AppEnv } from '../../engine/http/context';
import { guarded, residentActor } from '../../engine/http/routes/reservations';
import { waitlistPages } from './pages';
import { acceptOffer, findEntry, joinWaitlist, leaveWaitlist, staffWaitlists, waitlistView } from './offers';

export const waitlistRoutes = new Hono<AppEnv>()
  .post('/api/t/:tenant/services/:service/waitlist', async (c) => {
    const body = await readJsonObject(c, ['resource', 'start', 'answers']);
    checkIdempotencyKey(c.req.header('idempotency-key'));
    const deps = c.get('deps');
    const res = await committed(deps.db, () =>
      joinWaitlist(deps, { published: c.get('published'), serviceId: c.req.param('service'), resource: body.resource, start: body.start, answers: body.answers ?? {}, actor: residentActor(c), channel: 'api' }),
    );
    return c.json(res, 201);
  })
  .get('/api/t/:tenant/waitlist/:waitNo', async (c) => {
    const published = c.get('published');
    const { db } = c.get('deps');
    const row = await guarded(c, (auth) => findEntry(db, published, c.req.param('waitNo'), auth));
    return c.json(await waitlistView(db, published, row, c.get('lang')));
  })
  .post('/api/t/:tenant/waitlist/:waitNo/accept', async (c) => {
    const published = c.get('published');
    const deps = c.get('deps');
    const res = await guarded(c, (auth) => committed(deps.db, async () => acceptOffer(deps, { published, row: await findEntry(deps.db, published, c.req.param('waitNo'), auth), actor: residentActor(c) })));
    return c.json(res);
  })
  .delete('/api/t/:tenant/waitlist/:waitNo', async (c) => {
    const published = c.get('published');
    const deps = c.get('deps');
    const res = await guarded(c, (auth) => committed(deps.db, async () => leaveWaitlist(deps, { published, row: await findEntry(deps.db, published, c.req.param('waitNo'), auth), actor: residentActor(c) })));
    return c.json(res);
  })
  // The console: each slot's waiting list in order, for the services in the staff member's scope.
  .get('/api/admin/t/:tenant/waitlists', tenantMiddleware as never, guard() as never, async (c) => {
    const ac = c as unknown as Context<AdminEnv>;
    const published = ac.get('published');
    const staff = ac.get('staff');
    const from = c.req.query('from') ?? '';
    const to = c.req.query('to') || from;
    const date = /^\d{4}-\d{2}-\d{2}$/;
    if (!date.test(from) || !date.test(to)) throw new EngineError('input.invalid', {}, { issues: [makeIssue(date.test(from) ? '/to' : '/from', 'schema.format', { format: 'YYYY-MM-DD' })] });
    const services = servicesInScope(published, staff).map((s) => s.id);
    return c.json({ rows: await staffWaitlists(ac.get('deps').db, published, services, from, to) });
  })
  // The resident pages (/t/:tenant/waitlist…) carry their own page context and error pages.
  .route('/', waitlistPages as unknown as Hono<AppEnv>);
