import { describe, expect, it } from 'vitest';
import { daysBeforeUse, refundable, refundBasis } from './refund-rule';

const RULE = [
  { untilDaysBefore: 0, percent: 50 },
  { untilDaysBefore: 7, percent: 100 },
];

describe('cancellation-fee rule', () => {
  it('counts calendar days before the day of use in the tenant zone, not 24-hour periods', () => {
    // 2026-12-03 23:30 JST is still the 3rd in Tokyo (14:30 UTC).
    expect(daysBeforeUse('2026-12-10', Date.parse('2026-12-03T14:30:00Z'), 'Asia/Tokyo')).toBe(7);
    // 2026-12-03 15:30 UTC is the 4th in Tokyo.
    expect(daysBeforeUse('2026-12-10', Date.parse('2026-12-03T15:30:00Z'), 'Asia/Tokyo')).toBe(6);
    expect(daysBeforeUse('2026-12-10', Date.parse('2026-12-10T00:00:00Z'), 'Asia/Tokyo')).toBe(0);
    expect(daysBeforeUse('2027-01-02', Date.parse('2026-12-26T03:00:00Z'), 'Asia/Tokyo')).toBe(7);
  });

  it('7日前まで全額還付, then 50%, nothing after the day; 1円未満切捨て', () => {
    expect(refundable(RULE, 2300, 8)).toMatchObject({ amount: 2300, percent: 100 });
    expect(refundable(RULE, 2300, 7)).toMatchObject({ amount: 2300, percent: 100 });
    expect(refundable(RULE, 2300, 6)).toMatchObject({ amount: 1150, percent: 50 });
    expect(refundable(RULE, 2301, 0)).toMatchObject({ amount: 1150, percent: 50 });
    expect(refundable(RULE, 2301, -1)).toMatchObject({ amount: 0, percent: 0 });
    expect(refundable([], 5000, 30)).toMatchObject({ amount: 0, percent: 0 });
    expect(refundable([{ untilDaysBefore: 3, percent: 33 }], 1000, 3).amount).toBe(330);
    expect(refundable([{ untilDaysBefore: 3, percent: 33 }], 999, 3).amount).toBe(329); // 329.67 → 329
  });

  it('gives integers that never exceed what was paid, for any amount and percentage', () => {
    for (let paid = 0; paid <= 3000; paid += 7) {
      for (let percent = 0; percent <= 100; percent += 3) {
        const r = refundable([{ untilDaysBefore: 0, percent }], paid, 1);
        expect(Number.isInteger(r.amount)).toBe(true);
        expect(r.amount).toBeLessThanOrEqual(paid);
        // Independent check: the largest whole yen not above paid × percent / 100.
        expect(r.amount * 100 <= paid * percent && (r.amount + 1) * 100 > paid * percent).toBe(true);
      }
    }
    expect(() => refundable(RULE, 12.5, 3)).toThrow();
  });

  it('says in words which line applied', () => {
    expect(refundBasis(refundable(RULE, 1000, 10))).toBe('利用日の7日前までの取消（還付100%）');
    expect(refundBasis(refundable(RULE, 1000, 0))).toBe('利用日当日までの取消（還付50%）');
    expect(refundBasis(refundable(RULE, 1000, -1))).toBe('利用日を過ぎてからの取消（還付なし）');
    expect(refundBasis(refundable([{ untilDaysBefore: 7, percent: 100 }], 1000, 3))).toBe('利用日の3日前の取消（還付なし）');
  });
});
