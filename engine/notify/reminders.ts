// Reminders before a booking (seed 004: 前日, 3日前 …). They are outbox rows
// with a future due time, written in the booking's own transaction: scheduled
// when it is confirmed, withdrawn and scheduled again when it changes, withdrawn
// when it is cancelled. Sent once: a row is delivered once whatever restarts.
import type { Tx } from '../audit';
import type { Db } from '../db';
import { addDays, localToEpoch } from '../schedule/time';
import './messages';
import { withdrawReminders } from './outbox';

/** `days` before the slot's local date at local time `at`, or `hours` before the start. */
export type ReminderOffset = { days: number; at: string } | { hours: number };

export function reminderDueAt(before: ReminderOffset, slot: { date: string; startMs: number }, timeZone: string): number {
  if ('hours' in before) return slot.startMs - before.hours * 3_600_000;
  return localToEpoch(addDays(slot.date, -before.days), before.at, timeZone);
}

export interface ReminderPlan<M> {
  bookingId: number;
  event: 'booking.confirmed' | 'booking.changed' | 'booking.cancelled';
  slot: { date: string; startMs: number };
  timeZone: string;
  now: number;
  reminders: readonly (M & { before: ReminderOffset })[];
  /** Writes the outbox row(s) of one reminder, due at `dueAt`, pointless after `notAfter`. */
  schedule(message: M, dueAt: number, notAfter: number): Promise<void>;
}

/**
 * Keeps a booking's reminders in step with it. A change withdraws what is still
 * pending and schedules again from the new slot (and the new answers); a reminder
 * already sent stays sent, and one whose time has passed is not scheduled (a
 * booking made the evening before gets no "day before" reminder).
 */
export async function syncReminders<M>(tx: Tx | Db, plan: ReminderPlan<M>): Promise<void> {
  if (plan.event !== 'booking.confirmed') {
    const reason = plan.event === 'booking.cancelled' ? 'notification.withdrawn_cancelled' : 'notification.withdrawn_changed';
    await withdrawReminders(tx, plan.bookingId, reason, plan.now);
  }
  if (plan.event === 'booking.cancelled') return;
  for (const r of plan.reminders) {
    const due = reminderDueAt(r.before, plan.slot, plan.timeZone);
    if (due > plan.now && due < plan.slot.startMs) await plan.schedule(r, due, plan.slot.startMs);
  }
}
