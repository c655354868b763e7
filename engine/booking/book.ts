// Use case: book a slot. One BEGIN IMMEDIATE transaction: idempotency replay
// check, quotas, receipt number, booking row, capacity counters, audit row,
// stored response. Either all of it commits or none of it. HTTP handlers run it
// through the group commit (engine/db/group-commit.ts), where this transaction
// becomes a savepoint of the batch.
import type { CompiledService } from '../../blocks/service/block';
import type { CompiledSite } from '../../blocks/site/block';
import { writeAudit, type Actor } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import type { Db } from '../db';
import { emitBookingEvent, type NotifyDeps } from '../notify/booking-events';
import { generateAccessKey, hashAccessKey } from './access-key';
import { hasRoom, insertBooking, insertBookingUnits, takeUnits } from './counters';
import { findReplay, hashRequest, storeResponse } from './idempotency';
import { identityOf } from './identity';
import './messages';
import { checkQuotas } from './quota';
import { nextReceiptNo } from './receipt';
import { resolveSlotFor, seatsOf } from './slot';

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
    status: 'confirmed';
    service: string;
    resource: string;
    start: string;
    end: string;
  };
  replayed: boolean;
}

export function findService(published: PublishedTenant, serviceId: string): CompiledService {
  const s = published.tenant.get<CompiledService>('service', serviceId);
  if (!s) throw new EngineError('service.not_found', { service: serviceId });
  return s;
}

export function bookSlot(deps: { db: Db; clock: Clock } & NotifyDeps, input: BookInput): BookResponse {
  const { db, clock } = deps;
  const now = clock.now();
  const tenant = input.published.tenant.slug;
  const requestHash = input.idempotencyKey
    ? hashRequest(['book', input.serviceId, input.resource, input.start, input.answers, input.memberId ?? null])
    : '';
  if (input.idempotencyKey) {
    const replay = findReplay(db, tenant, input.idempotencyKey, requestHash, now.getTime());
    if (replay) return { ...(replay as Omit<BookResponse, 'replayed'>), replayed: true };
  }

  const service = findService(input.published, input.serviceId);
  const audience = input.actor.type === 'staff' ? 'staff' : 'resident';
  if (audience === 'resident') {
    // 利用者制限 of the site applies on top of each service's own access setting.
    const restriction = input.published.tenant.list<CompiledSite>('site')[0]?.modes.userRestriction ?? 'none';
    if (!input.memberId && (!service.access.anonymous || restriction === 'members-only')) throw new EngineError('booking.anonymous_not_allowed');
    if (input.memberId && (!service.access.members || restriction === 'guests-only')) throw new EngineError('booking.members_not_allowed');
  }
  const { slot, afterOnlineDeadline } = resolveSlotFor(service, input.resource, input.start, now, { staff: input.actor.type === 'staff' });
  const override = input.actor.type === 'staff' && input.overrideCapacity === true;
  const where = { tenant, calendar: service.calendar.id, slotStart: slot.startMs };
  // A slot without room for even one is refused before the answers are checked: the
  // resident learns it is full before correcting a form, and a rush of refusals stays cheap.
  if (!override && !hasRoom(db, where, slot.units, 1)) throw new EngineError('booking.slot_full', { start: slot.start });
  const validated = service.form.validate(input.answers, audience);
  if (!validated.ok) throw new EngineError('input.invalid', {}, { issues: validated.issues });
  const answers = validated.value;
  const seats = seatsOf(service, answers);
  const identity = identityOf(service.form, answers, input.memberId);
  if (!override && seats > 1 && !hasRoom(db, where, slot.units, seats)) throw new EngineError('booking.slot_full', { start: slot.start });
  const accessKey = input.memberId ? undefined : generateAccessKey();

  return db.transaction(
    (tx) => {
      // Re-checked inside the write lock: a concurrent retry may have committed meanwhile.
      if (input.idempotencyKey) {
        const replay = findReplay(tx, tenant, input.idempotencyKey, requestHash, now.getTime());
        if (replay) return { ...(replay as Omit<BookResponse, 'replayed'>), replayed: true };
      }
      checkQuotas(tx, { tenant, serviceId: service.id, quotas: service.quotas, identity, seats, slotDate: slot.date, now: now.getTime() });
      // Capacity first: a full slot (the common case in a rush) fails before any other write.
      takeUnits(tx, where, slot.units, seats, { overrideCapacity: override });
      const receiptNo = nextReceiptNo(tx, tenant);
      const at = now.getTime();
      const id = insertBooking(tx, {
        tenantSlug: tenant,
        receiptNo,
        serviceId: service.id,
        calendarId: service.calendar.id,
        resourceId: slot.resource,
        slotStart: slot.startMs,
        slotEnd: slot.endMs,
        slotDate: slot.date,
        slotStartLocal: slot.startLocal,
        status: 'confirmed',
        seats,
        answersJson: JSON.stringify(answers),
        phoneKey: identity.phoneKey ?? null,
        emailKey: identity.emailKey ?? null,
        nameKey: identity.nameKey ?? null,
        memberId: input.memberId ?? null,
        accessKeyHash: accessKey ? hashAccessKey(accessKey) : null,
        channel: input.channel,
        versionId: input.published.versionId,
        createdAt: at,
        updatedAt: at,
      });
      insertBookingUnits(tx, id, slot.units, seats);
      writeAudit(tx, {
        tenant,
        at,
        actor: input.actor,
        action: 'booking.confirmed',
        target: { type: 'booking', id: receiptNo },
        details: { service: service.id, resource: slot.resource, start: slot.start, seats, version: input.published.versionId, ...(override ? { overrideCapacity: true } : {}), ...(afterOnlineDeadline ? { afterOnlineDeadline: true } : {}) },
      });
      emitBookingEvent(tx, deps, input.published, 'booking.confirmed', id, { accessKey });
      const response: Omit<BookResponse, 'replayed'> = {
        status: 201,
        body: {
          receiptNo,
          ...(accessKey ? { accessKey } : {}),
          status: 'confirmed',
          service: service.id,
          resource: slot.resource,
          start: slot.start,
          end: slot.end,
        },
      };
      if (input.idempotencyKey) storeResponse(tx, tenant, input.idempotencyKey, requestHash, response, at);
      return { ...response, replayed: false };
    },
    { behavior: 'immediate' },
  );
}
