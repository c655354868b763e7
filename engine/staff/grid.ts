// 今日の来店者一覧: resources × times of one service for one day, each cell with
// its capacity, places left, bookings and visits (seed 001 当日来店者一覧).
import type { CompiledService } from '../../blocks/service/block';
import { availabilityOf } from '../booking/availability';
import { sqlAll, type Db } from '../db';
import { epochToLocal } from '../schedule/time';

export interface GridCell {
  resource: string;
  start: string;
  time: string;
  capacity: number;
  remaining: number;
  status: string;
  booked: number;
  visited: number;
  note?: string;
}

export interface DayGrid {
  date: string;
  service: string;
  resources: { id: string; title: string; titleEn: string }[];
  times: string[];
  cells: GridCell[];
}

export async function dayGrid(db: Db, tenant: string, service: CompiledService, date: string, now: Date): Promise<DayGrid> {
  const slots = await availabilityOf(db, tenant, service, { from: date, to: date, now });
  const tz = service.calendar.timezone;
  const counts = await sqlAll<{ resource: string; start: number; booked: number; visited: number }>(
    db,
    `SELECT b.resource_id AS resource, b.slot_start AS start, COUNT(*) AS booked, SUM(CASE WHEN v.status = 'visited' THEN 1 ELSE 0 END) AS visited
       FROM bookings b LEFT JOIN booking_visits v ON v.booking_id = b.id
       WHERE b.tenant_slug = ? AND b.service_id = ? AND b.slot_date = ? AND b.holds_capacity GROUP BY b.resource_id, b.slot_start`,
    [tenant, service.id, date],
  );
  const byKey = new Map(counts.map((c) => [`${c.resource}|${c.start}`, c]));
  const cells: GridCell[] = slots.map((s) => {
    const ms = Date.parse(s.start);
    const c = byKey.get(`${s.resource}|${ms}`);
    return {
      resource: s.resource,
      start: s.start,
      time: epochToLocal(ms, tz).time,
      capacity: s.capacity,
      remaining: s.remaining,
      status: s.status,
      booked: c?.booked ?? 0,
      visited: c?.visited ?? 0,
      ...(s.note ? { note: s.note } : {}),
    };
  });
  return {
    date,
    service: service.id,
    resources: service.calendar.resources.map((r) => ({ id: r.id, title: r.title, titleEn: r.titleEn })),
    times: [...new Set(cells.map((c) => c.time))].sort(),
    cells,
  };
}
