import { describe, expect, it } from 'vitest';
import { createBookingWindow, parseDateTime } from './window';

const TZ = 'Asia/Tokyo';
const at = (iso: string) => Date.parse(iso);
const slot = (date: string, time: string) => ({ date, startMs: at(`${date}T${time}:00+09:00`) });

describe('booking window', () => {
  it('rolling: opens 60 days ahead at 00:00, closes at the end of the previous day ("from tomorrow")', () => {
    const w = createBookingWindow({ opensDaysBefore: 60, closesDaysBefore: 1 }, TZ);
    const s = slot('2027-01-29', '09:00'); // 60 days before 2027-01-29 is 2026-11-30
    expect(w.status(s, at('2026-11-29T23:59:59.999+09:00'))).toBe('not-open-yet');
    expect(w.status(s, at('2026-11-30T00:00:00+09:00'))).toBe('open');
    expect(w.status(s, at('2027-01-28T23:59:59.999+09:00'))).toBe('open');
    expect(w.status(s, at('2027-01-29T00:00:00+09:00'))).toBe('past');
    expect(w.bounds(s)).toEqual({ opensMs: at('2026-11-30T00:00:00+09:00'), closesMs: at('2027-01-29T00:00:00+09:00') });
  });

  it('rolling: opens at a time of day and closes hours before the start', () => {
    const w = createBookingWindow({ opensDaysBefore: 90, opensAt: '09:00', closesHoursBefore: 2 }, TZ);
    const s = slot('2027-06-09', '09:00'); // 90 days before is 2027-03-11
    expect(w.status(s, at('2027-03-11T08:59:59.999+09:00'))).toBe('not-open-yet');
    expect(w.status(s, at('2027-03-11T09:00:00+09:00'))).toBe('open');
    expect(w.status(s, at('2027-06-09T06:59:59.999+09:00'))).toBe('open');
    expect(w.status(s, at('2027-06-09T07:00:00+09:00'))).toBe('past');
  });

  it('closes on the day before at a given time (前日17時まで)', () => {
    const w = createBookingWindow({ closesDaysBefore: 1, closesAt: '17:00' }, TZ);
    const s = slot('2027-02-16', '15:00');
    expect(w.status(s, at('2027-02-15T16:59:59.999+09:00'))).toBe('open');
    expect(w.status(s, at('2027-02-15T17:00:00+09:00'))).toBe('past');
    expect(w.bounds(s).opensMs).toBe(-Infinity);
  });

  it('without options a slot is bookable until it starts', () => {
    const w = createBookingWindow({}, TZ);
    const s = slot('2027-02-16', '15:00');
    expect(w.status(s, at('2027-02-16T14:59:59.999+09:00'))).toBe('open');
    expect(w.status(s, at('2027-02-16T15:00:00+09:00'))).toBe('past');
  });

  it('fixed acceptance period (予約受付開始日時・終了日時) combined with the rolling close', () => {
    const w = createBookingWindow({ acceptFrom: '2027-02-01T09:00', acceptUntil: '2027-03-12T17:00:00+09:00', closesDaysBefore: 1 }, TZ);
    const first = slot('2027-02-16', '09:00');
    const last = slot('2027-03-15', '09:00');
    expect(w.status(first, at('2027-02-01T08:59:59.999+09:00'))).toBe('not-open-yet');
    expect(w.status(first, at('2027-02-01T09:00:00+09:00'))).toBe('open');
    expect(w.status(last, at('2027-03-12T16:59:59.999+09:00'))).toBe('open');
    expect(w.status(last, at('2027-03-12T17:00:00+09:00'))).toBe('past');
    // Past wins: before the period opens, a slot whose own window has closed is past.
    const early = createBookingWindow({ acceptFrom: '2027-02-01T09:00' }, TZ);
    expect(early.status(slot('2027-01-20', '09:00'), at('2027-01-25T10:00:00+09:00'))).toBe('past');
  });

  it('reads local date-times in the tenant zone and instants with their offset', () => {
    expect(parseDateTime('2027-02-01T09:00', TZ)).toBe(at('2027-02-01T00:00:00Z'));
    expect(parseDateTime('2027-02-01T09:00:30', TZ)).toBe(at('2027-02-01T00:00:30Z'));
    expect(parseDateTime('2027-02-01T09:00+00:00', TZ)).toBe(at('2027-02-01T09:00:00Z'));
    expect(parseDateTime('2027-02-30T09:00', TZ)).toBeUndefined();
    expect(parseDateTime('2027-02-01T24:00', TZ)).toBeUndefined();
    expect(parseDateTime('2027-02-01', TZ)).toBeUndefined();
  });
});
