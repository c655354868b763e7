import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { HOLIDAY_DATA_RANGE, HOLIDAY_DATA_VERSION, isNationalHoliday, nationalHoliday, nationalHolidaysBetween } from './holidays';

describe('national holidays', () => {
  it('records the version of the installed data package', () => {
    const pkgPath = createRequire(import.meta.url).resolve('@holiday-jp/holiday_jp/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
    expect(HOLIDAY_DATA_VERSION).toBe(pkg.version);
    expect(HOLIDAY_DATA_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('knows Golden Week 2027 by local date, with names', () => {
    expect(nationalHolidaysBetween('2027-04-28', '2027-05-07').map((h) => `${h.date} ${h.name}`)).toEqual([
      '2027-04-29 昭和の日',
      '2027-05-03 憲法記念日',
      '2027-05-04 みどりの日',
      '2027-05-05 こどもの日',
    ]);
    expect(nationalHoliday('2027-03-22')?.name).toContain('振替休日');
    expect(nationalHoliday('2026-09-22')?.nameEn).toBe("Citizen's Holiday");
    expect(isNationalHoliday('2027-05-06')).toBe(false);
    expect(isNationalHoliday('2027-01-11')).toBe(true);
  });

  it('states the years the data covers', () => {
    expect(HOLIDAY_DATA_RANGE.first <= '2026-01-01').toBe(true);
    expect(HOLIDAY_DATA_RANGE.last >= '2030-01-01').toBe(true);
  });
});
