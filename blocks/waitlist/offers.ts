// The waiting list's use cases. A place on the list is a booking in `waitlisted`
// (no places, no quota). The offer sweep (a job of this kind) walks each list in
// order of joining: the first entry whose slot has room for all its units (a freed
// A面 is no use to someone waiting for 全面 unless B面 is free too) and whose quotas
// allow it becomes `offered`, holding the place until it is accepted or the offer
// expires, when the next in line gets it.
import { writeAudit, type Actor } from '../../engine/audit';
import { createAdmission, recordWithoutPlaces, runPreStages } from '../../engine/booking/admission';
import { findService } from '../../engine/booking/book';
import { bookingById, hasRoom } from '../../engine/booking/counters';
import { findBookingFor, type BookingAuth } from '../../engine/booking/find';
import { checkQuotas } from '../../engine/booking/quota';
import { ADMITTED, CANCELLED, EXPIRED, OFFERED, WAITLISTED, statusLabel, type BookingStatus } from '../../engine/booking/status';
import { transition } from '../../engine/booking/transition';
import type { BookingRow } from '../../engine/booking/view';
import type { PublishedTenant } from '../../engine/config/tenant';
import type { Clock } from '../../engine/core/clock';
import { EngineError } from '../../engine/core/errors';
import { sqlAll, sqlGet, transaction, type Db } from '../../engine/db';
import { emitBookingEvent, type NotifyDeps } from '../../engine/notify/booking-events';
import { localDateTimeJa } from '../../engine/notify/format';
import { instantIso } from '../../engine/schedule/time';
import type { CompiledWaitlist } from './block';

type Deps = { db: Db; clock: Clock } & NotifyDeps;

export function waitlistFor(published: PublishedTenant, serviceId: string): CompiledWaitlist | undefined {
  return published.tenant.list('waitlist').find((w) => w.service === serviceId);
}

/** Entries ahead of this one for the same slot, plus one. */
async function positionOf(db: Db, b: { id: number; tenantSlug: string; serviceId: string; resourceId: string; slotStart: number }): Promise<number> {
  const r = (await sqlGet<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM bookings WHERE tenant_slug = ? AND service_id = ? AND resource_id = ? AND slot_start = ? AND status = ? AND id < ?', [
    b.tenantSlug,
    b.serviceId,
    b.resourceId,
    b.slotStart,
    WAITLISTED,
    b.id,
  ]))!;
  return r.n + 1;
}

export interface JoinResponse {
  waitNo: string;
  status: BookingStatus;
  position: number;
  accessKey?: string;
  service: string;
  resource: string;
  start: string;
}

