import { describe, expect, it } from 'vitest';
import { computeAvailability } from '../../engine/schedule/availability';
import { compileBlock, dayOf, readDemoCalendar } from './testing';

const counters = {
  kind: 'calendar', id: 'counters', title: '窓口',
  resources: [{ id: 'honcho', title: '本庁舎' }, { id: 'ekimae', title: '駅前', capacity: 2 }],
  slotMinutes: 60, capacity: 5,
  weekly: [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '17:00' },
    { days: ['sat'], open: '09:00', close: '12:00', resources: ['honcho'], capacity: 2 },
  ],
  exclusions: [{ from: '12:00', to: '13:00' }],
};
const WEEKDAY = ['09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'];
const caps = (cal: ReturnType<typeof compileBlock>, resource: string, date: string) =>
  cal.expand(date, date, resource).map((s) => `${s.startLocal}=${s.units.map((u) => u.capacity).join('+')}`);

describe('holidays', () => {
  it('are closed by default; openOn opens one of them; extra holidays close like national ones', () => {
    const cal = compileBlock({ ...counters, holidays: { openOn: ['2027-01-11'], extra: [{ date: '2027-01-13', name: '市制記念日' }] } });
    expect(dayOf(cal, 'honcho', '2027-01-11')).toEqual(WEEKDAY);
    expect(dayOf(cal, 'honcho', '2027-02-11')).toEqual(WEEKDAY.map((t) => `${t} holiday`));
    expect(cal.closedDays('2027-01-11', '2027-01-13')).toEqual([{ date: '2027-01-13', reason: 'holiday', note: '市制記念日' }]);
  });

  it('closed: false keeps every holiday open; resources limits the closure to some counters', () => {
    expect(dayOf(compileBlock({ ...counters, holidays: { closed: false } }), 'honcho', '2027-02-11')).toEqual(WEEKDAY);
    const some = compileBlock({ ...counters, holidays: { resources: ['ekimae'] } });
    expect(some.closedDays('2027-02-11', '2027-02-11')).toEqual([{ date: '2027-02-11', resource: 'ekimae', reason: 'holiday', note: '建国記念の日' }]);
  });

  it('an extra holiday on a Monday shifts a Monday closure like a national one', () => {
    const cal = compileBlock({ ...counters, holidays: { closed: false, extra: [{ date: '2027-06-07', name: '市民の日' }] }, closures: { weekdays: [{ days: ['mon'], holidayShift: true }] } });
    expect(cal.closedDays('2027-06-01', '2027-06-15').map((d) => d.date)).toEqual(['2027-06-08', '2027-06-14']);
  });
});

