// The booking window of a slot: a fixed acceptance period (seed 001 予約受付開始日時/
// 終了日時) and/or a rolling one (opens N days ahead, closes M hours or K days before).
import { addDays, localToEpoch, parseInstant } from './time';

export interface BookingWindowOptions {
  /** Opens at `opensAt` (default 00:00) local time, N days before the slot's date. */
  opensDaysBefore?: number;
  opensAt?: string;
  /** Closes M hours before the slot starts (default 0: at the start). */
  closesHoursBefore?: number;
  /** Closes at `closesAt` (default 24:00) local time, K days before the slot's date; 1 = "from tomorrow". */
  closesDaysBefore?: number;
  closesAt?: string;
  /** Fixed acceptance period: local "YYYY-MM-DDTHH:MM" or ISO 8601 with offset. */
  acceptFrom?: string;
  acceptUntil?: string;
}

export type WindowStatus = 'open' | 'not-open-yet' | 'past';

export interface BookingWindow {
  /** First instant the slot may be booked (-Infinity = always) and the instant booking closes. */
  bounds(slot: { date: string; startMs: number }): { opensMs: number; closesMs: number };
  /** `past` wins over `not-open-yet`: a slot whose window has closed can never open again. */
  status(slot: { date: string; startMs: number }, nowMs: number): WindowStatus;
}

/** Epoch ms of a local "YYYY-MM-DDTHH:MM[:SS]" in the zone, or of an ISO instant with offset. */
export function parseDateTime(s: string, timeZone: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/.exec(s);
  // Date.UTC rolls 02-30 over to March; a date that does not round-trip never existed.
  if (!m || addDays(m[1], 0) !== m[1] || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return undefined;
  if (m[5]) return parseInstant(s);
  return localToEpoch(m[1], `${m[2]}:${m[3]}`, timeZone) + Number(m[4] ?? 0) * 1000;
}

export function createBookingWindow(o: BookingWindowOptions, timeZone: string): BookingWindow {
  const acceptFrom = o.acceptFrom !== undefined ? parseDateTime(o.acceptFrom, timeZone) ?? Infinity : -Infinity;
  const acceptUntil = o.acceptUntil !== undefined ? parseDateTime(o.acceptUntil, timeZone) ?? -Infinity : Infinity;
  const closesBeforeMs = (o.closesHoursBefore ?? 0) * 3_600_000;
  const perDate = new Map<string, { opens: number; closes: number }>();

  const dateBounds = (date: string) => {
    let b = perDate.get(date);
    if (!b) {
      const rollingOpen = o.opensDaysBefore !== undefined ? localToEpoch(addDays(date, -o.opensDaysBefore), o.opensAt ?? '00:00', timeZone) : -Infinity;
      const dayClose = o.closesDaysBefore !== undefined ? localToEpoch(addDays(date, -o.closesDaysBefore), o.closesAt ?? '24:00', timeZone) : Infinity;
      b = { opens: Math.max(acceptFrom, rollingOpen), closes: Math.min(acceptUntil, dayClose) };
      if (perDate.size > 20_000) perDate.clear();
      perDate.set(date, b);
    }
    return b;
  };

  const bounds = (slot: { date: string; startMs: number }) => {
    const b = dateBounds(slot.date);
    return { opensMs: b.opens, closesMs: Math.min(b.closes, slot.startMs - closesBeforeMs) };
  };

  return {
    bounds,
    status(slot, nowMs) {
      const { opensMs, closesMs } = bounds(slot);
      if (nowMs >= closesMs) return 'past';
      if (nowMs < opensMs) return 'not-open-yet';
      return 'open';
    },
  };
}
