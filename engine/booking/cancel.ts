// Use case: cancel a booking; its places are given back in the same transaction
// (transition() does that when the booking held them).
import type { Actor } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import type { CompiledService } from '../../blocks/service/block';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import type { Db } from '../db';
import { emitBookingEvent, type NotifyDeps } from '../notify/booking-events';
import { findBookingFor, type BookingAuth } from './find';
import './messages';
import { CANCELLED, isActive } from './status';
import { notActiveError, transition } from './transition';
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
      if (!isActive(row.status)) throw notActiveError(row.status);
      // The service may have been removed since; its booking can still be cancelled.
      const service = input.published.tenant.get('service', row.serviceId);
      if (input.actor.type !== 'staff' && service && at >= deadline(row.slotStart, service.cancelDeadlineHours)) {
        throw new EngineError('booking.cancel_closed');
      }
      const { holdsCapacity } = transition(tx, {
        booking: row,
        to: CANCELLED,
        actor: input.actor,
        at,
        ...(input.reason ? { reason: input.reason } : {}),
        details: { service: row.serviceId, resource: row.resourceId, slotStart: row.slotStart },
      });
      emitBookingEvent(tx, deps, input.published, 'booking.cancelled', row.id);
      return toView({ ...row, status: CANCELLED, holdsCapacity, cancelledAt: at, updatedAt: at }, service, at);
    },
    { behavior: 'immediate' },
  );
}