export async function joinWaitlist(
  deps: Deps,
  input: { published: PublishedTenant; serviceId: string; resource: unknown; start: unknown; answers: unknown; actor: Actor; memberId?: string; channel: 'web' | 'staff' | 'api' },
): Promise<JoinResponse> {
  const service = findService(input.published, input.serviceId);
  const list = waitlistFor(input.published, service.id);
  if (!list) throw new EngineError('waitlist.not_available');
  const ctx = createAdmission({
    mode: 'book',
    deps,
    published: input.published,
    service,
    actor: input.actor,
    request: { resource: input.resource, start: input.start, answers: input.answers, channel: input.channel, ...(input.memberId ? { memberId: input.memberId } : {}) },
  });
  // Entering without places: the slot stage does not refuse a full slot (that is the point).
  ctx.decide(WAITLISTED, { holdsCapacity: false });
  await runPreStages(ctx);
  const slot = ctx.slot!;
  const tenant = input.published.tenant.slug;
  const where = { tenant, calendar: service.calendar.id, slotStart: slot.startMs };
  return transaction(deps.db, async (tx) => {
    if (await hasRoom(tx, where, slot.units, ctx.seats)) throw new EngineError('waitlist.has_room', { start: slot.start });
    const who = ctx.identity;
    const same = `(member_id = ? OR phone_key = ? OR email_key = ?)`;
    const params = [tenant, service.id, WAITLISTED, OFFERED, who.memberId ?? null, who.phoneKey ?? null, who.emailKey ?? null];
    const mine = await sqlAll<{ r: string; s: number }>(tx, `SELECT resource_id AS r, slot_start AS s FROM bookings WHERE tenant_slug = ? AND service_id = ? AND status IN (?, ?) AND ${same}`, params);
    if (mine.some((m) => m.r === slot.resource && m.s === slot.startMs)) throw new EngineError('waitlist.already_waiting');
    if (list.maxPerPerson !== undefined && mine.length >= list.maxPerPerson) throw new EngineError('waitlist.limit', { max: list.maxPerPerson });
    if (list.maxPerSlot !== undefined) {
      const n = (await sqlGet<{ n: number }>(tx, 'SELECT COUNT(*) AS n FROM bookings WHERE tenant_slug = ? AND calendar_id = ? AND resource_id = ? AND slot_start = ? AND status = ?', [tenant, service.calendar.id, slot.resource, slot.startMs, WAITLISTED]))!.n;
      if (n >= list.maxPerSlot) throw new EngineError('waitlist.full', { max: list.maxPerSlot });
    }
    await recordWithoutPlaces(ctx, tx, { status: WAITLISTED, deadlineAt: null, accessKey: true });
    await emitBookingEvent(tx, deps, input.published, 'waitlist.joined', ctx.bookingId!, { accessKey: ctx.accessKey });
    const position = await positionOf(tx, { id: ctx.bookingId!, tenantSlug: tenant, serviceId: service.id, resourceId: slot.resource, slotStart: slot.startMs });
    return {
      waitNo: ctx.receiptNo!,
      status: WAITLISTED,
      position,
      ...(ctx.accessKey ? { accessKey: ctx.accessKey } : {}),
      service: service.id,
      resource: slot.resource,
      start: slot.start,
    };
  });
}

/** A waiting-list entry as the resident sees it. */
export async function waitlistView(db: Db, published: PublishedTenant, row: BookingRow, lang: 'ja' | 'en') {
  const service = published.tenant.get('service', row.serviceId);
  const tz = service?.calendar.timezone ?? 'Asia/Tokyo';
  return {
    waitNo: row.receiptNo,
    status: row.status,
    statusLabel: statusLabel(row.status, lang),
    service: row.serviceId,
    resource: row.resourceId,
    start: instantIso(row.slotStart, tz),
    ...(row.status === WAITLISTED ? { position: await positionOf(db, row) } : {}),
    ...(row.status === OFFERED && row.deadlineAt !== null ? { offerExpiresAt: instantIso(row.deadlineAt, tz) } : {}),
  };
}

/** The resident's own entry (receipt number + access key, or member). */
export async function findEntry(db: Db, published: PublishedTenant, waitNo: string, auth: BookingAuth): Promise<BookingRow> {
  const row = await findBookingFor(db, published.tenant.slug, waitNo, auth);
  // An ordinary booking is not a waiting-list entry, whatever its number.
  if (!waitlistFor(published, row.serviceId) || !(await hadState(db, row.id, WAITLISTED))) throw new EngineError('reservation.not_found');
  return row;
}

async function hadState(db: Db, bookingId: number, status: BookingStatus): Promise<boolean> {
  return !!(await sqlGet(db, 'SELECT 1 FROM booking_history WHERE booking_id = ? AND to_status = ? LIMIT 1', [bookingId, status]));
}

/** 繰上げ確定: the offered place becomes a booking. */
export async function acceptOffer(deps: Deps, input: { published: PublishedTenant; row: BookingRow; actor: Actor }) {
  const now = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const row = (await bookingById(tx, input.row.id))!;
    if (row.status !== OFFERED) throw new EngineError('waitlist.no_offer', { status: statusLabel(row.status, 'ja'), statusEn: statusLabel(row.status, 'en') });
    if (row.deadlineAt !== null && now >= row.deadlineAt) throw new EngineError('waitlist.offer_expired');
    await transition(tx, { booking: row, to: ADMITTED, actor: input.actor, at: now, deadlineAt: null, action: 'waitlist.accepted' });
    await emitBookingEvent(tx, deps, input.published, 'booking.confirmed', row.id);
    return { waitNo: row.receiptNo, receiptNo: row.receiptNo, status: ADMITTED };
  });
}

