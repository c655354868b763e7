// Use case: cancel a booking; its places are given back in the same transaction.
import { eq } from 'drizzle-orm';
import { writeAudit, type Actor } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import type { CompiledService } from '../../blocks/service/block';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import type { Db } from '../db';
import { bookingUnits, bookings } from '../db/schema';
import { emitBookingEvent, type NotifyDeps } from '../notify/booking-events';
import { releaseUnits } from './counters';
import { findBookingFor, type BookingAuth } from './find';
import './messages';
import { deadline, toView, type BookingView } from './view';

export interface CancelInput {
  published: PublishedTenant;
  receiptNo: string;
  auth: BookingAuth;
  actor: Actor;
  reason?: string;
}

export function cancelBooking(deps: { db: Db; clock: Clock } & NotifyDeps, input: CancelInput): BookingView {
  const { db, clock } = deps;
  const at = clock.now().getTime();
  const tenant = input.published.tenant.slug;
  return db.transaction(
    (tx) => {
      const row = findBookingFor(tx, tenant, input.receiptNo, input.auth);
      if (row.status !== 'confirmed') throw new EngineError('booking.already_cancelled');
      // The service may have been removed since; its booking can still be cancelled.
      const service = input.published.tenant.get<CompiledService>('service', row.serviceId);
      if (input.actor.type !== 'staff' && service && at >= deadline(row.slotStart, service.cancelDeadlineHours)) {
        throw new EngineError('booking.cancel_closed');
      }
      const held = tx.select().from(bookingUnits).where(eq(bookingUnits.bookingId, row.id)).all();
      releaseUnits(tx, { tenant, calendar: row.calendarId, slotStart: row.slotStart }, held);
      tx.update(bookings).set({ status: 'cancelled', cancelledAt: at, updatedAt: at }).where(eq(bookings.id, row.id)).run();
      writeAudit(tx, {
        tenant,
        at,
        actor: input.actor,
        action: 'booking.cancelled',
        target: { type: 'booking', id: row.receiptNo },
        details: { service: row.serviceId, resource: row.resourceId, slotStart: row.slotStart, ...(input.reason ? { reason: input.reason } : {}) },
      });
      emitBookingEvent(tx, deps, input.published, 'booking.cancelled', row.id);
      return toView({ ...row, status: 'cancelled', cancelledAt: at, updatedAt: at }, service, at);
    },
    { behavior: 'immediate' },
  );
}
