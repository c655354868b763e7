// Staff booking routes: day grid, services (staff form), availability, search,
// booking detail, proxy booking / change / cancel, visits and staff messages.
import { scanCheckin } from '../../../staff/scan';
import { Hono } from 'hono';
import type { CompiledService } from '../../../../blocks/service/block';
import { bookSlot } from '../../../booking/book';
import { availabilityOf } from '../../../booking/availability';
import { cancelBooking } from '../../../booking/cancel';
import { changeBooking } from '../../../booking/change';
import { checkIdempotencyKey } from '../../../booking/idempotency';
import { EngineError } from '../../../core/errors';
import { makeIssue } from '../../../core/messages';
import { sendStaffMessage } from '../../../notify/staff-message';
import { addDays, epochToLocal } from '../../../schedule/time';
import { bookingDetail, scopedBooking } from '../../../staff/booking-detail';
import { readFilters, readPageParam } from '../../../staff/filters';
import { dayGrid } from '../../../staff/grid';
import { findMember } from '../../../staff/members';
import { PERMISSIONS, requireRole, scopedService, servicesInScope } from '../../../staff/roles';
import { tenantTimezone } from '../../../config/tenant';
import { searchBookings } from '../../../staff/search';
import { readVisitPatch, updateVisit } from '../../../staff/visits';
import { readJsonObject } from '../../body';
import { guard, queryRecord, staffActor, type AdminContext, type AdminEnv } from './guard';
import { committed } from '../../../db';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function dateParam(c: AdminContext, name: string, fallback: string): string {
  const v = c.req.query(name) ?? fallback;
  if (!DATE.test(v) || addDays(v, 0) !== v) throw new EngineError('input.invalid', {}, { issues: [makeIssue(`/${name}`, 'schema.format', { format: 'YYYY-MM-DD' })] });
  return v;
}

function overrideAllowed(c: AdminContext, wanted: unknown): boolean {
  if (wanted === undefined || wanted === false) return false;
  if (wanted !== true) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/overrideCapacity', 'schema.type', { type: 'boolean' })] });
  requireRole(c.get('staff'), PERMISSIONS.overrideCapacity);
  return true;
}

