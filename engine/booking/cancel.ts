// Use case: cancel a booking; its places are given back in the same transaction
// (transition() does that when the booking held them).
import { READ_COMMITTED } from './isolation';
import type { Actor } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import type { CompiledService } from '../../blocks/service/block';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { transaction, type Db } from '../db';
import { emitBookingEvent, type NotifyDeps } from '../notify/booking-events';
import { findBookingFor, type BookingAuth } from './find';
import './messages';
import { CANCELLED, CANCEL_REQUESTED, isActive } from './status';
import { notActiveError, transition } from './transition';
import { deadline, toView, type BookingView } from './view';
import type { CancellationPolicy, CancelledContext } from '../core/behaviour';

const STRICTNESS = { allow: 0, review: 1, refuse: 2 } as const;

/** What kinds do when a booking is cancelled (a 還付 request…), in the cancelling transaction; also called by an approved 取消審査. */
export async function runCancelledHooks(ctx: CancelledContext): Promise<void> {
  const service = ctx.published.tenant.get('service', ctx.booking.serviceId);
  for (const c of ctx.published.tenant.registry.behaviour().cancellation) {
    if (c.cancelled && (!service || c.appliesTo(service, ctx.published.tenant))) await c.cancelled(ctx);
  }
}

export interface CancelInput {
  published: PublishedTenant;
  receiptNo: string;
  auth: BookingAuth;
  actor: Actor;
  reason?: string;
  /** Slots of a bundle cancelled together (bundle.ts): one message for all — `quiet` on the others, the first carrying every slot. */
  notice?: { quiet: true } | { bookingVars: Record<string, string> };
}

export async function cancelBooking(deps: { db: Db; clock: Clock } & NotifyDeps, input: CancelInput): Promise<BookingView> {
  const { db, clock } = deps;
  const at = clock.now().getTime();
  const tenant = input.published.tenant.slug;
  return transaction(db, async (tx) => {
    const row = await findBookingFor(tx, tenant, input.receiptNo, input.auth);
    if (!isActive(row.status)) throw notActiveError(row.status);
    // The service may have been removed since; its booking can still be cancelled.
    const service = input.published.tenant.get('service', row.serviceId);
    if (input.actor.type !== 'staff' && service && at >= deadline(row.slotStart, service.cancelDeadlineHours)) {
      throw new EngineError('booking.cancel_closed');
    }
    if (input.actor.type !== 'staff' && service) {
      // 取消審査: a kind may send a resident's cancellation to staff, or refuse it online; the strictest answer wins.
      let policy: CancellationPolicy | undefined;
      let decision: 'allow' | 'review' | 'refuse' = 'allow';
      for (const c of input.published.tenant.registry.behaviour().cancellation) {
        if (!c.appliesTo(service, input.published.tenant)) continue;
        const d = await c.decide(service, input.published.tenant, { tx, row });
        if (STRICTNESS[d] > STRICTNESS[decision]) [policy, decision] = [c, d];
      }
      if (decision === 'refuse') throw new EngineError('booking.cancel_refused');
      if (decision === 'review') {
        if (row.status === CANCEL_REQUESTED) throw new EngineError('booking.cancel_already_requested');
        await transition(tx, { booking: row, to: CANCEL_REQUESTED, actor: input.actor, at, ...(input.reason ? { reason: input.reason } : {}) });
        if (policy?.requestedEvent) await emitBookingEvent(tx, deps, input.published, policy.requestedEvent, row.id);
        return toView({ ...row, status: CANCEL_REQUESTED, updatedAt: at }, service, at);
      }
    }
    const { holdsCapacity } = await transition(tx, {
      booking: row,
      to: CANCELLED,
      actor: input.actor,
      at,
      ...(input.reason ? { reason: input.reason } : {}),
      details: { service: row.serviceId, resource: row.resourceId, slotStart: row.slotStart },
    });
    await emitBookingEvent(tx, deps, input.published, 'booking.cancelled', row.id, input.notice ?? {});
    await runCancelledHooks({ tx, deps, published: input.published, booking: { ...row, status: CANCELLED, cancelledAt: at, updatedAt: at }, actor: input.actor, at });
    return toView({ ...row, status: CANCELLED, holdsCapacity, cancelledAt: at, updatedAt: at }, service, at);
  }, READ_COMMITTED);
}
