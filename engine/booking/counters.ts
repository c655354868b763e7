// Capacity lives in slot_counters rows, one per (calendar, unit, slot start).
// Taking places is `used = used + n WHERE used + n <= capacity`, unit by unit in
// sorted order (DESIGN §3); a row that does not move means the slot is full.
// The same statement shape works on PostgreSQL.
import { countersChanged } from './availability-cache';
import { getTableColumns } from 'drizzle-orm';
import type { Tx } from '../audit';
import { sqlAll, sqlGet, sqlRun, type Db } from '../db';
import { bookings as bookingsTable, type bookings } from '../db/schema';
import type { BookingRow } from './view';
import { EngineError } from '../core/errors';

// Test-only seam (DESIGN §8): the race tests' control is this engine with its capacity
// guard off, so they can see a missing guard. Read once; ignored outside tests.
const capacityGuardDisabled =
  process.env.ENGINE_TEST_DISABLE_CAPACITY_GUARD === '1' && (process.env.NODE_ENV === 'test' || Boolean(process.env.VITEST));

export interface UnitTake {
  unit: string;
  capacity: number;
}

export async function takeUnits(
  tx: Tx,
  where: { tenant: string; calendar: string; slotStart: number },
  units: readonly UnitTake[],
  seats: number,
  opts: { overrideCapacity?: boolean } = {},
): Promise<void> {
  countersChanged();
  const sorted = [...units].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
  for (const u of sorted) {
    await sqlRun(tx, 'INSERT INTO slot_counters (tenant_slug, calendar_id, unit, slot_start, used) VALUES (?, ?, ?, ?, 0) ON CONFLICT DO NOTHING', [where.tenant, where.calendar, u.unit, where.slotStart]);
    // An override (staff, audited) takes the place whatever the capacity: the capacity bound is lifted, not the row update.
    const capacity = opts.overrideCapacity || capacityGuardDisabled ? Number.MAX_SAFE_INTEGER : u.capacity;
    const r = await sqlRun(tx, 'UPDATE slot_counters SET used = used + ? WHERE tenant_slug = ? AND calendar_id = ? AND unit = ? AND slot_start = ? AND used + ? <= ?', [
      seats,
      where.tenant,
      where.calendar,
      u.unit,
      where.slotStart,
      seats,
      capacity,
    ]);
    if (r.changes === 0) throw new EngineError('booking.slot_full', { unit: u.unit });
  }
}

export async function releaseUnits(tx: Tx, where: { tenant: string; calendar: string; slotStart: number }, units: readonly { unit: string; seats: number }[]): Promise<void> {
  countersChanged();
  const sorted = [...units].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
  for (const u of sorted) {
    const r = await sqlRun(tx, 'UPDATE slot_counters SET used = used - ? WHERE tenant_slug = ? AND calendar_id = ? AND unit = ? AND slot_start = ? AND used >= ?', [
      u.seats,
      where.tenant,
      where.calendar,
      u.unit,
      where.slotStart,
      u.seats,
    ]);
    // Counters and bookings disagree: refuse rather than make it worse.
    if (r.changes === 0) throw new EngineError('booking.counter_mismatch', { unit: u.unit, slotStart: where.slotStart });
  }
}

export interface CounterMismatch {
  calendar: string;
  unit: string;
  slotStart: number;
  counted: number;
  recomputed: number;
}

/** Recomputes every counter of a tenant from the bookings that hold places; returns the rows that disagree. */
export async function checkCounters(db: Db, tenant: string): Promise<CounterMismatch[]> {
  const rows = await sqlAll<{ calendar: string; unit: string; slotStart: number; counted: number; recomputed: number }>(
    db,
    `
    WITH recomputed AS (
      SELECT b.calendar_id AS calendar, u.unit AS unit, b.slot_start AS slot_start, SUM(u.seats) AS used
      FROM bookings b JOIN booking_units u ON u.booking_id = b.id
      WHERE b.tenant_slug = ? AND b.holds_capacity = ?
      GROUP BY b.calendar_id, u.unit, b.slot_start
    ),
    keys AS (
      SELECT calendar_id AS calendar, unit, slot_start FROM slot_counters WHERE tenant_slug = ?
      UNION SELECT calendar, unit, slot_start FROM recomputed
    )
    SELECT k.calendar AS calendar, k.unit AS unit, k.slot_start AS "slotStart",
           COALESCE(c.used, 0) AS counted, COALESCE(r.used, 0) AS recomputed
    FROM keys k
    LEFT JOIN slot_counters c ON c.tenant_slug = ? AND c.calendar_id = k.calendar AND c.unit = k.unit AND c.slot_start = k.slot_start
    LEFT JOIN recomputed r ON r.calendar = k.calendar AND r.unit = k.unit AND r.slot_start = k.slot_start
    WHERE COALESCE(c.used, 0) <> COALESCE(r.used, 0)`,
    [tenant, true, tenant, tenant],
  );
  return rows;
}

