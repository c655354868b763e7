// The schedule contract: what a compiled calendar offers to booking and availability.

export type ClosedReason = 'holiday' | 'closure' | 'closed-day';
/** What the calendar itself decides. */
export type CalendarSlotStatus = 'open' | 'full' | 'closed' | 'not-open-yet' | 'past';
/** A calendar status, or the status a kind's SlotHold gives the slots it holds (the lottery kind: `lottery`). */
export type SlotStatus = CalendarSlotStatus | (string & {});

export interface CalendarResource {
  id: string;
  title: string;
  titleEn: string;
  /** Capacity units this resource consumes: itself, or several (全面 = A面 + B面). */
  units: readonly string[];
}

/** One bookable (or would-be, if `closed`) time slot of one resource. */
export interface Slot {
  resource: string;
  /** Local date YYYY-MM-DD and local times HH:MM in the calendar's zone. */
  date: string;
  startLocal: string;
  endLocal: string;
  /** ISO 8601 with offset. */
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  /** Capacity of each unit this slot consumes. */
  units: readonly { unit: string; capacity: number }[];
  /** Set when the slot would exist by the weekly rules but the day is closed. */
  closed?: ClosedReason;
  /** Why, in words: the holiday's name or the closure's note (Japanese, as configured). */
  note?: string;
}

/** A closed day for the staff preview; without `resource` it applies to every resource open that day. */
export interface ClosedDay {
  date: string;
  resource?: string;
  reason: ClosedReason;
  note?: string;
}

export interface CompiledCalendar {
  id: string;
  title: string;
  timezone: string;
  slotMinutes: number;
  /** Whether residents may see availability (some facilities hide it). */
  publicAvailability: boolean;
  resources: readonly CalendarResource[];
  /** Slots of [fromDate, toDate] (local dates, inclusive), by resource then start. */
  expand(fromDate: string, toDate: string, resource?: string): Slot[];
  /** The open slot of a resource starting at the instant, if any. */
  findSlot(resource: string, startMs: number): Slot | undefined;
  /** Where `now` stands relative to the slot's booking window. */
  windowStatus(slot: Slot, now: Date): 'open' | 'not-open-yet' | 'past';
  /** The booking window of a slot: bookable when opensMs <= now < closesMs (opensMs may be -Infinity). */
  windowBounds(slot: Slot): { opensMs: number; closesMs: number };
  /** Days in [fromDate, toDate] on which a resource would have had slots but is closed (builder preview). */
  closedDays(fromDate: string, toDate: string): ClosedDay[];
  /** Version of the national holiday data the calendar was compiled with (@holiday-jp/holiday_jp). */
  holidayDataVersion: string;
}
