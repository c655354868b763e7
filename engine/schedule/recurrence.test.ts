import { describe, expect, it } from 'vitest';
import { checkRecurrence, createRecurrence } from './recurrence';

describe('recurrence rules', () => {
  it('every 3rd Monday, counted within each month', () => {
    const r = createRecurrence('FREQ=MONTHLY;BYDAY=+3MO');
    expect(r.between('2027-01-01', '2027-06-30')).toEqual(['2027-01-18', '2027-02-15', '2027-03-15', '2027-04-19', '2027-05-17', '2027-06-21']);
  });

  it('clamping to a window that starts mid-month keeps the month count (not the 3rd Monday after the 10th)', () => {
    const r = createRecurrence('RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=3');
    expect(r.between('2027-01-10', '2027-01-31')).toEqual(['2027-01-18']);
    expect(r.occursOn('2027-01-25')).toBe(false);
    expect(r.occursOn('2027-01-18')).toBe(true);
  });

  it('a phase-dependent rule counts from its start, across years', () => {
    const r = createRecurrence('FREQ=WEEKLY;INTERVAL=2;BYDAY=SA', '2026-12-19');
    expect(r.between('2027-01-01', '2027-02-28')).toEqual(['2027-01-02', '2027-01-16', '2027-01-30', '2027-02-13', '2027-02-27']);
    expect(r.occursOn('2026-12-12')).toBe(false); // before the start
  });

  it('honours UNTIL and COUNT', () => {
    expect(createRecurrence('FREQ=MONTHLY;BYMONTHDAY=1;UNTIL=20270301').between('2027-01-01', '2027-12-31')).toEqual(['2027-01-01', '2027-02-01', '2027-03-01']);
    expect(createRecurrence('FREQ=DAILY;COUNT=3', '2027-12-30').between('2027-12-01', '2028-01-31')).toEqual(['2027-12-30', '2027-12-31', '2028-01-01']);
  });

  it('last Friday of the month (negative positions)', () => {
    expect(createRecurrence('FREQ=MONTHLY;BYDAY=-1FR').between('2027-01-01', '2027-03-31')).toEqual(['2027-01-29', '2027-02-26', '2027-03-26']);
  });

  it('refuses what cannot be a date rule, and asks for a start when the result depends on it', () => {
    expect(checkRecurrence('FREQ=MONTHLY;BYDAY=+3MO', false)).toBeUndefined();
    expect(checkRecurrence('FREQ=DAILY', false)).toBeUndefined();
    expect(checkRecurrence('every third monday', false)?.problem).toBe('syntax');
    expect(checkRecurrence('FREQ=WEEKLY;BYDAY=XX', false)?.problem).toBe('syntax');
    expect(checkRecurrence('FREQ=FORTNIGHTLY', false)?.problem).toBe('frequency');
    expect(checkRecurrence('FREQ=HOURLY', false)?.problem).toBe('frequency');
    expect(checkRecurrence('BYDAY=MO', false)?.problem).toBe('frequency');
    expect(checkRecurrence('FREQ=DAILY;BYHOUR=9', false)?.problem).toBe('time-of-day');
    expect(checkRecurrence('DTSTART:20270101T000000Z\nRRULE:FREQ=DAILY', false)?.problem).toBe('dtstart');
    expect(checkRecurrence('FREQ=WEEKLY;BYDAY=MO;TZID=Asia/Tokyo', false)?.problem).toBe('dtstart');
    expect(checkRecurrence('FREQ=WEEKLY', false)?.problem).toBe('needs-start');
    expect(checkRecurrence('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', false)?.problem).toBe('needs-start');
    expect(checkRecurrence('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', true)).toBeUndefined();
    expect(checkRecurrence('FREQ=DAILY;COUNT=5', false)?.problem).toBe('needs-start');
  });

  it('gives the same dates whatever the process time zone', () => {
    const saved = process.env.TZ;
    const results: string[][] = [];
    const offsets = new Set<number>();
    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Tokyo']) {
        process.env.TZ = tz;
        offsets.add(new Date(2027, 0, 1).getTimezoneOffset());
        results.push(createRecurrence('FREQ=MONTHLY;BYDAY=+3MO').between('2027-01-01', '2027-12-31'));
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(offsets.size).toBe(4); // the zone really changed under the code
    expect(results[0]).toHaveLength(12);
    for (const r of results) expect(r).toEqual(results[0]);
  });
});
