// Staff API of smart locks: a booking's passcodes and what happened to them, and
// 発行 by hand (the job would make it within a minute; staff on the phone want it now).
import { Hono } from 'hono';
import { writeAudit } from '../../engine/audit';
import { ADMITTED } from '../../engine/booking/status';
import { EngineError } from '../../engine/core/errors';
import type { AppEnv } from '../../engine/http/context';
import { guard, staffActor } from '../../engine/http/routes/admin/guard';
import { scopedBooking } from '../../engine/staff/booking-detail';
import { createPasscodeRow, passcodeDue, passcodesOf, reconcileLocks } from './passcodes';

export const lockRoutes = new Hono<AppEnv>()
  .get('/api/admin/t/:tenant/bookings/:receiptNo/lock', guard(), async (c) => {
    const published = c.get('published');
    const { db, clock } = c.get('deps');
    const row = await scopedBooking(db, published, c.get('staff'), c.req.param('receiptNo'));
    const lock = published.tenant.list('lock').find((l) => l.service === row.serviceId && l.devices.some((d) => d.resource === row.resourceId));
    if (!lock) throw new EngineError('lock.none');
    const now = clock.now().getTime();
    // Staff reading the passcode out on the phone is a view of a secret: written to the log.
    const due = await passcodeDue(db, published, row.id, now);
    if (due) await writeAudit(db, { tenant: published.tenant.slug, at: now, actor: staffActor(c), action: 'lock.viewed', target: { type: 'booking', id: row.receiptNo }, details: {} });
    return c.json({ lock: lock.id, passcodes: await passcodesOf(db, published.tenant.slug, row.id), current: due ?? null });
  })
  .post('/api/admin/t/:tenant/bookings/:receiptNo/lock', guard(), async (c) => {
    const published = c.get('published');
    const deps = c.get('deps');
    const row = await scopedBooking(deps.db, published, c.get('staff'), c.req.param('receiptNo'));
    const lock = published.tenant.list('lock').find((l) => l.service === row.serviceId && l.devices.some((d) => d.resource === row.resourceId));
    if (!lock) throw new EngineError('lock.none');
    if (row.status !== ADMITTED) throw new EngineError('lock.not_active');
    if (!(await passcodesOf(deps.db, published.tenant.slug, row.id)).some((p) => p.state !== 'revoked')) await createPasscodeRow(deps, published, lock, row, true);
    await reconcileLocks(deps, published);
    return c.json({ lock: lock.id, passcodes: await passcodesOf(deps.db, published.tenant.slug, row.id) }, 201);
  });
