// Which rules of a calendar block apply to one resource on one local date: the
// day plan (slots that would exist, their capacity, and why the day is closed).
//
// Precedence, from weakest to strongest:
//   hours:    weekly rules (union) minus exclusions  <  exception.hours (taken literally)
//   capacity: block capacity < resource.capacity < weekly rule capacity < capacityRules (last match) < exception.capacity
//   closed:   an exception with hours opens the day whatever the closures; otherwise
//             exception.closed / closures.dates / closures.yearly ('closure') > holiday ('holiday')
//             > closures.weekdays / closures.rrules ('closed-day')
// A composite resource (全面) has the slots all its units have, and is closed when one
// of its units is, or by a closure/exception naming it explicitly.
import { createWeekdayClosure, inYearlyRange, weekdayIndex } from '../../engine/schedule/dates';
import { nationalHoliday } from '../../engine/schedule/holidays';
import { cutSlots, mergeIntervals, subtractIntervals, type Interval } from '../../engine/schedule/intervals';
import { createRecurrence, type Recurrence } from '../../engine/schedule/recurrence';
import { minutesOf, weekdayOf } from '../../engine/schedule/time';
import type { CalendarResource, ClosedReason } from '../../engine/schedule/types';
import type { CalendarBlock, DateException, WeekdayCode } from './types';

export interface PlannedSlot {
  start: number;
  end: number;
  /** Capacity of each unit of the resource, in `units` order. */
  capacities: number[];
}

export interface DayPlan {
  slots: PlannedSlot[];
  closed?: ClosedReason;
  /** Holiday name or the closure's note. */
  note?: string;
}

type Scope = { resources?: Set<string> };
type Closure = { reason: ClosedReason; note?: string };

const days = (list?: WeekdayCode[]) => (list ? new Set(list.map(weekdayIndex)) : undefined);
const set = (list?: string[]) => (list ? new Set(list) : undefined);
/** Rules without `resources` apply to every unit; a composite only follows rules that name it. */
const applies = (s: Scope, id: string, composite: boolean) => (composite ? !!s.resources?.has(id) : !s.resources || s.resources.has(id));

