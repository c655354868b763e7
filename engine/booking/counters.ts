// Capacity lives in slot_counters rows, one per (calendar, unit, slot start).
// Taking places is `used = used + n WHERE used + n <= capacity`, unit by unit in
// sorted order (DESIGN §3); a row that does not move means the slot is full.
// The same statement shape works on PostgreSQL.
import { sql } from 'drizzle-orm';
import type { Tx } from '../audit';
import type { Db } from '../db';
import { EngineError } from '../core/errors';

export interface UnitTake {
  unit: string;
  capacity: number;
}

export function takeUnits(
  tx: Tx,
  where: { tenant: string; calendar: string; slotStart: number },
  units: readonly UnitTake[],
  seats: number,
  opts: { overrideCapacity?: boolean } = {},
): void {
  const sorted = [...units].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
  for (const u of sorted) {
    tx.run(sql`INSERT INTO slot_counters (tenant_slug, calendar_id, unit, slot_start, used)
      VALUES (${where.tenant}, ${where.calendar}, ${u.unit}, ${where.slotStart}, 0) ON CONFLICT DO NOTHING`);
    const r = opts.overrideCapacity
      ? tx.run(sql`UPDATE slot_counters SET used = used + ${seats}
          WHERE tenant_slug = ${where.tenant} AND calendar_id = ${where.calendar} AND unit = ${u.unit} AND slot_start = ${where.slotStart}`)
      : tx.run(sql`UPDATE slot_counters SET used = used + ${seats}
          WHERE tenant_slug = ${where.tenant} AND calendar_id = ${where.calendar} AND unit = ${u.unit} AND slot_start = ${where.slotStart}
            AND used + ${seats} <= ${u.capacity}`);
    if (r.changes === 0) throw new EngineError('booking.slot_full', { unit: u.unit });
  }
}

export function releaseUnits(tx: Tx, where: { tenant: string; calendar: string; slotStart: number }, units: readonly { unit: string; seats: number }[]): void {
  const sorted = [...units].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
  for (const u of sorted) {
    const r = tx.run(sql`UPDATE slot_counters SET used = used - ${u.seats}
      WHERE tenant_slug = ${where.tenant} AND calendar_id = ${where.calendar} AND unit = ${u.unit} AND slot_start = ${where.slotStart}
        AND used >= ${u.seats}`);
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

/** Recomputes every counter of a tenant from its confirmed bookings; returns the rows that disagree. */
export function checkCounters(db: Db, tenant: string): CounterMismatch[] {
  const rows = db.all<{ calendar: string; unit: string; slotStart: number; counted: number; recomputed: number }>(sql`
    WITH recomputed AS (
      SELECT b.calendar_id AS calendar, u.unit AS unit, b.slot_start AS slot_start, SUM(u.seats) AS used
      FROM bookings b JOIN booking_units u ON u.booking_id = b.id
      WHERE b.tenant_slug = ${tenant} AND b.status = 'confirmed'
      GROUP BY b.calendar_id, u.unit, b.slot_start
    ),
    keys AS (
      SELECT calendar_id AS calendar, unit, slot_start FROM slot_counters WHERE tenant_slug = ${tenant}
      UNION SELECT calendar, unit, slot_start FROM recomputed
    )
    SELECT k.calendar AS calendar, k.unit AS unit, k.slot_start AS slotStart,
           COALESCE(c.used, 0) AS counted, COALESCE(r.used, 0) AS recomputed
    FROM keys k
    LEFT JOIN slot_counters c ON c.tenant_slug = ${tenant} AND c.calendar_id = k.calendar AND c.unit = k.unit AND c.slot_start = k.slot_start
    LEFT JOIN recomputed r ON r.calendar = k.calendar AND r.unit = k.unit AND r.slot_start = k.slot_start
    WHERE COALESCE(c.used, 0) <> COALESCE(r.used, 0)`);
  return rows;
}

/** Used places per unit and slot start for a calendar in [fromMs, toMs). */
export function usedInRange(db: Db, tenant: string, calendar: string, fromMs: number, toMs: number): Map<string, number> {
  const stmt = db.$client.prepare(
    'SELECT unit, slot_start AS s, used FROM slot_counters WHERE tenant_slug = ? AND calendar_id = ? AND slot_start >= ? AND slot_start < ? AND used > 0',
  );
  const map = new Map<string, number>();
  for (const r of stmt.iterate(tenant, calendar, fromMs, toMs) as Iterable<{ unit: string; s: number; used: number }>) map.set(`${r.unit}|${r.s}`, r.used);
  return map;
}
