import { describe, expect, it } from 'vitest';
import { cutSlots, mergeIntervals, subtractIntervals } from './intervals';

const h = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));

describe('intervals', () => {
  it('merges overlapping and touching intervals, dropping empty ones', () => {
    expect(mergeIntervals([[h('13:00'), h('17:00')], [h('08:30'), h('12:00')], [h('12:00'), h('12:00')], [h('11:00'), h('12:30')]])).toEqual([
      [h('08:30'), h('12:30')],
      [h('13:00'), h('17:00')],
    ]);
    expect(mergeIntervals([[h('09:00'), h('12:00')], [h('12:00'), h('15:00')]])).toEqual([[h('09:00'), h('15:00')]]);
  });

  it('subtracts a lunch break and partial overlaps', () => {
    expect(subtractIntervals([[h('08:30'), h('17:00')]], [[h('12:00'), h('13:00')]])).toEqual([
      [h('08:30'), h('12:00')],
      [h('13:00'), h('17:00')],
    ]);
    expect(subtractIntervals([[h('09:00'), h('12:00')]], [[h('08:00'), h('10:00')], [h('11:30'), h('13:00')]])).toEqual([[h('10:00'), h('11:30')]]);
    expect(subtractIntervals([[h('09:00'), h('12:00')]], [[h('09:00'), h('12:00')]])).toEqual([]);
  });

  it('cuts slots from each interval start and drops a partial tail', () => {
    expect(cutSlots([[h('08:30'), h('10:00')], [h('13:00'), h('14:15')]], 30)).toEqual([
      [h('08:30'), h('09:00')],
      [h('09:00'), h('09:30')],
      [h('09:30'), h('10:00')],
      [h('13:00'), h('13:30')],
      [h('13:30'), h('14:00')],
    ]);
  });
});
