// One transition function: every change of a booking's state goes through here,
// in the caller's transaction (status, places, history row, audit row).
import { writeAudit, type Actor, type Tx } from '../audit';
import { EngineError } from '../core/errors';
import { sqlAll, sqlRun } from '../db';
import { releaseUnits, takeUnits, type UnitTake } from './counters';
import './messages';
import { CANCELLED, canMove, holdsIn, isFinal, statusLabel, type BookingStatus } from './status';

/** The refusal for a booking that can no longer be acted on. */
export function notActiveError(status: BookingStatus): EngineError {
  return status === CANCELLED ? new EngineError('booking.already_cancelled') : new EngineError('booking.not_active', { status: statusLabel(status, 'ja'), statusEn: statusLabel(status, 'en') });
}

export interface TransitionRow {
  id: number;
  tenantSlug: string;
  receiptNo: string;
  status: BookingStatus;
  holdsCapacity: boolean;
  calendarId: string;
  slotStart: number;
}

export interface TransitionInput {
  booking: TransitionRow;
  to: BookingStatus;
  actor: Actor;
  at: number;
  reason?: string;
  /** For 'service'-capacity states: whether the booking holds its places there. */
  serviceHolds?: boolean;
  /** Units with their current capacity, needed when the booking starts holding places. */
  take?: readonly UnitTake[];
  overrideCapacity?: boolean;
  /** A deadline for the new state (payment, offer, review), or null to clear it. */
  deadlineAt?: number | null;
  /** The audit action; default `booking.<to>`. */
  action?: string;
  details?: Record<string, unknown>;
}

/**
 * Moves a booking to another state in the caller's transaction: checks the move is
 * allowed, takes or gives back its places when holding changes, writes the status,
 * a history row and the audit row. Returns the new holding flag.
 */
export async function transition(tx: Tx, input: TransitionInput): Promise<{ holdsCapacity: boolean }> {
  const { booking: b, to } = input;
  if (!canMove(b.status, to)) {
    if (isFinal(b.status)) throw notActiveError(b.status);
    throw new EngineError('booking.invalid_transition', { from: statusLabel(b.status, 'ja'), to: statusLabel(to, 'ja'), fromEn: statusLabel(b.status, 'en'), toEn: statusLabel(to, 'en') });
  }
  const holds = holdsIn(to, input.serviceHolds ?? b.holdsCapacity);
  const where = { tenant: b.tenantSlug, calendar: b.calendarId, slotStart: b.slotStart };
  if (b.holdsCapacity && !holds) {
    const held = await sqlAll<{ unit: string; seats: number }>(tx, 'SELECT unit, seats FROM booking_units WHERE booking_id = ?', [b.id]);
    await releaseUnits(tx, where, held);
  } else if (!b.holdsCapacity && holds) {
    if (!input.take) throw new Error(`transition to ${to} takes places: pass the units with their capacity`);
    const held = await sqlAll<{ unit: string; seats: number }>(tx, 'SELECT unit, seats FROM booking_units WHERE booking_id = ?', [b.id]);
    const seats = held[0]?.seats ?? 1;
    await takeUnits(tx, where, input.take.filter((u) => held.some((h) => h.unit === u.unit)), seats, { overrideCapacity: input.overrideCapacity ?? false });
  }
  const finalNow = isFinal(to);
  const setDeadline = input.deadlineAt !== undefined;
  await sqlRun(
    tx,
    `UPDATE bookings SET status = ?, holds_capacity = ?, updated_at = ?,
       cancelled_at = CASE WHEN ? = 1 THEN ? ELSE cancelled_at END,
       deadline_at = CASE WHEN ? = 1 THEN ? ELSE deadline_at END
     WHERE id = ?`,
    [to, holds ? 1 : 0, input.at, finalNow ? 1 : 0, input.at, setDeadline ? 1 : 0, input.deadlineAt ?? null, b.id],
  );
  await recordHistory(tx, { bookingId: b.id, tenant: b.tenantSlug, at: input.at, from: b.status, to, actor: input.actor, reason: input.reason });
  await writeAudit(tx, {
    tenant: b.tenantSlug,
    at: input.at,
    actor: input.actor,
    action: input.action ?? `booking.${to}`,
    target: { type: 'booking', id: b.receiptNo },
    details: { from: b.status, to, ...(input.reason ? { reason: input.reason } : {}), ...input.details },
  });
  return { holdsCapacity: holds };
}

/** A history row: who moved the booking from which state to which, when and why. */
export async function recordHistory(tx: Tx, h: { bookingId: number; tenant: string; at: number; from: BookingStatus | null; to: BookingStatus; actor: Actor; reason?: string | undefined }): Promise<void> {
  await sqlRun(tx, 'INSERT INTO booking_history (booking_id, tenant_slug, at, from_status, to_status, actor_type, actor_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    h.bookingId,
    h.tenant,
    h.at,
    h.from,
    h.to,
    h.actor.type,
    h.actor.id ?? null,
    h.reason ?? null,
  ]);
}
