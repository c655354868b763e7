// What a new configuration would do to existing bookings: a booking is stranded
// when its service or resource disappears, its slot no longer exists or is
// closed, or its slot now holds fewer places than are booked. The builder lists
// these before publishing and asks for confirmation.
import { and, eq, gt } from 'drizzle-orm';
import type { CompiledService } from '../../blocks/service/block';
import type { Db } from '../db';
import { bookingUnits, bookings } from '../db/schema';
import { instantIso } from '../schedule/time';
import type { CompiledTenant } from './tenant';

export type ImpactReason = 'service_removed' | 'resource_removed' | 'slot_removed' | 'closed' | 'over_capacity';

export interface ImpactedBooking {
  receiptNo: string;
  service: string;
  resource: string;
  start: string;
  reason: ImpactReason;
  /** For over_capacity: the unit, its new capacity and how many places are booked. */
  unit?: string;
  capacity?: number;
  booked?: number;
  /** For closed: why the day is closed (holiday, closure, closed-day). */
  closed?: string;
}

export async function bookingImpact(db: Db, next: CompiledTenant, now: number): Promise<ImpactedBooking[]> {
  const active = and(eq(bookings.tenantSlug, next.slug), eq(bookings.holdsCapacity, true), gt(bookings.slotEnd, now));
  const rows = await db.select().from(bookings).where(active);
  const held = new Map<number, { unit: string; seats: number }[]>();
  const units = await db
    .select({ bookingId: bookingUnits.bookingId, unit: bookingUnits.unit, seats: bookingUnits.seats })
    .from(bookingUnits)
    .innerJoin(bookings, eq(bookings.id, bookingUnits.bookingId))
    .where(active);
  for (const u of units) held.set(u.bookingId, [...(held.get(u.bookingId) ?? []), u]);
  const out: ImpactedBooking[] = [];
  // Places booked per (calendar, unit, slot), to compare with the new capacity.
  const usage = new Map<string, { used: number; capacity: number; rows: typeof rows }>();
  for (const row of rows) {
    const service = next.get('service', row.serviceId);
    const tz = service?.calendar.timezone ?? 'Asia/Tokyo';
    const base = { receiptNo: row.receiptNo, service: row.serviceId, resource: row.resourceId, start: instantIso(row.slotStart, tz) };
    if (!service) {
      out.push({ ...base, reason: 'service_removed' });
      continue;
    }
    if (!service.calendar.resources.some((r) => r.id === row.resourceId)) {
      out.push({ ...base, reason: 'resource_removed' });
      continue;
    }
    const day = service.calendar.expand(row.slotDate, row.slotDate, row.resourceId).find((s) => s.startMs === row.slotStart && s.endMs === row.slotEnd);
    if (!day) {
      out.push({ ...base, reason: 'slot_removed' });
      continue;
    }
    if (day.closed) {
      out.push({ ...base, reason: 'closed', closed: day.closed });
      continue;
    }
    for (const h of held.get(row.id) ?? []) {
      const capacity = day.units.find((u) => u.unit === h.unit)?.capacity ?? 0;
      const k = `${service.calendar.id}|${h.unit}|${row.slotStart}`;
      const entry = usage.get(k) ?? { used: 0, capacity, rows: [] };
      entry.used += h.seats;
      entry.capacity = Math.min(entry.capacity, capacity);
      entry.rows.push(row);
      usage.set(k, entry);
    }
  }
  for (const [k, u] of usage) {
    if (u.used <= u.capacity) continue;
    const unit = k.split('|')[1];
    for (const row of u.rows) {
      const tz = next.get('service', row.serviceId)!.calendar.timezone;
      out.push({ receiptNo: row.receiptNo, service: row.serviceId, resource: row.resourceId, start: instantIso(row.slotStart, tz), reason: 'over_capacity', unit, capacity: u.capacity, booked: u.used });
    }
  }
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.receiptNo.localeCompare(b.receiptNo, 'en', { numeric: true }));
}
