import { describe, expect, it } from 'vitest';
import { compileBlock, dayOf, readCalendarFile, readDemoCalendar } from './testing';

const at = (iso: string) => Date.parse(iso);

describe('demo card-pickup calendar (本庁舎窓口・駅前出張所)', () => {
  const cal = compileBlock(readDemoCalendar('card-pickup'));

  it('weekday slots skip the lunch break (除外時間 12:00–13:00)', () => {
    const expected = ['08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30'];
    expect(dayOf(cal, 'honcho', '2026-12-01')).toEqual(expected);
    expect(dayOf(cal, 'ekimae', '2026-12-01')).toEqual(expected);
  });

  it('Saturday mornings at the City Hall counter only; Sundays closed without slots', () => {
    expect(dayOf(cal, 'honcho', '2026-12-05')).toEqual(['08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    expect(dayOf(cal, 'ekimae', '2026-12-05')).toEqual([]);
    expect(cal.expand('2026-12-06', '2026-12-06')).toEqual([]);
  });

  it('slots carry ISO times with +09:00, epoch ms and the capacity of each counter', () => {
    const [first] = cal.expand('2026-12-01', '2026-12-01', 'honcho');
    expect(first).toMatchObject({ resource: 'honcho', date: '2026-12-01', startLocal: '08:30', endLocal: '09:00', start: '2026-12-01T08:30:00+09:00', end: '2026-12-01T09:00:00+09:00' });
    expect(first.startMs).toBe(Date.UTC(2026, 10, 30, 23, 30));
    expect(first.endMs).toBe(Date.UTC(2026, 11, 1, 0, 0));
    expect(first.units).toEqual([{ unit: 'honcho', capacity: 5 }]);
    expect(cal.expand('2026-12-01', '2026-12-01', 'ekimae')[0].units).toEqual([{ unit: 'ekimae', capacity: 2 }]);
  });

  it('closes 12/29–1/3 across the year boundary; closed days still list their would-be slots', () => {
    expect(cal.closedDays('2026-12-25', '2027-01-06')).toEqual([
      { date: '2026-12-29', reason: 'closure', note: '年末年始' },
      { date: '2026-12-30', reason: 'closure', note: '年末年始' },
      { date: '2026-12-31', reason: 'closure', note: '年末年始' },
      { date: '2027-01-01', reason: 'closure', note: '年末年始' },
      { date: '2027-01-02', reason: 'closure', note: '年末年始' }, // Saturday: honcho only
    ]);
    expect(dayOf(cal, 'honcho', '2026-12-28')).toHaveLength(15);
    expect(dayOf(cal, 'ekimae', '2026-12-29')).toEqual(expect.arrayContaining(['08:30 closure', '16:30 closure']));
    expect(dayOf(cal, 'ekimae', '2026-12-29')).toHaveLength(15);
    expect(dayOf(cal, 'honcho', '2027-01-04')[0]).toBe('08:30');
  });

  it('national holidays are closed by default (成人の日 2027-01-11, 建国記念の日 2027-02-11)', () => {
    expect(cal.closedDays('2027-01-05', '2027-02-28')).toEqual([
      { date: '2027-01-11', reason: 'holiday', note: '成人の日' },
      { date: '2027-02-11', reason: 'holiday', note: '建国記念の日' },
      { date: '2027-02-23', reason: 'holiday', note: '天皇誕生日' },
    ]);
    const s = cal.expand('2027-01-11', '2027-01-11', 'honcho')[0];
    expect(s.closed).toBe('holiday');
    expect(s.note).toBe('成人の日');
  });

  it('is bookable from tomorrow up to 60 days ahead', () => {
    const now = new Date('2026-12-01T10:00:00+09:00');
    const status = (date: string, resource = 'honcho') => cal.windowStatus(cal.expand(date, date, resource)[0], now);
    expect(status('2026-12-01')).toBe('past'); // today
    expect(status('2026-12-02')).toBe('open'); // tomorrow
    expect(status('2027-01-29')).toBe('open'); // opened 2026-11-30 00:00
    expect(status('2027-01-30')).toBe('open'); // opened 2026-12-01 00:00 (Saturday, honcho)
    expect(status('2027-02-01')).toBe('not-open-yet'); // opens 2026-12-03
  });

  it('the booking window edges are exact to the millisecond', () => {
    const s = cal.expand('2027-01-29', '2027-01-29', 'ekimae')[0];
    expect(cal.windowStatus(s, new Date(at('2026-11-30T00:00:00+09:00') - 1))).toBe('not-open-yet');
    expect(cal.windowStatus(s, new Date('2026-11-30T00:00:00+09:00'))).toBe('open');
    expect(cal.windowStatus(s, new Date(at('2027-01-29T00:00:00+09:00') - 1))).toBe('open');
    expect(cal.windowStatus(s, new Date('2027-01-29T00:00:00+09:00'))).toBe('past');
    expect(cal.windowBounds(s)).toEqual({ opensMs: at('2026-11-29T15:00:00Z'), closesMs: at('2027-01-28T15:00:00Z') });
  });

  it('findSlot returns open slots only', () => {
    expect(cal.findSlot('honcho', at('2026-12-01T13:00:00+09:00'))?.start).toBe('2026-12-01T13:00:00+09:00');
    expect(cal.findSlot('honcho', at('2026-12-01T12:00:00+09:00'))).toBeUndefined(); // lunch
    expect(cal.findSlot('honcho', at('2026-12-01T13:10:00+09:00'))).toBeUndefined(); // not a slot start
    expect(cal.findSlot('honcho', at('2026-12-30T09:00:00+09:00'))).toBeUndefined(); // closed day
    expect(cal.findSlot('ekimae', at('2026-12-05T09:00:00+09:00'))).toBeUndefined(); // no Saturday hours
    expect(cal.findSlot('nowhere', at('2026-12-01T13:00:00+09:00'))).toBeUndefined();
    expect(cal.findSlot('honcho', Number.NaN)).toBeUndefined();
  });
});

describe('demo gym calendar (A面・B面・全面)', () => {
  const cal = compileBlock(readDemoCalendar('gym'));

  // 2027: 4/29 (Thu) 昭和の日, 5/3 (Mon) 憲法記念日, 5/4 (Tue) みどりの日, 5/5 (Wed) こどもの日.
  it('月曜休館（祝日の場合は翌平日）through Golden Week 2027: open on Monday 5/3, closed on Thursday 5/6', () => {
    expect(cal.closedDays('2027-04-19', '2027-05-16').map((d) => `${d.date} ${d.reason}${d.resource ? ` ${d.resource}` : ''}`)).toEqual([
      '2027-04-19 closed-day',
      '2027-04-26 closed-day',
      '2027-05-06 closed-day',
      '2027-05-10 closed-day',
    ]);
    for (const r of ['court-a', 'court-b', 'whole']) {
      expect(dayOf(cal, r, '2027-05-03')).toEqual(['09:00', '11:00', '13:00', '15:00', '17:00', '19:00']);
      expect(dayOf(cal, r, '2027-05-06')).toEqual(['09:00', '11:00', '13:00', '15:00', '17:00', '19:00'].map((t) => `${t} closed-day`));
    }
  });

  it('open on national holidays, closed the next weekday (成人の日 1/11 → 1/12, 振替休日 3/22 → 3/23)', () => {
    expect(cal.closedDays('2027-01-04', '2027-01-18').map((d) => d.date)).toEqual(['2027-01-04', '2027-01-12', '2027-01-18']);
    expect(cal.closedDays('2027-03-15', '2027-03-29').map((d) => d.date)).toEqual(['2027-03-15', '2027-03-23', '2027-03-29']);
  });

  it('the whole hall consumes both courts, each with its own capacity', () => {
    const [s] = cal.expand('2027-06-09', '2027-06-09', 'whole');
    expect(s.units).toEqual([
      { unit: 'court-a', capacity: 1 },
      { unit: 'court-b', capacity: 1 },
    ]);
    expect(s.end).toBe('2027-06-09T11:00:00+09:00');
    expect(cal.resources.find((r) => r.id === 'whole')?.units).toEqual(['court-a', 'court-b']);
  });

  it('a 12-month preview lists every closed day', () => {
    const days = cal.closedDays('2027-04-01', '2028-03-31');
    // Holiday Mondays in the period: 5/3, 7/19, 9/20, 10/11, 2028-01-10, 2028-03-20 → the closure moves to:
    const weekdayOfDate = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    expect(days.filter((d) => weekdayOfDate(d.date) !== 1).filter((d) => d.reason === 'closed-day').map((d) => d.date)).toEqual([
      '2027-05-06', '2027-07-20', '2027-09-21', '2027-10-12', '2028-01-11', '2028-03-21',
    ]);
    expect(days.filter((d) => d.reason === 'closure').map((d) => d.date)).toEqual(['2027-12-29', '2027-12-30', '2027-12-31', '2028-01-01', '2028-01-02', '2028-01-03']);
    // 52 Mondays (46 closed themselves, 6 shifted) + 6 year-end days, 2028-01-03 being both a Monday and year-end.
    expect(days).toHaveLength(57);
  });
});

describe('demo tax-consultation calendar', () => {
  const cal = compileBlock(readDemoCalendar('tax-consultation'));

  it('runs on weekdays from 2027-02-16 to 2027-03-15 in 20-minute slots, 09:00–16:00', () => {
    expect(cal.expand('2027-02-15', '2027-02-15')).toEqual([]);
    expect(cal.expand('2027-03-16', '2027-03-16')).toEqual([]);
    const day = dayOf(cal, 'venue', '2027-02-16');
    expect(day).toHaveLength(21);
    expect(day.slice(0, 4)).toEqual(['09:00', '09:20', '09:40', '10:00']);
    expect(day[20]).toBe('15:40');
    expect(dayOf(cal, 'venue', '2027-03-15')).toHaveLength(21);
    expect(cal.expand('2027-02-20', '2027-02-21')).toEqual([]); // weekend
    expect(cal.expand('2027-02-16', '2027-02-16')[0].units).toEqual([{ unit: 'venue', capacity: 3 }]);
  });

  it('is closed on 天皇誕生日 (2027-02-23)', () => {
    expect(cal.closedDays('2027-02-01', '2027-03-31')).toEqual([{ date: '2027-02-23', reason: 'holiday', note: '天皇誕生日' }]);
  });

  it('accepts bookings from 2027-02-01 09:00 until 2027-03-12 17:00', () => {
    const first = cal.expand('2027-02-16', '2027-02-16')[0];
    const last = cal.expand('2027-03-15', '2027-03-15')[0];
    expect(cal.windowStatus(first, new Date(at('2027-02-01T09:00:00+09:00') - 1))).toBe('not-open-yet');
    expect(cal.windowStatus(first, new Date('2027-02-01T09:00:00+09:00'))).toBe('open');
    expect(cal.windowStatus(last, new Date(at('2027-03-12T17:00:00+09:00') - 1))).toBe('open');
    expect(cal.windowStatus(last, new Date('2027-03-12T17:00:00+09:00'))).toBe('past');
  });
});

describe('examples/lunch-break', () => {
  const cal = compileBlock(readCalendarFile('examples/lunch-break'));
  const caps = (resource: string, date: string) => cal.expand(date, date, resource).map((s) => `${s.startLocal}=${s.units[0].capacity}`);

  it('cuts 30-minute slots around the lunch break; the 17:00–17:15 remainder is not a slot; evening capacity 1', () => {
    expect(caps('main', '2027-03-01')).toEqual([
      '08:30=3', '09:00=3', '09:30=3', '10:00=3', '10:30=3', '11:00=3', '11:30=3',
      '13:00=3', '13:30=3', '14:00=3', '14:30=3', '15:00=3', '15:30=3', '16:00=3', '16:30=1',
    ]);
  });

  it('excludes Wednesday 15:00–15:30 at the branch only', () => {
    expect(dayOf(cal, 'branch', '2027-03-03')).toEqual(['08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:00', '13:30', '14:00', '14:30', '15:30', '16:00', '16:30']);
    expect(dayOf(cal, 'main', '2027-03-03')).toContain('15:00');
  });

  it('the 2027-03-29 exception opens City Hall until 19:00 without the lunch break', () => {
    const day = caps('main', '2027-03-29');
    expect(day).toHaveLength(21);
    expect(day).toContain('12:00=5');
    expect(day.at(-1)).toBe('18:30=5');
    expect(dayOf(cal, 'branch', '2027-03-29')).not.toContain('12:00');
  });
});

describe('examples/gym-courts', () => {
  const cal = compileBlock(readCalendarFile('examples/gym-courts'));

  it('court A repairs close the whole hall; the tournament closes only the whole hall', () => {
    expect(cal.closedDays('2027-07-06', '2027-07-06').map((d) => d.resource)).toEqual(['court-a', 'whole']);
    expect(cal.closedDays('2027-10-10', '2027-10-10').map((d) => `${d.resource} ${d.reason}`)).toEqual(['whole closure']);
  });

  it('opens at 09:00 ninety days ahead', () => {
    const s = cal.expand('2027-06-09', '2027-06-09', 'whole')[0];
    expect(cal.windowBounds(s).opensMs).toBe(Date.parse('2027-03-11T09:00:00+09:00'));
  });
});