/** Leaving the list (or declining an offer, which frees the place for the next). */
export async function leaveWaitlist(deps: Deps, input: { published: PublishedTenant; row: BookingRow; actor: Actor }) {
  const now = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const fresh = (await bookingById(tx, input.row.id))!;
    if (fresh.status !== WAITLISTED && fresh.status !== OFFERED) throw new EngineError('waitlist.not_waiting');
    await transition(tx, { booking: fresh, to: CANCELLED, actor: input.actor, at: now, action: 'waitlist.left' });
    return { waitNo: input.row.receiptNo, status: CANCELLED };
  });
}

/**
 * The sweep, for every list of a tenant: expired offers give their place back, then
 * the list is walked in order and every entry that now fits gets an offer.
 * Idempotent: a second run at the same time changes nothing.
 */
export async function sweepWaitlists(deps: Deps, published: PublishedTenant): Promise<{ offered: number; expired: number }> {
  const now = deps.clock.now().getTime();
  const tenant = published.tenant.slug;
  let offered = 0;
  let expired = 0;
  for (const list of published.tenant.list('waitlist')) {
    const service = published.tenant.get('service', list.service);
    if (!service) continue;
    await transaction(deps.db, async (tx) => {
      const base = `SELECT b.* FROM bookings b WHERE b.tenant_slug = ? AND b.service_id = ? AND b.status = ?`;
      // Offers past their time, and entries whose slot has begun, expire.
      const lapsed = await sqlAll<RawRow>(tx, `${base} AND b.deadline_at <= ? AND EXISTS (SELECT 1 FROM booking_history h WHERE h.booking_id = b.id AND h.to_status = ?)`, [tenant, service.id, OFFERED, now, WAITLISTED]);
      const late = await sqlAll<RawRow>(tx, `${base} AND b.slot_start <= ?`, [tenant, service.id, WAITLISTED, now]);
      for (const r of [...lapsed, ...late]) {
        await transition(tx, { booking: rowOf(r), to: EXPIRED, actor: { type: 'system' }, at: now, reason: r.status === OFFERED ? 'offer-expired' : 'slot-started', deadlineAt: null });
        if (r.status === OFFERED) await emitBookingEvent(tx, deps, published, 'waitlist.expired', r.id);
        expired++;
      }
      const waiting = await sqlAll<RawRow>(tx, `${base} AND b.slot_start > ? ORDER BY b.id`, [tenant, service.id, WAITLISTED, now]);
      for (const r of waiting) {
        const slot = service.calendar.findSlot(r.resource_id, r.slot_start);
        if (!slot) continue;
        if (!(await hasRoom(tx, { tenant, calendar: service.calendar.id, slotStart: r.slot_start }, slot.units, r.seats))) continue;
        try {
          await checkQuotas(tx, {
            tenant,
            serviceId: service.id,
            quotas: service.quotas,
            identity: { ...(r.member_id ? { memberId: r.member_id } : {}), ...(r.phone_key ? { phoneKey: r.phone_key } : {}), ...(r.email_key ? { emailKey: r.email_key } : {}) },
            seats: r.seats,
            slotDate: r.slot_date,
            now,
            excludeBookingId: r.id,
          });
        } catch (e) {
          if (e instanceof EngineError) continue; // over a quota meanwhile: the next in line
          throw e;
        }
        const until = Math.min(now + list.offerHours * 3_600_000, r.slot_start);
        await transition(tx, { booking: rowOf(r), to: OFFERED, actor: { type: 'system' }, at: now, take: slot.units, deadlineAt: until, action: 'waitlist.offered' });
        await emitBookingEvent(tx, deps, published, 'waitlist.offered', r.id, { vars: { offer: { expiresAt: localDateTimeJa(until, service.calendar.timezone) } } });
        offered++;
      }
    });
  }
  return { offered, expired };
}

interface RawRow {
  id: number;
  tenant_slug: string;
  receipt_no: string;
  status: BookingStatus;
  holds_capacity: number | boolean;
  calendar_id: string;
  resource_id: string;
  slot_start: number;
  slot_date: string;
  seats: number;
  member_id: string | null;
  phone_key: string | null;
  email_key: string | null;
}

const rowOf = (r: RawRow) => ({ id: r.id, tenantSlug: r.tenant_slug, receiptNo: r.receipt_no, status: r.status, holdsCapacity: Boolean(r.holds_capacity), calendarId: r.calendar_id, slotStart: r.slot_start });