export const bookingRoutes = new Hono<AdminEnv>()
  .get('/api/admin/t/:tenant/services', guard(), (c) => {
    const en = c.get('lang') === 'en';
    return c.json({
      services: servicesInScope(c.get('published'), c.get('staff')).map((s) => ({
        id: s.id,
        title: en ? s.titleEn : s.title,
        calendar: s.calendar.id,
        slotMinutes: s.calendar.slotMinutes,
        access: s.access,
        resources: s.calendar.resources.map((r) => ({ id: r.id, title: en ? r.titleEn : r.title })),
        form: { title: en ? s.form.titleEn : s.form.title, fields: s.form.fields },
        checkin: s.checkin,
      })),
    });
  })
  .get('/api/admin/t/:tenant/grid', guard(), async (c) => {
    const published = c.get('published');
    const staff = c.get('staff');
    const { db, clock } = c.get('deps');
    const now = clock.now();
    const serviceId = c.req.query('service') ?? servicesInScope(published, staff)[0]?.id;
    if (!serviceId) throw new EngineError('staff.out_of_scope', { service: '-' });
    const service = scopedService(published, staff, serviceId);
    const date = dateParam(c, 'date', epochToLocal(now.getTime(), tenantTimezone(published)).date);
    return c.json(await dayGrid(db, published.tenant.slug, service, date, now));
  })
  .get('/api/admin/t/:tenant/services/:service/availability', guard(), async (c) => {
    const published = c.get('published');
    const service = scopedService(published, c.get('staff'), c.req.param('service'));
    const { db, clock } = c.get('deps');
    // Staff see availability even where it is not public (hidden facilities are booked by phone),
    // and same-day slots stay open to them until they start (walk-ins at the desk).
    const slots = await availabilityOf(db, published.tenant.slug, service, { from: c.req.query('from'), to: c.req.query('to'), resource: c.req.query('resource'), now: clock.now(), staff: true });
    return c.json({ service: service.id, slots });
  })
  .get('/api/admin/t/:tenant/bookings', guard(), async (c) => {
    const q = queryRecord(c);
    const { db, clock } = c.get('deps');
    return c.json(
      await searchBookings(
        { db, now: clock.now().getTime() },
        {
          published: c.get('published'),
          staff: c.get('staff'),
          actor: staffActor(c),
          filters: readFilters(q),
          page: readPageParam(q, 'page'),
          pageSize: readPageParam(q, 'pageSize'),
          columns: q.columns ? q.columns.split(',') : undefined,
        },
      ),
    );
  })
  .get('/api/admin/t/:tenant/bookings/:receiptNo', guard(), async (c) => {
    const { db, clock } = c.get('deps');
    return c.json(
      await bookingDetail({ db, now: clock.now().getTime() }, { published: c.get('published'), staff: c.get('staff'), actor: staffActor(c), receiptNo: c.req.param('receiptNo'), lang: c.get('lang') }),
    );
  })
  .post('/api/admin/t/:tenant/bookings', guard(), async (c) => {
    const body = await readJsonObject(c, ['service', 'resource', 'start', 'answers', 'memberId', 'overrideCapacity']);
    const published = c.get('published');
    const staff = c.get('staff');
    if (typeof body.service !== 'string') throw new EngineError('input.invalid', {}, { issues: [makeIssue('/service', 'schema.required', { property: 'service' })] });
    scopedService(published, staff, body.service);
    const override = overrideAllowed(c, body.overrideCapacity);
    let memberId: string | undefined;
    if (body.memberId !== undefined && body.memberId !== null) {
      if (typeof body.memberId !== 'string') throw new EngineError('input.invalid', {}, { issues: [makeIssue('/memberId', 'schema.type', { type: 'string' })] });
      const m = await findMember(c.get('deps').db, published.tenant.slug, body.memberId);
      memberId = m.id;
    }
    const deps = c.get('deps');
    const serviceId = body.service;
    const res = await committed(deps.db, () => bookSlot(deps, {
      published,
      serviceId,
      resource: body.resource,
      start: body.start,
      answers: body.answers ?? {},
      actor: staffActor(c),
      ...(memberId ? { memberId } : {}),
      channel: 'staff',
      overrideCapacity: override,
      idempotencyKey: checkIdempotencyKey(c.req.header('idempotency-key')),
    }));
    if (res.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(res.body, res.status);
  })
  .patch('/api/admin/t/:tenant/bookings/:receiptNo', guard(), async (c) => {
    const body = await readJsonObject(c, ['resource', 'start', 'answers', 'overrideCapacity']);
    const published = c.get('published');
    const row = await scopedBooking(c.get('deps').db, published, c.get('staff'), c.req.param('receiptNo'));
    const override = overrideAllowed(c, body.overrideCapacity);
    const { overrideCapacity: _o, ...patch } = body;
    const deps = c.get('deps');
    return c.json(await committed(deps.db, () => changeBooking(deps, { published, receiptNo: row.receiptNo, auth: { kind: 'staff' }, actor: staffActor(c), patch, overrideCapacity: override })));
  })
  .post('/api/admin/t/:tenant/bookings/:receiptNo/cancel', guard(), async (c) => {
    const body = await readJsonObject(c, ['reason']);
    const published = c.get('published');
    const row = await scopedBooking(c.get('deps').db, published, c.get('staff'), c.req.param('receiptNo'));
    const reason = typeof body.reason === 'string' ? body.reason.slice(0, 200) : undefined;
    const deps = c.get('deps');
    return c.json(await committed(deps.db, () => cancelBooking(deps, { published, receiptNo: row.receiptNo, auth: { kind: 'staff' }, actor: staffActor(c), ...(reason ? { reason } : {}) })));
  })
  .put('/api/admin/t/:tenant/bookings/:receiptNo/visit', guard(), async (c) => {
    const body = await readJsonObject(c, ['visited', 'items', 'jukiCardCollected', 'note']);
    const published = c.get('published');
    const row = await scopedBooking(c.get('deps').db, published, c.get('staff'), c.req.param('receiptNo'));
    const declared = published.tenant.get('service', row.serviceId)?.checkin.items ?? [];
    return c.json(await updateVisit(c.get('deps'), { tenant: published.tenant, booking: row, timeZone: tenantTimezone(published), actor: staffActor(c), patch: readVisitPatch(body, declared) }));
  })
  // 受付スキャン: a QR code from the resident's screen, or a typed receipt number (README: Check-in by QR code).
  .post('/api/admin/t/:tenant/checkin/scan', guard(), async (c) => {
    const body = await readJsonObject(c, ['code', 'receiptNo']);
    const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 400) : undefined);
    const code = text(body.code);
    const receiptNo = text(body.receiptNo);
    return c.json(await scanCheckin(c.get('deps'), { published: c.get('published'), staff: c.get('staff'), actor: staffActor(c), ...(code !== undefined ? { code } : {}), ...(receiptNo !== undefined ? { receiptNo } : {}) }));
  })
  .post('/api/admin/t/:tenant/bookings/:receiptNo/messages', guard(), async (c) => {
    const body = await readJsonObject(c, ['subject', 'body']);
    const published = c.get('published');
    const row = await scopedBooking(c.get('deps').db, published, c.get('staff'), c.req.param('receiptNo'));
    const r = await sendStaffMessage(c.get('deps'), { published, receiptNo: row.receiptNo, staffId: c.get('staff').loginId, subject: body.subject as string, body: body.body as string });
    return c.json(r, 201);
  });
