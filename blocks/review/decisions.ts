// 予約審査 and 取消審査 decided by staff: approve or reject a pending booking,
// approve or reject a requested cancellation. Each decision is one transition
// (status, places, history, audit) and a notice, in one transaction; a bulk
// approval is all or nothing.
import { bookingById } from '../../engine/booking/counters';
import type { Actor, Tx } from '../../engine/audit';
import { ADMITTED, CANCEL_REQUESTED, CANCELLED, PENDING, REJECTED, holdsIn, statusLabel, type BookingStatus } from '../../engine/booking/status';
import { transition } from '../../engine/booking/transition';
import { runCancelledHooks } from '../../engine/booking/cancel';
import type { BookingRow } from '../../engine/booking/view';
import type { PublishedTenant } from '../../engine/config/tenant';
import type { Clock } from '../../engine/core/clock';
import { EngineError } from '../../engine/core/errors';
import { sqlAll, transaction, type Db } from '../../engine/db';
import { emitBookingEvent, type NotifyDeps } from '../../engine/notify/booking-events';
import { instantIso } from '../../engine/schedule/time';
import type { CompiledReview } from './block';
import type { KindTenantView } from '../../engine/core/behaviour';

type Deps = { db: Db; clock: Clock } & NotifyDeps;

export const REVIEW_STAGE = 'review';
export const reviewFor = (tenant: KindTenantView, serviceId: string): CompiledReview | undefined => tenant.list('review').find((r) => r.service === serviceId);

/** Where an approved booking goes: the next stage of the service's chain, or confirmed. */
function nextState(published: PublishedTenant, row: BookingRow, now: number): { to: BookingStatus; holds: boolean; deadlineAt: number | null } {
  const service = published.tenant.get('service', row.serviceId);
  const chain = service?.admission ?? [];
  const next = chain[chain.indexOf(REVIEW_STAGE) + 1];
  const def = next ? published.tenant.registry.behaviour().admissionStages.get(next) : undefined;
  if (!service || !def) return { to: ADMITTED, holds: true, deadlineAt: null };
  return {
    to: def.status,
    holds: holdsIn(def.status, def.holdsCapacity?.(service, published.tenant) ?? true),
    deadlineAt: def.deadlineAt?.(service, published.tenant, { now, slotStart: row.slotStart }) ?? null,
  };
}

async function decideOne(tx: Tx, deps: Deps, published: PublishedTenant, rowIn: BookingRow, decision: 'approve' | 'reject', actor: Actor, reason: string | undefined, now: number): Promise<BookingStatus> {
  // Read again inside the write lock: another member of staff may have decided it meanwhile.
  const row = (await bookingById(tx, rowIn.id))!;
  const service = published.tenant.get('service', row.serviceId);
  const units = service?.calendar.findSlot(row.resourceId, row.slotStart)?.units;
  if (row.status === PENDING) {
    if (decision === 'reject') {
      if (!reason) throw new EngineError('review.reason_required');
      await transition(tx, { booking: row, to: REJECTED, actor, at: now, reason, deadlineAt: null, action: 'review.rejected' });
      await emitBookingEvent(tx, deps, published, 'review.rejected', row.id, { vars: { review: { reason } } });
      return REJECTED;
    }
    const next = nextState(published, row, now);
    await transition(tx, { booking: row, to: next.to, actor, at: now, serviceHolds: next.holds, ...(units ? { take: units } : {}), deadlineAt: next.deadlineAt, action: 'review.approved', ...(reason ? { reason } : {}) });
    await emitBookingEvent(tx, deps, published, 'review.approved', row.id, { admitted: next.to === ADMITTED });
    return next.to;
  }
  if (row.status === CANCEL_REQUESTED) {
    if (decision === 'approve') {
      await transition(tx, { booking: row, to: CANCELLED, actor, at: now, action: 'review.cancel_approved', ...(reason ? { reason } : {}) });
      await emitBookingEvent(tx, deps, published, 'booking.cancelled', row.id);
      await runCancelledHooks({ tx, deps, published, booking: { ...row, status: CANCELLED, cancelledAt: now, updatedAt: now }, actor, at: now });
      return CANCELLED;
    }
    if (!reason) throw new EngineError('review.reason_required');
    await transition(tx, { booking: row, to: ADMITTED, actor, at: now, reason, action: 'review.cancel_rejected' });
    await emitBookingEvent(tx, deps, published, 'review.cancel_rejected', row.id, { vars: { review: { reason } } });
    return ADMITTED;
  }
  throw new EngineError('review.nothing_to_decide', { receiptNo: row.receiptNo, status: statusLabel(row.status, 'ja'), statusEn: statusLabel(row.status, 'en') });
}

