// How long a permit is valid, in local dates (inclusive): until the end of the
// fiscal year (3月31日), or N months from the day it starts, ending the day before
// the corresponding day (民法143条; the end of the month when there is none).
import { addDays } from '../../engine/schedule/time';

export type Validity = { kind: 'fiscal-year-end' } | { kind: 'months'; months: number };

/** March 31 of the fiscal year (April–March) that contains `date`. */
export function fiscalYearEnd(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return `${m >= 4 ? y + 1 : y}-03-31`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The last valid day of a period of `months` starting on `from`. */
export function monthsLater(from: string, months: number): string {
  const y0 = Number(from.slice(0, 4));
  const m0 = Number(from.slice(5, 7));
  const d = Number(from.slice(8, 10));
  const total = m0 - 1 + months;
  const y = y0 + Math.floor(total / 12);
  const m = (total % 12) + 1;
  if (d > daysIn(y, m)) return `${y}-${pad(m)}-${pad(daysIn(y, m))}`;
  return addDays(`${y}-${pad(m)}-${pad(d)}`, -1);
}

export function validUntil(validity: Validity, from: string): string {
  return validity.kind === 'fiscal-year-end' ? fiscalYearEnd(from) : monthsLater(from, validity.months);
}

/**
 * When a newly granted permit starts: today, or the day after the member's current
 * permit ends when this is a renewal applied for before expiry (so no day is lost or doubled).
 */
export function renewalStart(today: string, currentUntil: string | undefined): string {
  if (!currentUntil || currentUntil < today) return today;
  return addDays(currentUntil, 1);
}

/** Whole days from `from` to `to` (local dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
