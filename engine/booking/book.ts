// Use case: book a slot. The admission pipeline (admission.ts) runs its checks
// before the transaction and everything else in one BEGIN IMMEDIATE transaction:
// quotas, the state decision, places, booking row, history, audit, notices and
// the stored idempotent response. Either all of it commits or none of it. HTTP
// handlers run it through the group commit (engine/db/group-commit.ts), where
// this transaction becomes a savepoint of the batch.
import { READ_COMMITTED } from './isolation';
import type { CompiledService } from '../../blocks/service/block';
import type { Actor } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { transaction, type Db } from '../db';
import type { NotifyDeps } from '../notify/booking-events';
import { createAdmission, runPreStages, runTxStages } from './admission';
import { findReplay, lockKey, hashRequest, storeResponse } from './idempotency';
import './messages';
import type { BookingStatus } from './status';

export interface BookInput {
  published: PublishedTenant;
  serviceId: string;
  resource: unknown;
  start: unknown;
  answers: unknown;
  actor: Actor;
  /** Set for member bookings (resident logged in, or staff booking for a member). */
  memberId?: string;
  channel: 'web' | 'staff' | 'api';
  idempotencyKey?: string;
  /** Staff only: book beyond capacity; audited. */
  overrideCapacity?: boolean;
}

export interface BookResponse {
  status: 201;
  body: {
    receiptNo: string;
    accessKey?: string;
    status: BookingStatus;
    service: string;
    resource: string;
    start: string;
    end: string;
    /** What the service's kinds add (e.g. `fee`, `paymentDeadline`). */
    [extra: string]: unknown;
  };
  replayed: boolean;
}

export function findService(published: PublishedTenant, serviceId: string): CompiledService {
  const s = published.tenant.get('service', serviceId);
  if (!s) throw new EngineError('service.not_found', { service: serviceId });
  return s;
}

export async function bookSlot(deps: { db: Db; clock: Clock } & NotifyDeps, input: BookInput): Promise<BookResponse> {
  const { db } = deps;
  const now = deps.clock.now();
  const tenant = input.published.tenant.slug;
  const requestHash = input.idempotencyKey
    ? hashRequest(['book', input.serviceId, input.resource, input.start, input.answers, input.memberId ?? null])
    : '';
  if (input.idempotencyKey) {
    const replay = await findReplay(db, tenant, input.idempotencyKey, requestHash, now.getTime());
    if (replay) return { ...(replay as Omit<BookResponse, 'replayed'>), replayed: true };
  }
  const ctx = createAdmission({
    mode: 'book',
    deps,
    published: input.published,
    service: findService(input.published, input.serviceId),
    actor: input.actor,
    request: {
      resource: input.resource,
      start: input.start,
      answers: input.answers,
      channel: input.channel,
      ...(input.memberId ? { memberId: input.memberId } : {}),
      ...(input.overrideCapacity ? { overrideCapacity: true } : {}),
    },
  });
  await runPreStages(ctx);

  return transaction(db, async (tx) => {
    // Re-checked inside the write lock: a concurrent retry may have committed meanwhile.
    if (input.idempotencyKey) {
      await lockKey(tx, tenant, input.idempotencyKey);
      const replay = await findReplay(tx, tenant, input.idempotencyKey, requestHash, now.getTime());
      if (replay) return { ...(replay as Omit<BookResponse, 'replayed'>), replayed: true };
    }
    await runTxStages(ctx, tx);
    const slot = ctx.slot!;
    const response: Omit<BookResponse, 'replayed'> = {
      status: 201,
      body: {
        ...ctx.response,
        receiptNo: ctx.receiptNo!,
        ...(ctx.accessKey ? { accessKey: ctx.accessKey } : {}),
        status: ctx.status,
        service: ctx.service.id,
        resource: slot.resource,
        start: slot.start,
        end: slot.end,
      },
    };
    if (input.idempotencyKey) await storeResponse(tx, tenant, input.idempotencyKey, requestHash, response, now.getTime());
    return { ...response, replayed: false };
  }, READ_COMMITTED);
}
