// Finding a booking on behalf of someone. An unknown receipt number and a wrong
// access key are the same 404, and take the same work (a hash comparison).
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../audit';
import { EngineError } from '../core/errors';
import type { Db } from '../db';
import { bookings } from '../db/schema';
import { accessKeyMatches } from './access-key';
import type { BookingRow } from './view';

export type BookingAuth = { kind: 'access-key'; key: string | undefined } | { kind: 'member'; memberId: string } | { kind: 'staff' };

export async function findBookingFor(db: Db | Tx, tenant: string, receiptNo: string, auth: BookingAuth): Promise<BookingRow> {
  const row = /^[0-9A-Za-z-]{1,40}$/.test(receiptNo)
    ? (await db.select().from(bookings).where(and(eq(bookings.tenantSlug, tenant), eq(bookings.receiptNo, receiptNo))).limit(1))[0]
    : undefined;
  let allowed = false;
  switch (auth.kind) {
    case 'access-key':
      allowed = accessKeyMatches(auth.key, row?.accessKeyHash);
      break;
    case 'member':
      allowed = !!row && row.memberId === auth.memberId;
      break;
    case 'staff':
      allowed = !!row;
      break;
  }
  if (!row || !allowed) throw new EngineError('reservation.not_found');
  return row;
}
