// Staff routes of the review kind: the queue, and decisions one by one or in bulk.
import { Hono } from 'hono';
import { committed } from '../../engine/db';
import { EngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { readJsonObject } from '../../engine/http/body';
import type { AppEnv } from '../../engine/http/context';
import { guard, staffActor, type AdminEnv } from '../../engine/http/routes/admin/guard';
import type { BookingRow } from '../../engine/booking/view';
import { scopedBooking } from '../../engine/staff/booking-detail';
import { inScope } from '../../engine/staff/roles';
import { decide, reviewQueue } from './decisions';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const staff = new Hono<AdminEnv>()
  .get('/api/admin/t/:tenant/reviews', guard(), async (c) => {
    const published = c.get('published');
    const who = c.get('staff');
    const { from, to, service } = c.req.query();
    const issues = [
      ...(from !== undefined && !DATE.test(from) ? [makeIssue('/from', 'schema.format', { format: 'YYYY-MM-DD' })] : []),
      ...(to !== undefined && !DATE.test(to) ? [makeIssue('/to', 'schema.format', { format: 'YYYY-MM-DD' })] : []),
    ];
    if (issues.length) throw new EngineError('input.invalid', {}, { issues });
    const services = published.tenant
      .list('service')
      .map((s) => s.id)
      .filter((id) => inScope(who, id) && (service === undefined || service === id));
    const { db, clock } = c.get('deps');
    const rows = await reviewQueue(db, published, { services, ...(from ? { from } : {}), ...(to ? { to } : {}), now: clock.now().getTime() });
    return c.json({ rows, total: rows.length });
  })
  .post('/api/admin/t/:tenant/bookings/:receiptNo/approve', guard(), async (c) => {
    const body = await readJsonObject(c, ['reason']);
    return c.json((await decideFor(c, [c.req.param('receiptNo')], 'approve', body.reason))[0]);
  })
  .post('/api/admin/t/:tenant/bookings/:receiptNo/reject', guard(), async (c) => {
    const body = await readJsonObject(c, ['reason']);
    return c.json((await decideFor(c, [c.req.param('receiptNo')], 'reject', body.reason))[0]);
  })
  .post('/api/admin/t/:tenant/reviews/approve', guard(), async (c) => {
    const body = await readJsonObject(c, ['receiptNos']);
    const list = body.receiptNos;
    if (!Array.isArray(list) || list.length === 0 || list.length > 500 || !list.every((x) => typeof x === 'string')) {
      throw new EngineError('input.invalid', {}, { issues: [makeIssue('/receiptNos', 'review.bad_selection')] });
    }
    return c.json({ results: await decideFor(c, list as string[], 'approve', undefined) });
  });

async function decideFor(c: import('hono').Context<AdminEnv>, receiptNos: readonly string[], decision: 'approve' | 'reject', reason: unknown) {
  const published = c.get('published');
  const deps = c.get('deps');
  const who = c.get('staff');
  const rows: BookingRow[] = [];
  for (const no of receiptNos) rows.push(await scopedBooking(deps.db, published, who, no));
  const text = typeof reason === 'string' ? reason.slice(0, 500) : undefined;
  return committed(deps.db, () => decide(deps, { published, rows, decision, actor: staffActor(c), ...(text ? { reason: text } : {}) }));
}

export const reviewRoutes = new Hono<AppEnv>().route('/', staff as unknown as Hono<AppEnv>);
