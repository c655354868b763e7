// A member's bookings for 申し込み一覧 (newest slot first).
import { and, desc, eq } from 'drizzle-orm';
import type { BookingRow } from '../booking/view';
import type { Db } from '../db';
import { bookings } from '../db/schema';

export async function memberBookings(db: Db, tenant: string, memberId: string, limit = 200): Promise<BookingRow[]> {
  return await db.select().from(bookings).where(and(eq(bookings.tenantSlug, tenant), eq(bookings.memberId, memberId))).orderBy(desc(bookings.slotStart)).limit(limit);
}
