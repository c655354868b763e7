import { describe, expect, it } from 'vitest';
import { addMonths, createWeekdayClosure, datesBetween, inYearlyRange, isDate, isMonth, isValidMonthDay, lastDayOfMonth, monthsBetween } from './dates';
import { isNationalHoliday } from './holidays';

const closedIn = (closes: (d: string) => boolean, from: string, to: string) => datesBetween(from, to).filter(closes);

describe('yearly ranges', () => {
  it('wraps the year end (年末年始 12/29–1/3)', () => {
    const days = ['2026-12-28', '2026-12-29', '2026-12-31', '2027-01-01', '2027-01-03', '2027-01-04', '2027-06-15'];
    expect(days.filter((d) => inYearlyRange(d, '12-29', '01-03'))).toEqual(['2026-12-29', '2026-12-31', '2027-01-01', '2027-01-03']);
  });

  it('handles a range inside one year, inclusive at both ends', () => {
    const days = ['2027-08-12', '2027-08-13', '2027-08-15', '2027-08-16'];
    expect(days.filter((d) => inYearlyRange(d, '08-13', '08-15'))).toEqual(['2027-08-13', '2027-08-15']);
  });

  it('accepts only month-days that exist in some year', () => {
    expect(['02-29', '12-31', '04-31', '02-30', '13-01', '00-10', '1-1'].filter(isValidMonthDay)).toEqual(['02-29', '12-31']);
  });
});

describe('weekday closures', () => {
  it('without the shift, closes every listed weekday (holiday or not)', () => {
    const closes = createWeekdayClosure({ days: [1], isHoliday: isNationalHoliday });
    expect(closedIn(closes, '2027-04-26', '2027-05-16')).toEqual(['2027-04-26', '2027-05-03', '2027-05-10']);
  });

  // 2027: 4/29 (Thu) 昭和の日, 5/3 (Mon) 憲法記念日, 5/4 (Tue) みどりの日, 5/5 (Wed) こどもの日.
  it('月曜休館（祝日の場合は翌平日）across Golden Week 2027: the holiday Monday opens, Thursday 5/6 closes', () => {
    const closes = createWeekdayClosure({ days: [1], holidayShift: true, isHoliday: isNationalHoliday });
    expect(closedIn(closes, '2027-04-19', '2027-05-16')).toEqual(['2027-04-19', '2027-04-26', '2027-05-06', '2027-05-10']);
  });

  // 2026: 9/21 (Mon) 敬老の日, 9/22 (Tue) 国民の休日, 9/23 (Wed) 秋分の日 — Silver Week.
  it('shifts past a run of three holidays in September 2026', () => {
    const closes = createWeekdayClosure({ days: [1], holidayShift: true, isHoliday: isNationalHoliday });
    expect(closedIn(closes, '2026-09-14', '2026-09-30')).toEqual(['2026-09-14', '2026-09-24', '2026-09-28']);
  });

  it('shifts a single holiday Monday to Tuesday (成人の日 2027-01-11 → 01-12)', () => {
    const closes = createWeekdayClosure({ days: [1], holidayShift: true, isHoliday: isNationalHoliday });
    expect(closedIn(closes, '2027-01-04', '2027-01-18')).toEqual(['2027-01-04', '2027-01-12', '2027-01-18']);
  });

  it('skips the weekend and the other closed weekdays when shifting', () => {
    const holidays = new Set(['2027-07-02', '2027-07-12']); // a Friday and a Monday (made up)
    const fri = createWeekdayClosure({ days: [5], holidayShift: true, isHoliday: (d) => holidays.has(d) });
    expect(closedIn(fri, '2027-06-28', '2027-07-11')).toEqual(['2027-07-05', '2027-07-09']);
    const monTue = createWeekdayClosure({ days: [1, 2], holidayShift: true, isHoliday: (d) => holidays.has(d) });
    expect(closedIn(monTue, '2027-07-12', '2027-07-18')).toEqual(['2027-07-13', '2027-07-14']);
  });
});

describe('months', () => {
  it('counts months and finds the last day', () => {
    expect([lastDayOfMonth('2028-02'), lastDayOfMonth('2027-04'), lastDayOfMonth('2027-12')]).toEqual(['2028-02-29', '2027-04-30', '2027-12-31']);
    expect([monthsBetween('2026-05', '2027-05'), monthsBetween('2026-05', '2027-04'), monthsBetween('2027-05', '2026-05')]).toEqual([12, 11, -12]);
    expect([addMonths('2027-11', 2), addMonths('2027-01', -1), addMonths('2027-06', 0)]).toEqual(['2028-01', '2026-12', '2027-06']);
  });
  it('tells real dates and months from the others', () => {
    expect([isDate('2028-02-29'), isDate('2027-02-29'), isDate('2027-13-01'), isDate('2027-1-01'), isDate(20270101)]).toEqual([true, false, false, false, false]);
    expect([isMonth('2027-12'), isMonth('2027-13'), isMonth('2027-1'), isMonth(undefined)]).toEqual([true, false, false, false]);
  });
});
