// Compiles a calendar block into the schedule contract (engine/schedule/types.ts).
// Slots of one resource on one date are built once and cached: the block is
// immutable once compiled, so a cached day never goes stale.
import { datesBetween } from '../../engine/schedule/dates';
import { HOLIDAY_DATA_VERSION } from '../../engine/schedule/holidays';
import { addDays, epochToLocal, formatOffset, instantIso, localToEpoch, timeOf, zoneOffsetMinutes } from '../../engine/schedule/time';
import type { CalendarResource, ClosedDay, CompiledCalendar, Slot } from '../../engine/schedule/types';
import { createBookingWindow } from '../../engine/schedule/window';
import { createDayPlanner, type DayPlan } from './rules';
import type { CalendarBlock } from './types';

const MAX_CACHED_DAYS = 6_000; // (resource, date) pairs: a month of 50 resources is 1,550
const TIMES = Array.from({ length: 1441 }, (_, m) => timeOf(m));

export function compileCalendar(b: CalendarBlock, tz: string): CompiledCalendar {
  const resources: CalendarResource[] = b.resources.map((r) => ({ id: r.id, title: r.title, titleEn: r.titleEn ?? r.title, units: r.consumes ?? [r.id] }));
  const byId = new Map(resources.map((r) => [r.id, r]));
  const plan = createDayPlanner(b, resources);
  const window = createBookingWindow(b.bookingWindow ?? {}, tz);
  const cache = new Map<string, readonly Slot[]>();

  // Per date: the zone offset and midnight, shared by every resource.
  const dayClock = new Map<string, { midnight: number; suffix: string; fixed: boolean; next: string }>();
  const clockOf = (date: string) => {
    let c = dayClock.get(date);
    if (!c) {
      const off = zoneOffsetMinutes(tz, date);
      const next = addDays(date, 1);
      // One offset for the whole day unless the zone changes offset that night (never in Asia/Tokyo).
      c = { midnight: localToEpoch(date, '00:00', tz), suffix: `:00${formatOffset(off)}`, fixed: zoneOffsetMinutes(tz, next) === off, next };
      if (dayClock.size >= 5_000) dayClock.clear();
      dayClock.set(date, c);
    }
    return c;
  };
  // Slots with equal capacities share one frozen `units` list.
  const unitLists = new Map<string, Slot['units']>();
  const unitsOf = (r: CalendarResource, capacities: readonly number[]) => {
    const key = `${r.id}|${capacities.join(',')}`;
    let u = unitLists.get(key);
    if (!u) {
      u = Object.freeze(r.units.map((unit, i) => Object.freeze({ unit, capacity: capacities[i] })));
      if (unitLists.size >= 10_000) unitLists.clear();
      unitLists.set(key, u);
    }
    return u;
  };

  const buildDay = (r: CalendarResource, date: string, p: DayPlan): Slot[] => {
    const { midnight, suffix, fixed, next } = clockOf(date);
    const at = (m: number) => (fixed ? midnight + m * 60_000 : m >= 1440 ? localToEpoch(next, TIMES[m - 1440], tz) : localToEpoch(date, TIMES[m], tz));
    const iso = (m: number) => (fixed && m < 1440 ? `${date}T${TIMES[m]}${suffix}` : instantIso(at(m), tz));
    return p.slots.map((s) => {
      const slot: Slot = {
        resource: r.id,
        date,
        startLocal: TIMES[s.start],
        endLocal: TIMES[s.end],
        start: iso(s.start),
        end: iso(s.end),
        startMs: at(s.start),
        endMs: at(s.end),
        units: unitsOf(r, s.capacities),
      };
      if (p.closed) slot.closed = p.closed;
      if (p.closed && p.note !== undefined) slot.note = p.note;
      return Object.freeze(slot);
    });
  };

  const daySlots = (r: CalendarResource, date: string): readonly Slot[] => {
    const key = `${r.id}|${date}`;
    let slots = cache.get(key);
    if (!slots) {
      if (cache.size >= MAX_CACHED_DAYS) cache.clear();
      cache.set(key, (slots = buildDay(r, date, plan(r, date))));
    }
    return slots;
  };

  const expand = (fromDate: string, toDate: string, only?: string): Slot[] => {
    const out: Slot[] = [];
    const dates = datesBetween(fromDate, toDate);
    for (const r of resources) {
      if (only !== undefined && r.id !== only) continue;
      for (const d of dates) for (const s of daySlots(r, d)) out.push(s);
    }
    return out;
  };

  const closedDays = (fromDate: string, toDate: string): ClosedDay[] => {
    const out: ClosedDay[] = [];
    for (const date of datesBetween(fromDate, toDate)) {
      const plans = resources.map((r) => ({ r, p: plan(r, date) })).filter((x) => x.p.slots.length > 0);
      const closed = plans.filter((x) => x.p.closed);
      if (closed.length === 0) continue;
      const first = closed[0].p;
      if (closed.length === plans.length && closed.every((x) => x.p.closed === first.closed && x.p.note === first.note)) {
        out.push({ date, reason: first.closed!, ...(first.note !== undefined ? { note: first.note } : {}) });
      } else {
        for (const { r, p } of closed) out.push({ date, resource: r.id, reason: p.closed!, ...(p.note !== undefined ? { note: p.note } : {}) });
      }
    }
    return out;
  };

  return {
    id: b.id,
    title: b.title,
    timezone: tz,
    slotMinutes: b.slotMinutes,
    publicAvailability: b.publicAvailability ?? true,
    resources,
    holidayDataVersion: HOLIDAY_DATA_VERSION,
    expand,
    findSlot(resource, startMs) {
      const r = byId.get(resource);
      if (!r || !Number.isFinite(startMs)) return undefined;
      return daySlots(r, epochToLocal(startMs, tz).date).find((s) => s.startMs === startMs && !s.closed);
    },
    windowStatus: (slot, now) => window.status(slot, now.getTime()),
    windowBounds: (slot) => window.bounds(slot),
    closedDays,
  };
}
