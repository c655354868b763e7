import { describe, expect, it } from 'vitest';
import { daysBetween, fiscalYearEnd, monthsLater, renewalStart, validUntil } from './validity';

describe('permit validity', () => {
  it('ends on March 31 of the fiscal year the permit starts in', () => {
    expect(fiscalYearEnd('2026-12-01')).toBe('2027-03-31');
    expect(fiscalYearEnd('2027-03-31')).toBe('2027-03-31');
    expect(fiscalYearEnd('2027-04-01')).toBe('2028-03-31');
    expect(fiscalYearEnd('2027-01-15')).toBe('2027-03-31');
  });

  it('counts months to the day before the corresponding day, or the month end when there is none', () => {
    expect(monthsLater('2026-12-01', 12)).toBe('2027-11-30');
    expect(monthsLater('2026-12-15', 3)).toBe('2027-03-14');
    expect(monthsLater('2027-01-31', 1)).toBe('2027-02-28');
    expect(monthsLater('2028-01-30', 1)).toBe('2028-02-29');
    expect(validUntil({ kind: 'months', months: 6 }, '2026-09-01')).toBe('2027-02-28');
    expect(validUntil({ kind: 'fiscal-year-end' }, '2026-09-01')).toBe('2027-03-31');
  });

  it('starts a renewal the day after the current permit ends, and a lapsed one today', () => {
    expect(renewalStart('2027-03-10', '2027-03-31')).toBe('2027-04-01');
    expect(renewalStart('2027-04-10', '2027-03-31')).toBe('2027-04-10');
    expect(renewalStart('2027-04-10', undefined)).toBe('2027-04-10');
    expect(daysBetween('2027-03-01', '2027-03-31')).toBe(30);
  });
});