/** One closure over tables precomputed from the block; long because every step below shares them. */
export function createDayPlanner(b: CalendarBlock, resources: readonly CalendarResource[]): (resource: CalendarResource, date: string) => DayPlan {
  const step = b.slotMinutes;
  const baseCapacity = new Map(b.resources.map((r) => [r.id, r.capacity ?? b.capacity]));
  const weekly = b.weekly.map((w) => ({
    days: days(w.days),
    rec: w.rrule !== undefined ? createRecurrence(w.rrule, w.start) : undefined,
    start: w.start,
    end: w.end,
    span: [minutesOf(w.open), minutesOf(w.close)] as Interval,
    resources: set(w.resources),
    capacity: w.capacity,
  }));
  const exclusions = (b.exclusions ?? []).map((e) => ({ days: days(e.days), resources: set(e.resources), span: [minutesOf(e.from), minutesOf(e.to)] as Interval }));
  const capacityRules = (b.capacityRules ?? []).map((c) => ({
    capacity: c.capacity,
    days: days(c.days),
    resources: set(c.resources),
    from: c.from !== undefined ? minutesOf(c.from) : 0,
    to: c.to !== undefined ? minutesOf(c.to) : 1440,
    dates: set(c.dates),
  }));

  const hp = b.holidays ?? {};
  const extra = new Map((hp.extra ?? []).map((x) => [x.date, x.name]));
  const holidayName = (date: string) => extra.get(date) ?? nationalHoliday(date)?.name;
  const isHoliday = (date: string) => holidayName(date) !== undefined;
  const holidayScope = { resources: set(hp.resources) };
  const openOn = new Set(hp.openOn ?? []);

  const cl = b.closures ?? {};
  const dateClosures = (cl.dates ?? []).map((d) => ({ from: d.date, to: d.to ?? d.date, resources: set(d.resources), note: d.note }));
  const yearly = (cl.yearly ?? []).map((y) => ({ ...y, resources: set(y.resources) }));
  const weekdayClosures = (cl.weekdays ?? []).map((w) => ({
    closes: createWeekdayClosure({ days: w.days.map(weekdayIndex), holidayShift: w.holidayShift, isHoliday }),
    resources: set(w.resources),
    note: w.note,
  }));
  const rruleClosures: { rec: Recurrence; resources?: Set<string>; note?: string }[] = (cl.rrules ?? []).map((r) => ({
    rec: createRecurrence(r.rrule, r.start),
    resources: set(r.resources),
    note: r.note,
  }));

  type Exception = Omit<DateException, 'resources'> & Scope;
  const exceptions = new Map<string, Exception[]>();
  for (const x of b.exceptions ?? []) exceptions.set(x.date, [...(exceptions.get(x.date) ?? []), { ...x, resources: set(x.resources) }]);
  /** The exception naming the resource wins over one for every resource. */
  const exceptionOf = (id: string, date: string, composite: boolean) => {
    const list = exceptions.get(date);
    if (!list) return undefined;
    return list.find((x) => x.resources?.has(id)) ?? (composite ? undefined : list.find((x) => !x.resources));
  };

  type Weekly = (typeof weekly)[number];
  type Matched = Scope & Closure;
  /** Everything about a date that does not depend on the resource, computed once per date. */
  interface DateFacts {
    wd: number;
    opening: Weekly[];
    cuts: typeof exclusions;
    caps: typeof capacityRules;
    /** Closures matching the date, strongest first. */
    closures: Matched[];
  }
  const factsMemo = new Map<string, DateFacts>();
  const factsOf = (date: string): DateFacts => {
    let f = factsMemo.get(date);
    if (f) return f;
    const wd = weekdayOf(date);
    const closures: Matched[] = [];
    for (const c of dateClosures) if (date >= c.from && date <= c.to) closures.push({ reason: 'closure', note: c.note, resources: c.resources });
    for (const y of yearly) if (inYearlyRange(date, y.from, y.to)) closures.push({ reason: 'closure', note: y.note, resources: y.resources });
    const name = (hp.closed ?? true) && !openOn.has(date) ? holidayName(date) : undefined;
    if (name !== undefined) closures.push({ reason: 'holiday', note: name, resources: holidayScope.resources });
    for (const w of weekdayClosures) if (w.closes(date)) closures.push({ reason: 'closed-day', note: w.note, resources: w.resources });
    for (const r of rruleClosures) if (r.rec.occursOn(date)) closures.push({ reason: 'closed-day', note: r.note, resources: r.resources });
    f = {
      wd,
      opening: weekly.filter((w) => (w.start === undefined || date >= w.start) && (w.end === undefined || date <= w.end) && (w.days ? w.days.has(wd) : w.rec!.occursOn(date))),
      cuts: exclusions.filter((e) => !e.days || e.days.has(wd)),
      caps: capacityRules.filter((c) => (!c.days || c.days.has(wd)) && (!c.dates || c.dates.has(date))),
      closures,
    };
    if (factsMemo.size >= 5_000) factsMemo.clear();
    factsMemo.set(date, f);
    return f;
  };
  const closureOf = (id: string, f: DateFacts, composite: boolean): Closure | undefined => f.closures.find((c) => applies(c, id, composite));

  const capacityAt = (id: string, start: number, f: DateFacts, openedBy: readonly Weekly[], x: Exception | undefined) => {
    if (x?.capacity !== undefined) return x.capacity;
    let cap = baseCapacity.get(id) ?? b.capacity;
    for (const w of openedBy) if (w.capacity !== undefined && start >= w.span[0] && start < w.span[1]) cap = w.capacity;
    for (const c of f.caps) if ((!c.resources || c.resources.has(id)) && start >= c.from && start < c.to) cap = c.capacity;
    return cap;
  };

  const unitPlan = (id: string, date: string): DayPlan => {
    const f = factsOf(date);
    const x = exceptionOf(id, date, false);
    if (x?.hours) {
      const spans = mergeIntervals(x.hours.map((h) => [minutesOf(h.open), minutesOf(h.close)] as Interval));
      return { slots: cutSlots(spans, step).map(([s, e]) => ({ start: s, end: e, capacities: [capacityAt(id, s, f, [], x)] })), note: x.note };
    }
    const openedBy = f.opening.filter((w) => !w.resources || w.resources.has(id));
    if (openedBy.length === 0) return { slots: [] };
    const cut = f.cuts.filter((e) => !e.resources || e.resources.has(id)).map((e) => e.span);
    const spans = subtractIntervals(openedBy.map((w) => w.span), cut);
    const slots = cutSlots(spans, step).map(([s, e]) => ({ start: s, end: e, capacities: [capacityAt(id, s, f, openedBy, x)] }));
    const closure: Closure | undefined = x?.closed ? { reason: 'closure', note: x.note } : closureOf(id, f, false);
    return closure ? { slots, closed: closure.reason, note: closure.note } : { slots };
  };

  // A composite needs the plans of its units, which expand() has just made: keep a small memo.
  const unitMemo = new Map<string, DayPlan>();
  const unitPlanMemo = (id: string, date: string): DayPlan => {
    const key = `${id}|${date}`;
    let plan = unitMemo.get(key);
    if (!plan) {
      if (unitMemo.size >= 2_000) unitMemo.clear();
      unitMemo.set(key, (plan = unitPlan(id, date)));
    }
    return plan;
  };

  const compositePlan = (r: CalendarResource, date: string): DayPlan => {
    const parts = r.units.map((u) => unitPlanMemo(u, date));
    const others = parts.slice(1).map((p) => new Map(p.slots.map((s) => [s.start, s])));
    const slots: PlannedSlot[] = [];
    for (const s of parts[0].slots) {
      const same = others.map((m) => m.get(s.start));
      if (same.every((o) => o !== undefined && o.end === s.end)) slots.push({ start: s.start, end: s.end, capacities: [s.capacities[0], ...same.map((o) => o!.capacities[0])] });
    }
    const x = exceptionOf(r.id, date, true);
    const own: Closure | undefined = x?.closed ? { reason: 'closure', note: x.note } : closureOf(r.id, factsOf(date), true);
    const unit = parts.find((p) => p.closed);
    const closed = own ?? (unit ? { reason: unit.closed!, note: unit.note } : undefined);
    return closed ? { slots, closed: closed.reason, note: closed.note } : { slots };
  };

  const composite = new Set(resources.filter((r) => b.resources.find((d) => d.id === r.id)?.consumes).map((r) => r.id));
  const consumed = new Set(resources.filter((r) => composite.has(r.id)).flatMap((r) => r.units));
  return (r, date) => (composite.has(r.id) ? compositePlan(r, date) : consumed.has(r.id) ? unitPlanMemo(r.id, date) : unitPlan(r.id, date));
}
