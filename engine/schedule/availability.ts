// Availability of a calendar over local dates: a pure function of the compiled
// calendar, the clock and the usage counters (no I/O, so the caller decides how
// `used` is read — one indexed query over slot_counters for the range).
import type { CalendarSlotStatus, ClosedReason, CompiledCalendar, SlotStatus } from './types';

export interface SlotAvailability {
  resource: string;
  /** Local date YYYY-MM-DD of the slot (for grouping a grid by day). */
  date: string;
  /** ISO 8601 with offset: 2026-12-01T09:00:00+09:00. */
  start: string;
  end: string;
  /** Capacity of the slot: for a composite resource, the smallest capacity of its units. */
  capacity: number;
  /** Places left: min over units of (capacity − used), never negative; 0 when closed. */
  remaining: number;
  status: SlotStatus;
  reason?: ClosedReason;
  /** For closed slots: the holiday's name or the closure's note. */
  note?: string;
  /** For slots a kind holds (status `lottery`): the words for the grid and the page that takes entries. */
  hold?: { label: { ja: string; en: string }; href?: string };
  /** For full slots: another way on (a waiting list). */
  action?: { label: { ja: string; en: string }; href: string };
}

export interface AvailabilityQuery {
  /** Local dates, inclusive. */
  from: string;
  to: string;
  /** Only this resource. */
  resource?: string;
  now: Date;
  /** Staff at the desk: a slot whose online booking has closed stays bookable until it starts (walk-ins, phone calls). */
  staff?: boolean;
  /**
   * Places already taken in a unit's slot. Each unit has its own counter and a
   * booking of a composite (全面) increments every unit it consumes, so the caller
   * only answers per unit. `calendarId` is passed for callers keyed across calendars.
   */
  used(unit: string, slotStartMs: number, calendarId: string): number;
}

/**
 * Slots of [from, to] for each resource (by resource, then start), each with its status.
 * The status is decided in this order; the first that holds wins:
 *   1. closed        the day is closed (holiday, closure, regular closed day); `reason` says which
 *   2. past          the booking window has closed (or the fixed acceptance period has ended)
 *   3. not-open-yet  the booking window has not opened yet
 *   4. full          no place left (remaining <= 0, also when capacity is 0)
 *   5. open          bookable
 * A kind's SlotHold (engine/booking/availability.ts) then turns not-open-yet, full and
 * open into its own status (the lottery kind's `lottery`): not first-come until the draw.
 */
export function computeAvailability(calendar: CompiledCalendar, q: AvailabilityQuery): SlotAvailability[] {
  const now = new Date(q.now.getTime());
  const out: SlotAvailability[] = [];
  const id = calendar.id;
  for (const slot of calendar.expand(q.from, q.to, q.resource)) {
    const units = slot.units;
    let capacity = units[0].capacity;
    for (let i = 1; i < units.length; i++) capacity = Math.min(capacity, units[i].capacity);
    if (slot.closed) {
      const row: SlotAvailability = { resource: slot.resource, date: slot.date, start: slot.start, end: slot.end, capacity, remaining: 0, status: 'closed', reason: slot.closed };
      if (slot.note !== undefined) row.note = slot.note;
      out.push(row);
      continue;
    }
    let remaining = Infinity;
    for (const u of units) remaining = Math.min(remaining, u.capacity - q.used(u.unit, slot.startMs, id));
    if (remaining < 0) remaining = 0;
    let w = calendar.windowStatus(slot, now);
    if (w === 'past' && q.staff && slot.startMs > now.getTime()) w = 'open';
    const status: CalendarSlotStatus = w !== 'open' ? w : remaining <= 0 ? 'full' : 'open';
    out.push({ resource: slot.resource, date: slot.date, start: slot.start, end: slot.end, capacity, remaining, status });
  }
  return out;
}