/** Used places per unit and slot start for a calendar in [fromMs, toMs). */
export async function usedInRange(db: Db, tenant: string, calendar: string, fromMs: number, toMs: number): Promise<Map<string, number>> {
  const rows = await sqlAll<{ unit: string; s: number; used: number }>(
    db,
    'SELECT unit, slot_start AS s, used FROM slot_counters WHERE tenant_slug = ? AND calendar_id = ? AND slot_start >= ? AND slot_start < ? AND used > 0',
    [tenant, calendar, fromMs, toMs],
  );
  const map = new Map<string, number>();
  for (const r of rows) map.set(`${r.unit}|${r.s}`, r.used);
  return map;
}

type NewBooking = Omit<typeof bookings.$inferInsert, 'id' | 'cancelledAt'>;

/** Inserts a booking row (hot path: one statement) and returns its id. */
export async function insertBooking(tx: Tx, b: NewBooking): Promise<number> {
  const row = await sqlGet<{ id: number }>(
    tx,
    `INSERT INTO bookings (tenant_slug, receipt_no, service_id, calendar_id, resource_id, slot_start, slot_end, slot_date, slot_start_local, status, holds_capacity,
       deadline_at, seats, answers_json, phone_key, email_key, name_key, member_id, access_key_hash, channel, version_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [
      b.tenantSlug,
      b.receiptNo,
      b.serviceId,
      b.calendarId,
      b.resourceId,
      b.slotStart,
      b.slotEnd,
      b.slotDate,
      b.slotStartLocal,
      b.status,
      b.holdsCapacity === false ? 0 : 1,
      b.deadlineAt ?? null,
      b.seats ?? 1,
      b.answersJson,
      b.phoneKey ?? null,
      b.emailKey ?? null,
      b.nameKey ?? null,
      b.memberId ?? null,
      b.accessKeyHash ?? null,
      b.channel,
      b.versionId,
      b.createdAt,
      b.updatedAt,
    ],
  );
  return row!.id;
}

/** Records the units a booking holds, so releasing gives back exactly what was taken. */
export async function insertBookingUnits(tx: Tx, bookingId: number, units: readonly { unit: string }[], seats: number): Promise<void> {
  for (const u of units) await sqlRun(tx, 'INSERT INTO booking_units (booking_id, unit, seats) VALUES (?, ?, ?)', [bookingId, u.unit, seats]);
}

// Every column of bookings under its schema name (counters.test.ts compares the row with drizzle's).
const BOOKING_COLUMNS = Object.entries(getTableColumns(bookingsTable))
  .map(([key, col]) => (key === col.name ? `"${col.name}"` : `"${col.name}" AS "${key}"`))
  .join(', ');
const BY_ID = `SELECT ${BOOKING_COLUMNS} FROM bookings WHERE id = ?`;

/**
 * A booking row by id (typed columns). Raw SQL, not drizzle's builder: every booking, change and
 * cancellation reads its row back for the notification, and building the query cost more than running it.
 */
export async function bookingById(tx: Tx | Db, id: number): Promise<BookingRow | undefined> {
  const row = await sqlGet<BookingRow>(tx, BY_ID, [id]);
  // SQLite stores the flag as 1/0; drizzle's boolean column would have turned it into true/false.
  if (row) row.holdsCapacity = Boolean(row.holdsCapacity);
  return row;
}

/**
 * Whether every unit still has room, read outside the transaction. Only a fast
 * refusal for full slots during a rush: the guarded update inside the
 * transaction stays the authority.
 */
export async function hasRoom(db: Db | Tx, where: { tenant: string; calendar: string; slotStart: number }, units: readonly UnitTake[], seats: number): Promise<boolean> {
  if (capacityGuardDisabled) return true;
  for (const u of units) {
    const r = await sqlGet<{ used: number }>(db, 'SELECT used FROM slot_counters WHERE tenant_slug = ? AND calendar_id = ? AND unit = ? AND slot_start = ?', [where.tenant, where.calendar, u.unit, where.slotStart]);
    if ((r?.used ?? 0) + seats > u.capacity) return false;
  }
  return true;
}
