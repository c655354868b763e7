// Quota checks run inside the booking transaction (BEGIN IMMEDIATE serialises
// writers), so counting and inserting cannot race.
import { sql, type SQL } from 'drizzle-orm';
import type { CompiledQuota } from '../../blocks/quota/block';
import type { Tx } from '../audit';
import { EngineError } from '../core/errors';
import { addDays, weekdayOf } from '../schedule/time';
import type { BookingIdentity } from './identity';
import { statusInSql } from './status';

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

export function checkQuotas(
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
): void {
  const { identity: who } = args;
  for (const q of args.quotas) {
    if (q.maxPartySize !== undefined && args.seats > q.maxPartySize) throw new EngineError('booking.party_too_large', { max: q.maxPartySize, quota: q.title });
  }
  const keys: SQL[] = [];
  if (who.memberId) keys.push(sql`member_id = ${who.memberId}`);
  if (who.phoneKey) keys.push(sql`phone_key = ${who.phoneKey}`);
  if (who.emailKey) keys.push(sql`email_key = ${who.emailKey}`);
  if (keys.length === 0) return; // nobody to count (e.g. a staff booking without contact data)
  const person = sql.join(keys, sql` OR `);
  for (const q of args.quotas) {
    const scope = q.scope === 'service' ? sql` AND service_id = ${args.serviceId}` : sql``;
    const exclude = args.excludeBookingId !== undefined ? sql` AND id <> ${args.excludeBookingId}` : sql``;
    const base = sql`SELECT COUNT(*) AS n FROM bookings WHERE tenant_slug = ${args.tenant} AND ${sql.raw(statusInSql('quota'))} AND (${person})${scope}${exclude}`;
    if (q.maxActive !== undefined) {
      const { n } = tx.get<{ n: number }>(sql`${base} AND slot_end > ${args.now}`);
      if (n >= q.maxActive) throw new EngineError('booking.quota_exceeded', { quota: q.title, limit: q.maxActive });
    }
    if (q.perPeriod) {
      const [from, to] = periodRange(q.perPeriod.period, args.slotDate);
      const { n } = tx.get<{ n: number }>(sql`${base} AND slot_date BETWEEN ${from} AND ${to}`);
      if (n >= q.perPeriod.max) throw new EngineError('booking.quota_exceeded', { quota: q.title, limit: q.perPeriod.max });
    }
  }
}