describe('recurrence rules', () => {
  it('open every 3rd Monday (10:00–12:00) besides the weekly hours', () => {
    const cal = compileBlock({
      ...counters,
      weekly: [{ days: ['tue'], open: '09:00', close: '10:00' }, { rrule: 'FREQ=MONTHLY;BYDAY=+3MO', open: '10:00', close: '12:00' }],
      exclusions: undefined,
    });
    const mondays = [...new Set(cal.expand('2027-01-01', '2027-06-30', 'honcho').filter((s) => s.startLocal === '10:00').map((s) => s.date))];
    expect(mondays).toEqual(['2027-01-18', '2027-02-15', '2027-03-15', '2027-04-19', '2027-05-17', '2027-06-21']);
    expect(dayOf(cal, 'honcho', '2027-01-18')).toEqual(['10:00', '11:00']);
    expect(dayOf(cal, 'honcho', '2027-01-11')).toEqual([]);
  });

  it('closed every 3rd Monday (reason closed-day), with dtstart clamped to the query', () => {
    const cal = compileBlock({ ...counters, holidays: { closed: false }, closures: { rrules: [{ rrule: 'FREQ=MONTHLY;BYDAY=+3MO', note: '定期休館日' }] } });
    expect(cal.closedDays('2027-03-10', '2027-04-30')).toEqual([
      { date: '2027-03-15', reason: 'closed-day', note: '定期休館日' },
      { date: '2027-04-19', reason: 'closed-day', note: '定期休館日' },
    ]);
  });

  it('every other Saturday from a start date, only within [start, end]', () => {
    const cal = compileBlock({
      ...counters,
      weekly: [{ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA', start: '2027-01-02', end: '2027-02-20', open: '09:00', close: '11:00' }],
      exclusions: undefined,
    });
    expect([...new Set(cal.expand('2027-01-01', '2027-03-31', 'ekimae').map((s) => s.date))]).toEqual(['2027-01-02', '2027-01-16', '2027-01-30', '2027-02-13']);
  });
});

describe('per-date exceptions (個別登録)', () => {
  const cal = compileBlock({
    ...counters,
    exceptions: [
      { date: '2026-12-10', resources: ['ekimae'], hours: [{ open: '10:00', close: '15:00' }], capacity: 2 },
      { date: '2026-12-11', resources: ['honcho'], closed: true, note: '停電' },
      { date: '2027-01-11', resources: ['honcho'], hours: [{ open: '09:00', close: '11:00' }], note: '祝日臨時開庁' },
      { date: '2026-12-14', capacity: 1 },
      { date: '2026-12-14', resources: ['ekimae'], capacity: 3 },
    ],
  });

  it('replace the hours of one resource on one date, literally (no lunch exclusion)', () => {
    expect(caps(cal, 'ekimae', '2026-12-10')).toEqual(['10:00=2', '11:00=2', '12:00=2', '13:00=2', '14:00=2']);
    expect(dayOf(cal, 'honcho', '2026-12-10')).toEqual(WEEKDAY);
  });

  it('close one resource on one date', () => {
    expect(dayOf(cal, 'honcho', '2026-12-11')).toEqual(WEEKDAY.map((t) => `${t} closure`));
    expect(dayOf(cal, 'ekimae', '2026-12-11')).toEqual(WEEKDAY);
    expect(cal.closedDays('2026-12-11', '2026-12-11')).toEqual([{ date: '2026-12-11', resource: 'honcho', reason: 'closure', note: '停電' }]);
  });

  it('open one resource on a holiday', () => {
    expect(dayOf(cal, 'honcho', '2027-01-11')).toEqual(['09:00', '10:00']);
    expect(dayOf(cal, 'ekimae', '2027-01-11')).toEqual(WEEKDAY.map((t) => `${t} holiday`));
  });

  it('change the capacity of a date; the one naming the resource wins over the general one', () => {
    expect(caps(cal, 'honcho', '2026-12-14')).toEqual(WEEKDAY.map((t) => `${t}=1`));
    expect(caps(cal, 'ekimae', '2026-12-14')).toEqual(WEEKDAY.map((t) => `${t}=3`));
  });
});

describe('capacity overrides', () => {
  const cal = compileBlock({
    ...counters,
    capacityRules: [
      { days: ['fri'], resources: ['honcho'], capacity: 3 },
      { from: '16:00', to: '17:00', capacity: 1 },
      { dates: ['2026-12-24'], capacity: 4 },
    ],
  });

  it('per resource and per weekly rule', () => {
    expect(caps(cal, 'honcho', '2026-12-01').slice(0, 2)).toEqual(['09:00=5', '10:00=5']);
    expect(caps(cal, 'ekimae', '2026-12-01').slice(0, 2)).toEqual(['09:00=2', '10:00=2']);
    expect(caps(cal, 'honcho', '2026-12-05')).toEqual(['09:00=2', '10:00=2', '11:00=2']); // Saturday rule
  });

  it('per weekday, per time range and per date; the later rule wins', () => {
    expect(caps(cal, 'honcho', '2026-12-04')).toEqual(['09:00=3', '10:00=3', '11:00=3', '13:00=3', '14:00=3', '15:00=3', '16:00=1']); // Friday
    expect(caps(cal, 'ekimae', '2026-12-04')).toEqual(['09:00=2', '10:00=2', '11:00=2', '13:00=2', '14:00=2', '15:00=2', '16:00=1']);
    expect(caps(cal, 'honcho', '2026-12-01').at(-1)).toBe('16:00=1');
    expect(caps(cal, 'ekimae', '2026-12-24')).toEqual(WEEKDAY.map((t) => `${t}=4`)); // date rule is last
  });
});

describe('composite resources (全面 = A面 + B面)', () => {
  const gym = readDemoCalendar('gym');
  const cal = compileBlock({
    ...gym,
    closures: {
      ...(gym.closures as object),
      dates: [
        { date: '2027-06-09', resources: ['court-a'], note: '床の点検' },
        { date: '2027-06-10', resources: ['whole'], note: '全面は大会準備' },
      ],
    },
    exceptions: [{ date: '2027-06-11', resources: ['court-b'], hours: [{ open: '13:00', close: '17:00' }] }],
  });
  const SIX = ['09:00', '11:00', '13:00', '15:00', '17:00', '19:00'];

  it('a closure of court A closes the whole hall too, not court B', () => {
    expect(dayOf(cal, 'court-a', '2027-06-09')).toEqual(SIX.map((t) => `${t} closure`));
    expect(dayOf(cal, 'whole', '2027-06-09')).toEqual(SIX.map((t) => `${t} closure`));
    expect(dayOf(cal, 'court-b', '2027-06-09')).toEqual(SIX);
    expect(cal.findSlot('whole', Date.parse('2027-06-09T09:00:00+09:00'))).toBeUndefined();
    expect(cal.findSlot('court-b', Date.parse('2027-06-09T09:00:00+09:00'))?.resource).toBe('court-b');
  });

  it('a closure naming the whole hall leaves the courts open', () => {
    expect(dayOf(cal, 'whole', '2027-06-10')).toEqual(SIX.map((t) => `${t} closure`));
    expect(dayOf(cal, 'court-a', '2027-06-10')).toEqual(SIX);
    expect(cal.closedDays('2027-06-09', '2027-06-10')).toEqual([
      { date: '2027-06-09', resource: 'court-a', reason: 'closure', note: '床の点検' },
      { date: '2027-06-09', resource: 'whole', reason: 'closure', note: '床の点検' },
      { date: '2027-06-10', resource: 'whole', reason: 'closure', note: '全面は大会準備' },
    ]);
  });

  it('the whole hall has only the slots both courts have', () => {
    expect(dayOf(cal, 'court-b', '2027-06-11')).toEqual(['13:00', '15:00']);
    expect(dayOf(cal, 'whole', '2027-06-11')).toEqual(['13:00', '15:00']);
  });

  it('availability: booking court A makes the whole hall full; a closed unit closes the whole', () => {
    const a11 = Date.parse('2027-06-08T11:00:00+09:00');
    const used = (unit: string, ms: number) => (unit === 'court-a' && ms === a11 ? 1 : 0);
    const rows = computeAvailability(cal, { from: '2027-06-08', to: '2027-06-09', now: new Date('2027-06-01T10:00:00+09:00'), used });
    const row = (resource: string, start: string) => rows.find((r) => r.resource === resource && r.start === start);
    expect(row('court-a', '2027-06-08T11:00:00+09:00')).toMatchObject({ status: 'full', remaining: 0, capacity: 1 });
    expect(row('whole', '2027-06-08T11:00:00+09:00')).toMatchObject({ status: 'full', remaining: 0, capacity: 1 });
    expect(row('court-b', '2027-06-08T11:00:00+09:00')).toMatchObject({ status: 'open', remaining: 1 });
    expect(row('whole', '2027-06-08T13:00:00+09:00')).toMatchObject({ status: 'open', remaining: 1, end: '2027-06-08T15:00:00+09:00' });
    expect(row('whole', '2027-06-09T09:00:00+09:00')).toMatchObject({ status: 'closed', reason: 'closure', note: '床の点検', remaining: 0 });
    expect(rows).toHaveLength(2 * 3 * 6);
  });
});

describe('time-zone independence', () => {
  it('gives identical slots, instants and closed days whatever the process TZ', () => {
    const saved = process.env.TZ;
    const runs: string[] = [];
    const offsets = new Set<number>();
    try {
      for (const tz of ['UTC', 'America/New_York', 'Pacific/Kiritimati', 'Asia/Tokyo']) {
        process.env.TZ = tz;
        offsets.add(new Date(2026, 11, 1).getTimezoneOffset());
        const card = compileBlock(readDemoCalendar('card-pickup'));
        const gymCal = compileBlock(readDemoCalendar('gym'));
        runs.push(JSON.stringify([card.expand('2026-12-28', '2027-01-12'), gymCal.expand('2027-05-01', '2027-05-10'), gymCal.closedDays('2027-01-01', '2027-12-31')]));
        const first = card.expand('2026-12-01', '2026-12-01', 'honcho')[0];
        expect([first.start, first.startMs]).toEqual(['2026-12-01T08:30:00+09:00', Date.UTC(2026, 10, 30, 23, 30)]);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(offsets.size).toBe(4);
    for (const r of runs) expect(r).toBe(runs[0]);
  });
});

describe('dated closures and late hours', () => {
  it('a closure with `to` closes every day of the range, inclusive', () => {
    const cal = compileBlock({ ...counters, closures: { dates: [{ date: '2027-08-10', to: '2027-08-12', note: '設備点検' }] } });
    expect(cal.closedDays('2027-08-09', '2027-08-13').map((d) => `${d.date} ${d.reason}`)).toEqual(['2027-08-10 closure', '2027-08-11 closure', '2027-08-12 closure']);
  });

  it('a slot ending at 24:00 ends at 00:00 the next day', () => {
    const cal = compileBlock({ ...counters, slotMinutes: 120, weekly: [{ days: ['fri'], open: '20:00', close: '24:00' }], exclusions: undefined });
    const slots = cal.expand('2027-04-30', '2027-04-30', 'honcho');
    expect(slots.map((s) => [s.startLocal, s.endLocal, s.end])).toEqual([
      ['20:00', '22:00', '2027-04-30T22:00:00+09:00'],
      ['22:00', '24:00', '2027-05-01T00:00:00+09:00'],
    ]);
    expect(slots[1].endMs).toBe(Date.parse('2027-05-01T00:00:00+09:00'));
  });
});
