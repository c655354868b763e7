// Use case: change a booking (move to another slot or resource, and/or new
// answers). Moving frees the old places and takes the new ones in the same
// transaction: both happen or nothing does.
import { eq } from 'drizzle-orm';
import { writeAudit, type Actor } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { makeIssue } from '../core/messages';
import type { Db } from '../db';
import { bookingUnits, bookings } from '../db/schema';
import { emitBookingEvent, type NotifyDeps } from '../notify/booking-events';
import { findService } from './book';
import { insertBookingUnits, releaseUnits, takeUnits } from './counters';
import { findBookingFor, type BookingAuth } from './find';
import { identityOf } from './identity';
import './messages';
import { checkQuotas } from './quota';
import { resolveSlotFor, seatsOf } from './slot';
import { deadline, toView, type BookingView } from './view';
import { instantIso } from '../schedule/time';

export interface ChangeInput {
  published: PublishedTenant;
  receiptNo: string;
  auth: BookingAuth;
  actor: Actor;
  patch: { resource?: unknown; start?: unknown; answers?: unknown };
  overrideCapacity?: boolean;
}

export function changeBooking(deps: { db: Db; clock: Clock } & NotifyDeps, input: ChangeInput): BookingView {
  const { db, clock } = deps;
  const now = clock.now();
  const tenant = input.published.tenant.slug;
  const staff = input.actor.type === 'staff';
  return db.transaction(
    (tx) => {
      const row = findBookingFor(tx, tenant, input.receiptNo, input.auth);
      if (row.status !== 'confirmed') throw new EngineError('booking.already_cancelled');
      const service = findService(input.published, row.serviceId);
      if (!staff && now.getTime() >= deadline(row.slotStart, service.changeDeadlineHours)) throw new EngineError('booking.change_closed');

      let answers = JSON.parse(row.answersJson) as Record<string, unknown>;
      if (input.patch.answers !== undefined) {
        const v = service.form.validate(input.patch.answers, staff ? 'staff' : 'resident');
        if (!v.ok) throw new EngineError('input.invalid', {}, { issues: v.issues });
        answers = v.value;
      }
      const wantsMove = input.patch.resource !== undefined || input.patch.start !== undefined;
      const tz = service.calendar.timezone;
      const resolved = wantsMove
        ? resolveSlotFor(service, input.patch.resource ?? row.resourceId, input.patch.start ?? instantIso(row.slotStart, tz), now, { staff })
        : undefined;
      const slot = resolved?.slot;
      const seats = seatsOf(service, answers);
      const moved = !!slot && (slot.startMs !== row.slotStart || slot.resource !== row.resourceId);
      const identity = identityOf(service.form, answers, row.memberId ?? undefined);
      checkQuotas(tx, {
        tenant,
        serviceId: service.id,
        quotas: service.quotas,
        identity,
        seats,
        slotDate: slot?.date ?? row.slotDate,
        now: now.getTime(),
        excludeBookingId: row.id,
      });

      if (moved || seats !== row.seats) {
        const held = tx.select().from(bookingUnits).where(eq(bookingUnits.bookingId, row.id)).all();
        releaseUnits(tx, { tenant, calendar: row.calendarId, slotStart: row.slotStart }, held);
        tx.delete(bookingUnits).where(eq(bookingUnits.bookingId, row.id)).run();
        const target = slot ?? service.calendar.findSlot(row.resourceId, row.slotStart);
        if (!target) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/start', 'booking.no_such_slot')] });
        insertBookingUnits(tx, row.id, target.units, seats);
        takeUnits(tx, { tenant, calendar: service.calendar.id, slotStart: target.startMs }, target.units, seats, {
          overrideCapacity: staff && input.overrideCapacity === true,
        });
      }
      const at = now.getTime();
      const target = moved ? slot! : undefined;
      tx.update(bookings)
        .set({
          ...(target
            ? {
                resourceId: target.resource,
                calendarId: service.calendar.id,
                slotStart: target.startMs,
                slotEnd: target.endMs,
                slotDate: target.date,
                slotStartLocal: target.startLocal,
              }
            : {}),
          seats,
          answersJson: JSON.stringify(answers),
          phoneKey: identity.phoneKey ?? null,
          emailKey: identity.emailKey ?? null,
          nameKey: identity.nameKey ?? null,
          updatedAt: at,
        })
        .where(eq(bookings.id, row.id))
        .run();
      writeAudit(tx, {
        tenant,
        at,
        actor: input.actor,
        action: 'booking.changed',
        target: { type: 'booking', id: row.receiptNo },
        details: {
          ...(target ? { from: { resource: row.resourceId, start: instantIso(row.slotStart, tz) }, to: { resource: target.resource, start: target.start } } : {}),
          answersChanged: input.patch.answers !== undefined,
          ...(resolved?.afterOnlineDeadline ? { afterOnlineDeadline: true } : {}),
          version: input.published.versionId,
        },
      });
      emitBookingEvent(tx, deps, input.published, 'booking.changed', row.id, { previous: row });
      const updated = tx.select().from(bookings).where(eq(bookings.id, row.id)).get()!;
      return toView(updated, service, at);
    },
    { behavior: 'immediate' },
  );
}
