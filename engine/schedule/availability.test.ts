import { describe, expect, it } from 'vitest';
import { computeAvailability } from './availability';
import type { CompiledCalendar, Slot } from './types';

// A hand-made calendar (no block involved): availability depends only on the contract.
function fakeCalendar(slots: Slot[], window: (s: Slot, now: Date) => 'open' | 'not-open-yet' | 'past'): CompiledCalendar {
  return {
    id: 'fake',
    title: 'fake',
    timezone: 'Asia/Tokyo',
    slotMinutes: 60,
    publicAvailability: true,
    resources: [],
    holidayDataVersion: 'test',
    expand: (from, to, resource) => slots.filter((s) => s.date >= from && s.date <= to && (!resource || s.resource === resource)),
    findSlot: () => undefined,
    windowStatus: window,
    windowBounds: () => ({ opensMs: -Infinity, closesMs: Infinity }),
    closedDays: () => [],
  };
}

const mk = (resource: string, hour: number, units: [string, number][], closed?: Slot['closed']): Slot => {
  const hh = String(hour).padStart(2, '0');
  const startMs = Date.parse(`2027-06-09T${hh}:00:00+09:00`);
  return {
    resource,
    date: '2027-06-09',
    startLocal: `${hh}:00`,
    endLocal: `${String(hour + 1).padStart(2, '0')}:00`,
    start: `2027-06-09T${hh}:00:00+09:00`,
    end: `2027-06-09T${String(hour + 1).padStart(2, '0')}:00:00+09:00`,
    startMs,
    endMs: startMs + 3_600_000,
    units: units.map(([unit, capacity]) => ({ unit, capacity })),
    ...(closed ? { closed } : {}),
  };
};

describe('computeAvailability', () => {
  const h10 = Date.parse('2027-06-09T10:00:00+09:00');
  const usedTable = new Map<string, number>([
    [`a|${h10}`, 1],
    [`b|${h10}`, 3],
  ]);
  const used = (unit: string, ms: number) => usedTable.get(`${unit}|${ms}`) ?? 0;

  it('decides closed > past > not-open-yet > full > open', () => {
    const slots = [mk('a', 9, [['a', 1]], 'holiday'), mk('a', 10, [['a', 1]]), mk('a', 11, [['a', 1]]), mk('a', 12, [['a', 1]]), mk('a', 13, [['a', 1]]), mk('a', 14, [['a', 0]])];
    // 09:00 is closed and also past; 10:00 is past and full; 11:00 not open yet; the rest open.
    const cal = fakeCalendar(slots, (s) => (s.startLocal <= '10:00' ? 'past' : s.startLocal === '11:00' ? 'not-open-yet' : 'open'));
    const r = computeAvailability(cal, { from: '2027-06-09', to: '2027-06-09', now: new Date(), used });
    expect(r.map((x) => [x.start.slice(11, 16), x.status, x.reason, x.remaining, x.capacity])).toEqual([
      ['09:00', 'closed', 'holiday', 0, 1],
      ['10:00', 'past', undefined, 0, 1],
      ['11:00', 'not-open-yet', undefined, 1, 1],
      ['12:00', 'open', undefined, 1, 1],
      ['13:00', 'open', undefined, 1, 1],
      ['14:00', 'full', undefined, 0, 0],
    ]);
  });

  it('a composite resource has the smallest remaining of its units; over-used counters never go negative', () => {
    const slots = [mk('whole', 10, [['a', 2], ['b', 2]]), mk('b', 10, [['b', 2]]), mk('a', 10, [['a', 2]])];
    const r = computeAvailability(fakeCalendar(slots, () => 'open'), { from: '2027-06-09', to: '2027-06-09', now: new Date(), used });
    expect(r.map((x) => [x.resource, x.remaining, x.status])).toEqual([
      ['whole', 0, 'full'],
      ['b', 0, 'full'],
      ['a', 1, 'open'],
    ]);
  });

  it('passes the calendar id to the counter lookup and filters by resource', () => {
    const seen: string[] = [];
    const slots = [mk('a', 10, [['a', 2]]), mk('b', 10, [['b', 2]])];
    const r = computeAvailability(fakeCalendar(slots, () => 'open'), {
      from: '2027-06-09',
      to: '2027-06-09',
      resource: 'b',
      now: new Date(),
      used: (u, ms, cal) => (seen.push(`${cal}/${u}@${ms}`), 0),
    });
    expect(r.map((x) => x.resource)).toEqual(['b']);
    expect(seen).toEqual([`fake/b@${h10}`]);
  });
});
