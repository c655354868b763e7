// Use case: change a booking (move to another slot or resource, and/or new
// answers). It runs the same admission pipeline as booking (admission.ts) with
// the booking as `previous`: moving frees the old places and takes the new ones
// in the same transaction; both happen or nothing does.
import { READ_COMMITTED } from './isolation';
import { eq } from 'drizzle-orm';
import type { Actor } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { transaction, type Db } from '../db';
import { bookings } from '../db/schema';
import type { NotifyDeps } from '../notify/booking-events';
import { createAdmission, runPreStages, runTxStages } from './admission';
import { findService } from './book';
import { findBookingFor, type BookingAuth } from './find';
import './messages';
import { toView, type BookingView } from './view';

export interface ChangeInput {
  published: PublishedTenant;
  receiptNo: string;
  auth: BookingAuth;
  actor: Actor;
  patch: { resource?: unknown; start?: unknown; answers?: unknown };
  overrideCapacity?: boolean;
}

export async function changeBooking(deps: { db: Db; clock: Clock } & NotifyDeps, input: ChangeInput): Promise<BookingView> {
  const { db } = deps;
  const tenant = input.published.tenant.slug;
  return transaction(db, async (tx) => {
    const row = await findBookingFor(tx, tenant, input.receiptNo, input.auth);
    const ctx = createAdmission({
      mode: 'change',
      deps,
      published: input.published,
      service: findService(input.published, row.serviceId),
      actor: input.actor,
      previous: row,
      request: {
        ...input.patch,
        channel: input.actor.type === 'staff' ? 'staff' : 'web',
        ...(input.overrideCapacity ? { overrideCapacity: true } : {}),
      },
    });
    // A change is read and decided under the write lock, so both parts run inside it.
    await runPreStages(ctx);
    await runTxStages(ctx, tx);
    const [updated] = await tx.select().from(bookings).where(eq(bookings.id, row.id)).limit(1);
    return toView(updated!, ctx.service, ctx.now.getTime());
  }, READ_COMMITTED);
}
