// Quota checks run inside the booking transaction (BEGIN IMMEDIATE serialises
// writers), so counting and inserting cannot race.
import { isPostgres } from '../db/dialect';
import { lockKeys, sqlGet } from '../db';
import type { CompiledQuota } from '../../blocks/quota/block';
import type { Tx } from '../audit';
import { EngineError } from '../core/errors';
import { addDays, weekdayOf } from '../schedule/time';
import type { BookingIdentity } from './identity';
import { statusInSql } from './status';

const offIndex = (col: string) => (isPostgres ? col : `+${col}`);

export function periodRange(period: 'day' | 'week' | 'month' | 'year', date: string): [string, string] {
  switch (period) {
    case 'day':
      return [date, date];
    case 'week': {
      const monday = addDays(date, -((weekdayOf(date) + 6) % 7));
      return [monday, addDays(monday, 6)];
    }
    case 'month':
      return [`${date.slice(0, 7)}-01`, `${date.slice(0, 7)}-31`];
    case 'year':
      return [`${date.slice(0, 4)}-01-01`, `${date.slice(0, 4)}-12-31`];
  }
}

export async function checkQuotas(
  tx: Tx,
  args: {
    tenant: string;
    serviceId: string;
    quotas: readonly CompiledQuota[];
    identity: BookingIdentity;
    seats: number;
    slotDate: string;
    now: number;
    /** The booking being changed, which does not count against itself. */
    excludeBookingId?: number;
  },
): Promise<void> {
  const { identity: who } = args;
  for (const q of args.quotas) {
    if (q.maxPartySize !== undefined && args.seats > q.maxPartySize) throw new EngineError('booking.party_too_large', { max: q.maxPartySize, quota: q.title });
  }
  // One statement text per shape (which identity keys, scope, exclusion): this runs in every booking's transaction.
  const keys: string[] = [];
  const person: unknown[] = [];
  if (who.memberId) (keys.push('member_id = ?'), person.push(who.memberId));
  if (who.phoneKey) (keys.push('phone_key = ?'), person.push(who.phoneKey));
  if (who.emailKey) (keys.push('email_key = ?'), person.push(who.emailKey));
  if (keys.length === 0) return; // nobody to count (e.g. a staff booking without contact data)
  // The person's bookings through their own indexes (an OR over columns would make SQLite scan the
  // tenant, and a date range lure it onto the date index: `+col` keeps the range a filter; PostgreSQL's
  // planner has statistics and needs no such hint).
  // Two bookings of one person at once: the second counts after the first has committed (PostgreSQL).
  if (args.quotas.length) await lockKeys(tx, person.map((p) => `quota|${args.tenant}|${String(p)}`));
  const mine = keys.map((k) => `SELECT id FROM bookings WHERE tenant_slug = ? AND ${k}`).join(isPostgres ? ' UNION ' : ' UNION ALL ');
  const mineParams = person.flatMap((p) => [args.tenant, p]);
  for (const q of args.quotas) {
    // Placeholders in the order they appear: the person's bookings, then the filters.
    let filter = '';
    const filterParams: unknown[] = [];
    if (q.scope === 'service') (filter += ' AND service_id = ?'), filterParams.push(args.serviceId);
    if (args.excludeBookingId !== undefined) (filter += ' AND bookings.id <> ?'), filterParams.push(args.excludeBookingId);
    // PostgreSQL: the person's bookings first (a materialised CTE), then each by its key. Before
    // ANALYZE has seen a growing table the planner took the date index and probed the person's
    // bookings once per row of the month: quadratic, 17 ms per booking at 300 bookings.
    const base = isPostgres
      ? `WITH mine AS MATERIALIZED (${mine}) SELECT COUNT(*) AS n FROM mine JOIN bookings ON bookings.id = mine.id WHERE ${statusInSql('quota')}${filter}`
      : `SELECT COUNT(*) AS n FROM bookings WHERE id IN (${mine}) AND ${statusInSql('quota')}${filter}`;
    const used = async (extra: string, more: unknown[]) => Number((await sqlGet<{ n: number }>(tx, `${base}${extra}`, [...mineParams, ...filterParams, ...more]))!.n);
    if (q.maxActive !== undefined) {
      const n = await used(` AND ${offIndex('slot_end')} > ?`, [args.now]);
      if (n >= q.maxActive) throw new EngineError('booking.quota_exceeded', { quota: q.title, limit: q.maxActive });
    }
    if (q.perPeriod) {
      const [from, to] = periodRange(q.perPeriod.period, args.slotDate);
      const n = await used(` AND ${offIndex('slot_date')} BETWEEN ? AND ?`, [from, to]);
      if (n >= q.perPeriod.max) throw new EngineError('booking.quota_exceeded', { quota: q.title, limit: q.perPeriod.max });
    }
  }
}
