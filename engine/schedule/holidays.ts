// Japanese national holidays as versioned data (@holiday-jp/holiday_jp).
// Lookups go by local date string, so they never depend on the process time zone.
import holidayJp from '@holiday-jp/holiday_jp';

/** The data package and its version: record it with anything derived from holidays. */
export const HOLIDAY_DATA_PACKAGE = '@holiday-jp/holiday_jp';
export const HOLIDAY_DATA_VERSION: string = holidayJp.VERSION;

export interface Holiday {
  date: string;
  name: string;
  nameEn: string;
}

const table = holidayJp.holidays as unknown as Record<string, { date: string; name: string; name_en: string }>;
const keys = Object.keys(table).sort();

/** First and last holiday the data knows; dates after `last`'s year have no holidays. */
export const HOLIDAY_DATA_RANGE: { first: string; last: string } = { first: keys[0], last: keys[keys.length - 1] };

/** The national holiday on a local date (YYYY-MM-DD), including 振替休日 and 国民の休日. */
export function nationalHoliday(date: string): Holiday | undefined {
  const h = table[date];
  return h ? { date, name: h.name, nameEn: h.name_en } : undefined;
}

export function isNationalHoliday(date: string): boolean {
  return table[date] !== undefined;
}

/** National holidays in [from, to] (local dates, inclusive), in date order. */
export function nationalHolidaysBetween(from: string, to: string): Holiday[] {
  const out: Holiday[] = [];
  for (const d of keys) if (d >= from && d <= to) out.push(nationalHoliday(d)!);
  return out;
}