/** The console's view: each slot's list in order (waiting and offered), for the given services and local dates. */
export async function staffWaitlists(db: Db, published: PublishedTenant, serviceIds: readonly string[], from: string, to: string) {
  const services = serviceIds.filter((id) => waitlistFor(published, id));
  if (!services.length) return [];
  const rows = await sqlAll<{
    id: number;
    receiptNo: string;
    serviceId: string;
    resourceId: string;
    slotStart: number;
    slotDate: string;
    status: BookingStatus;
    deadlineAt: number | null;
    answersJson: string;
    createdAt: number;
  }>(
    db,
    `SELECT id, receipt_no AS "receiptNo", service_id AS "serviceId", resource_id AS "resourceId", slot_start AS "slotStart", slot_date AS "slotDate", status, deadline_at AS "deadlineAt", answers_json AS "answersJson", created_at AS "createdAt"
     FROM bookings b WHERE tenant_slug = ? AND service_id IN (${services.map(() => '?').join(',')}) AND slot_date BETWEEN ? AND ? AND status IN (?, ?)
       AND EXISTS (SELECT 1 FROM booking_history h WHERE h.booking_id = b.id AND h.to_status = ?)
     ORDER BY slot_start, resource_id, id`,
    [published.tenant.slug, ...services, from, to, WAITLISTED, OFFERED, WAITLISTED],
  );
  const position = new Map<string, number>();
  return rows.map((r) => {
    const service = published.tenant.get('service', r.serviceId);
    const tz = service?.calendar.timezone ?? 'Asia/Tokyo';
    const res = service?.calendar.resources.find((x) => x.id === r.resourceId);
    const key = `${r.serviceId}|${r.resourceId}|${r.slotStart}`;
    // Offered entries hold the place; the queue behind them counts the waiting ones.
    const pos = r.status === WAITLISTED ? (position.get(key) ?? 0) + 1 : null;
    if (pos !== null) position.set(key, pos);
    const answers = JSON.parse(r.answersJson) as Record<string, unknown>;
    return {
      receiptNo: r.receiptNo,
      service: r.serviceId,
      resource: r.resourceId,
      resourceTitle: { ja: res?.title ?? r.resourceId, en: res?.titleEn ?? r.resourceId },
      start: instantIso(r.slotStart, tz),
      status: r.status,
      position: pos,
      offerExpiresAt: r.status === OFFERED && r.deadlineAt !== null ? instantIso(r.deadlineAt, tz) : null,
      name: typeof answers.name === 'string' ? answers.name : null,
      joinedAt: instantIso(r.createdAt, tz),
    };
  });
}

/** A member's waiting-list places (waiting or offered), for 申し込み一覧: the page that accepts an offer. */
export async function memberWaitLinks(db: Db, published: PublishedTenant, memberId: string) {
  const rows = await sqlAll<{ receiptNo: string; serviceId: string; resourceId: string; slotStart: number; status: BookingStatus }>(
    db,
    `SELECT receipt_no AS "receiptNo", service_id AS "serviceId", resource_id AS "resourceId", slot_start AS "slotStart", status FROM bookings b
     WHERE tenant_slug = ? AND member_id = ? AND status IN (?, ?) AND EXISTS (SELECT 1 FROM booking_history h WHERE h.booking_id = b.id AND h.to_status = ?) ORDER BY slot_start`,
    [published.tenant.slug, memberId, WAITLISTED, OFFERED, WAITLISTED],
  );
  return rows.map((r) => {
    const service = published.tenant.get('service', r.serviceId);
    const when = localDateTimeJa(r.slotStart, service?.calendar.timezone ?? 'Asia/Tokyo');
    return {
      label: { ja: `キャンセル待ち 受付番号 ${r.receiptNo}（${when}）`, en: `Waiting list ${r.receiptNo} (${instantIso(r.slotStart, service?.calendar.timezone ?? 'Asia/Tokyo').slice(0, 16).replace('T', ' ')})` },
      state: { ja: statusLabel(r.status, 'ja'), en: statusLabel(r.status, 'en') },
      href: `/waitlist?no=${encodeURIComponent(r.receiptNo)}`,
    };
  });
}