/** Decides several bookings in one transaction: all of them, or none (the error names the receipt number). */
export function decide(deps: Deps, input: { published: PublishedTenant; rows: readonly BookingRow[]; decision: 'approve' | 'reject'; actor: Actor; reason?: string }): Promise<{ receiptNo: string; status: BookingStatus; statusLabel: string }[]> {
  const now = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const out: { receiptNo: string; status: BookingStatus; statusLabel: string }[] = [];
    for (const row of input.rows) {
      const status = await decideOne(tx, deps, input.published, row, input.decision, input.actor, input.reason?.trim() || undefined, now);
      out.push({ receiptNo: row.receiptNo, status, statusLabel: statusLabel(status, 'ja') });
    }
    return out;
  });
}

export interface QueueRow {
  receiptNo: string;
  status: BookingStatus;
  statusLabel: string;
  service: string;
  serviceTitle: string;
  resource: string;
  start: string;
  appliedAt: string;
  decideBy: string | null;
  overdue: boolean;
  name: string;
}

/** The review queue: pending bookings and requested cancellations, oldest first. */
export async function reviewQueue(db: Db, published: PublishedTenant, q: { services: readonly string[]; from?: string; to?: string; now: number }): Promise<QueueRow[]> {
  const tenant = published.tenant;
  const services = tenant.list('review').map((r) => r.service).filter((s) => q.services.includes(s));
  if (services.length === 0) return [];
  // The services as one placeholder each (no json_each: portable SQL); the date bounds only when given.
  const rows = await sqlAll<Record<string, unknown>>(
    db,
    `SELECT * FROM bookings WHERE tenant_slug = ? AND status IN (?, ?) AND service_id IN (${services.map(() => '?').join(', ')})${q.from !== undefined ? ' AND slot_date >= ?' : ''}${q.to !== undefined ? ' AND slot_date <= ?' : ''} ORDER BY created_at, id LIMIT 1000`,
    [tenant.slug, PENDING, CANCEL_REQUESTED, ...services, ...(q.from !== undefined ? [q.from] : []), ...(q.to !== undefined ? [q.to] : [])],
  );
  return rows.map((r) => {
    const service = tenant.get('service', r.service_id as string);
    const tz = service?.calendar.timezone ?? 'Asia/Tokyo';
    const review = reviewFor(tenant, r.service_id as string);
    const deadline = r.status === PENDING && review?.decideWithinHours ? (r.created_at as number) + review.decideWithinHours * 3_600_000 : null;
    const answers = JSON.parse(r.answers_json as string) as Record<string, unknown>;
    return {
      receiptNo: r.receipt_no as string,
      status: r.status as BookingStatus,
      statusLabel: statusLabel(r.status as BookingStatus, 'ja'),
      service: r.service_id as string,
      serviceTitle: service?.title ?? (r.service_id as string),
      resource: service?.calendar.resources.find((x) => x.id === r.resource_id)?.title ?? (r.resource_id as string),
      start: instantIso(r.slot_start as number, tz),
      appliedAt: instantIso(r.created_at as number, tz),
      decideBy: deadline !== null ? instantIso(deadline, tz) : null,
      overdue: deadline !== null && q.now >= deadline,
      name: typeof answers.name === 'string' ? answers.name : '',
    };
  });
}
