// `calendar`: resources (窓口, rooms, courts), opening hours, slot unit and
// capacity; expands into slots in local wall time.
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { registerMessages } from '../../engine/core/messages';
import { addDays, localIso, localToEpoch, minutesOf, timeOf, weekdayOf, epochToLocal } from '../../engine/schedule/time';
import type { CalendarResource, CompiledCalendar, Slot } from '../../engine/schedule/types';
import schema from './schema.json';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Weekday = (typeof WEEKDAYS)[number];

export interface CalendarBlock extends RawBlock {
  kind: 'calendar';
  title: string;
  resources: { id: string; title: string; titleEn?: string; consumes?: string[] }[];
  slotMinutes: number;
  capacity: number;
  weekly: { days: Weekday[]; open: string; close: string; resources?: string[] }[];
  publicAvailability?: boolean;
  bookingWindow?: { opensDaysBefore?: number; closesHoursBefore?: number };
}

registerMessages({
  'calendar.duplicate_resource': { status: 422, ja: 'リソースID "{id}" が重複しています。', en: 'Duplicate resource id "{id}".' },
  'calendar.unknown_resource': { status: 422, ja: 'リソース "{id}" はこのカレンダーにありません。', en: 'Resource "{id}" is not in this calendar.' },
  'calendar.nested_composite': { status: 422, ja: '複合リソースの構成要素 "{id}" も複合リソースです（単位リソースを指定してください）。', en: 'Composite part "{id}" is itself composite.' },
  'calendar.bad_hours': { status: 422, ja: '開始時刻 {open} が終了時刻 {close} より前になっていません。', en: 'Opening time {open} is not before closing time {close}.' },
});

export const calendarBlock = defineBlock<CalendarBlock, CompiledCalendar>({
  kind: 'calendar',
  version: 1,
  schema,
  cardinality: 'many',
  migrations: [],
  title: { ja: 'カレンダー', en: 'Calendar' },
  check(b, ctx) {
    const ids = new Set<string>();
    b.resources.forEach((r, i) => {
      if (ids.has(r.id)) ctx.issue(`/resources/${i}/id`, 'calendar.duplicate_resource', { id: r.id });
      ids.add(r.id);
    });
    const composite = new Set(b.resources.filter((r) => r.consumes).map((r) => r.id));
    b.resources.forEach((r, i) =>
      r.consumes?.forEach((u, j) => {
        if (!ids.has(u)) ctx.issue(`/resources/${i}/consumes/${j}`, 'calendar.unknown_resource', { id: u });
        else if (composite.has(u)) ctx.issue(`/resources/${i}/consumes/${j}`, 'calendar.nested_composite', { id: u });
      }),
    );
    b.weekly.forEach((w, i) => {
      if (minutesOf(w.open) >= minutesOf(w.close)) ctx.issue(`/weekly/${i}/close`, 'calendar.bad_hours', { open: w.open, close: w.close });
      w.resources?.forEach((r, j) => {
        if (!ids.has(r)) ctx.issue(`/weekly/${i}/resources/${j}`, 'calendar.unknown_resource', { id: r });
      });
    });
  },
  compile(b, ctx) {
    const tz = ctx.tenant.timezone;
    const resources: CalendarResource[] = b.resources.map((r) => ({ id: r.id, title: r.title, titleEn: r.titleEn ?? r.title, units: r.consumes ?? [r.id] }));
    const byId = new Map(resources.map((r) => [r.id, r]));
    const step = b.slotMinutes;

    // Local slot start minutes of a unit resource on a weekday, merged from the weekly rules.
    const unitTimes = (id: string, weekday: number): number[] => {
      const starts = new Set<number>();
      for (const w of b.weekly) {
        if (!w.days.includes(WEEKDAYS[weekday]) || (w.resources && !w.resources.includes(id))) continue;
        for (let m = minutesOf(w.open); m + step <= minutesOf(w.close); m += step) starts.add(m);
      }
      return [...starts].sort((x, y) => x - y);
    };
    // A composite resource (全面) is open only when every unit it consumes is open.
    const timesFor = (r: CalendarResource, weekday: number): number[] =>
      r.units.map((u) => unitTimes(u, weekday)).reduce((acc, t) => acc.filter((m) => t.includes(m)));

    const expand = (fromDate: string, toDate: string, only?: string): Slot[] => {
      const out: Slot[] = [];
      for (const r of resources) {
        if (only && r.id !== only) continue;
        for (let d = fromDate; d <= toDate; d = addDays(d, 1)) {
          for (const m of timesFor(r, weekdayOf(d))) {
            const startLocal = timeOf(m);
            const endLocal = timeOf(m + step);
            const startMs = localToEpoch(d, startLocal, tz);
            out.push({
              resource: r.id,
              date: d,
              startLocal,
              endLocal,
              start: localIso(d, startLocal, tz),
              end: localIso(d, endLocal, tz),
              startMs,
              endMs: startMs + step * 60_000,
              units: r.units.map((unit) => ({ unit, capacity: b.capacity })),
            });
          }
        }
      }
      return out;
    };

    return {
      id: b.id,
      title: b.title,
      timezone: tz,
      slotMinutes: step,
      publicAvailability: b.publicAvailability ?? true,
      resources,
      expand,
      findSlot(resource, startMs) {
        if (!byId.has(resource)) return undefined;
        const { date } = epochToLocal(startMs, tz);
        return expand(date, date, resource).find((s) => s.startMs === startMs && !s.closed);
      },
      windowStatus(slot, now) {
        const t = now.getTime();
        const closes = slot.startMs - (b.bookingWindow?.closesHoursBefore ?? 0) * 3_600_000;
        if (t >= closes) return 'past';
        const opensDays = b.bookingWindow?.opensDaysBefore;
        if (opensDays !== undefined && t < localToEpoch(addDays(slot.date, -opensDays), '00:00', tz)) return 'not-open-yet';
        return 'open';
      },
    };
  },
});
