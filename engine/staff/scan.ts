// 受付スキャン: a check-in QR code (or a typed receipt number) read at the entrance. The
// first scan on the booking's day records 入室 (来場, the same use case as the day grid),
// the next 退室, a third says it was already done. Wrong day, cancelled booking and
// codes not signed by this tenant get their own message.
import type { Actor } from '../audit';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import type { PublishedTenant } from '../config/tenant';
import { tenantTimezone } from '../config/tenant';
import type { Db } from '../db';
import { isVisitable } from '../booking/status';
import { epochToLocal } from '../schedule/time';
import { scopedBooking } from './booking-detail';
import { readCheckinCode } from './checkin-code';
import type { StaffPrincipal } from './roles';
import { checkOut, updateVisit, visitOf, type VisitView } from './visits';

export interface ScanResult {
  action: 'checked-in' | 'checked-out';
  receiptNo: string;
  serviceTitle: string;
  resourceTitle: string;
  date: string;
  time: string;
  visit: VisitView;
}

export async function scanCheckin(
  deps: { db: Db; clock: Clock },
  input: { published: PublishedTenant; staff: Pick<StaffPrincipal, 'scope'>; actor: Actor; code?: string; receiptNo?: string },
): Promise<ScanResult> {
  const { db, clock } = deps;
  const now = clock.now().getTime();
  const tenant = input.published.tenant.slug;
  let receiptNo = input.receiptNo?.trim();
  if (input.code !== undefined) {
    const read = await readCheckinCode(db, tenant, input.code, now);
    if (!read) throw new EngineError('checkin.bad_code');
    receiptNo = read.receiptNo;
  }
  if (!receiptNo) throw new EngineError('checkin.bad_code');
  const booking = await scopedBooking(db, input.published, input.staff, receiptNo);
  const tz = tenantTimezone(input.published);
  if (!isVisitable(booking.status)) throw new EngineError('visit.booking_cancelled');
  // The booking's day as it is now: a code made before a change of day is still the booking's code.
  if (epochToLocal(now, tz).date !== booking.slotDate) throw new EngineError('checkin.wrong_day', { date: booking.slotDate });
  const before = await visitOf(db, booking.id);
  const visit =
    before.status === 'visited'
      ? await checkOut(deps, { booking, timeZone: tz, actor: input.actor })
      : await updateVisit(deps, { tenant: input.published.tenant, booking, timeZone: tz, actor: input.actor, patch: { visited: true } });
  const service = input.published.tenant.get('service', booking.serviceId);
  return {
    action: before.status === 'visited' ? 'checked-out' : 'checked-in',
    receiptNo: booking.receiptNo,
    serviceTitle: service?.title ?? booking.serviceId,
    resourceTitle: service?.calendar.resources.find((r) => r.id === booking.resourceId)?.title ?? booking.resourceId,
    date: booking.slotDate,
    time: `${epochToLocal(booking.slotStart, tz).time}〜${epochToLocal(booking.slotEnd, tz).time}`,
    visit,
  };
}
