// The calendar block as written in a tenant file (see schema.json for the rules of each part).
import type { RawBlock } from '../../engine/core/block';
import type { WeekdayCode } from '../../engine/schedule/dates';
import type { BookingWindowOptions } from '../../engine/schedule/window';

export type { WeekdayCode };

export interface ResourceDef {
  id: string;
  title: string;
  titleEn?: string;
  /** Composite resource (全面 = A面 + B面): the unit resources it consumes. */
  consumes?: string[];
  capacity?: number;
}

/** Opening hours (一括登録): on weekdays `days` or the dates of `rrule`, within [start, end]. */
export interface OpeningRule {
  days?: WeekdayCode[];
  rrule?: string;
  start?: string;
  end?: string;
  open: string;
  close: string;
  resources?: string[];
  capacity?: number;
}

/** 除外時間: removed from the opening hours (lunch break). */
export interface Exclusion {
  from: string;
  to: string;
  days?: WeekdayCode[];
  resources?: string[];
  note?: string;
}

/** Capacity override; the last matching rule wins. A slot matches `from`/`to` by its start. */
export interface CapacityRule {
  capacity: number;
  resources?: string[];
  days?: WeekdayCode[];
  from?: string;
  to?: string;
  dates?: string[];
}

export interface HolidayPolicy {
  closed?: boolean;
  resources?: string[];
  openOn?: string[];
  extra?: { date: string; name: string; nameEn?: string }[];
}

export interface Closures {
  dates?: { date: string; to?: string; resources?: string[]; note?: string }[];
  yearly?: { from: string; to: string; resources?: string[]; note?: string }[];
  weekdays?: { days: WeekdayCode[]; holidayShift?: boolean; resources?: string[]; note?: string }[];
  rrules?: { rrule: string; start?: string; resources?: string[]; note?: string }[];
}

/** 個別登録: one date (and resources) closed, or open with its own hours and/or capacity. */
export interface DateException {
  date: string;
  resources?: string[];
  closed?: boolean;
  hours?: { open: string; close: string }[];
  capacity?: number;
  note?: string;
}

export interface CalendarBlock extends RawBlock {
  kind: 'calendar';
  title: string;
  resources: ResourceDef[];
  slotMinutes: number;
  capacity: number;
  weekly: OpeningRule[];
  exclusions?: Exclusion[];
  capacityRules?: CapacityRule[];
  holidays?: HolidayPolicy;
  closures?: Closures;
  exceptions?: DateException[];
  publicAvailability?: boolean;
  bookingWindow?: BookingWindowOptions;
}
