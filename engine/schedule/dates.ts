// Generic rules on local dates (YYYY-MM-DD): weekday codes, yearly ranges that may
// wrap the year end, and weekday closures with the Japanese holiday shift.
import { addDays, weekdayOf } from './time';

export const WEEKDAY_CODES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

/** 0 = Sunday … 6 = Saturday, as weekdayOf(). */
export const weekdayIndex = (code: WeekdayCode): number => WEEKDAY_CODES.indexOf(code);

/** Local dates from `from` to `to` inclusive (empty when reversed). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A calendar date 'YYYY-MM-DD' that exists (2027-02-30 does not). */
export function isDate(s: unknown): s is string {
  return typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && addDays(s, 0) === s;
}

/** A month 'YYYY-MM'. */
export const isMonth = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

/** The month n months after (before, for n < 0) a month 'YYYY-MM'. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/** Whole months from a to b ('YYYY-MM'); negative when b is before a. */
export function monthsBetween(a: string, b: string): number {
  const [ay, am] = a.split('-').map(Number);
  const [by, bm] = b.split('-').map(Number);
  return (by - ay) * 12 + (bm - am);
}

/** The last day of a month 'YYYY-MM'. */
export function lastDayOfMonth(month: string): string {
  return addDays(`${addMonths(month, 1)}-01`, -1);
}

/** A month-day MM-DD that exists in some year (02-29 does). */
export function isValidMonthDay(md: string): boolean {
  const m = /^(\d{2})-(\d{2})$/.exec(md);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= MONTH_DAYS[month - 1];
}

/** Whether a date falls in a yearly range MM-DD..MM-DD; from > to wraps the year end (12-29..01-03). */
export function inYearlyRange(date: string, from: string, to: string): boolean {
  const md = date.slice(5);
  return from <= to ? md >= from && md <= to : md >= from || md <= to;
}

export interface WeekdayClosureOptions {
  /** Weekdays the facility is closed on (0 = Sunday). */
  days: readonly number[];
  /**
   * 「月曜休館（祝日の場合は翌平日）」: a closed weekday that is a holiday stays OPEN,
   * and the closure moves to the next weekday (Mon–Fri) that is neither a holiday
   * nor one of `days` (those are closed anyway, so the shift would be lost).
   */
  holidayShift?: boolean;
  isHoliday(date: string): boolean;
}

/** Returns whether the weekday rule closes a date. */
export function createWeekdayClosure(o: WeekdayClosureOptions): (date: string) => boolean {
  const days = new Set(o.days);
  const isWeekend = (wd: number) => wd === 0 || wd === 6;
  return (date) => {
    const wd = weekdayOf(date);
    if (!o.holidayShift) return days.has(wd);
    if (days.has(wd)) return !o.isHoliday(date);
    if (isWeekend(wd) || o.isHoliday(date)) return false;
    // `date` is a possible target: walk back over days the shift skips, looking for a holiday closed weekday.
    for (let p = addDays(date, -1), n = 0; n < 31; p = addDays(p, -1), n++) {
      const pw = weekdayOf(p);
      const holiday = o.isHoliday(p);
      if (days.has(pw) && holiday) return true;
      if (!(holiday || isWeekend(pw) || days.has(pw))) return false;
    }
    return false;
  };
}
