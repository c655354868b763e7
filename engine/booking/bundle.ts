// Use case: several slots in one booking (複数枠の一括予約, seed 003). Each slot is a
// booking of its own (its places, quotas, fee, reminders, check-in, cancel) and all of
// them carry the receipt number of the first as `bundle_no`: the resident is given
// that one number and one access key. All of them are admitted in one transaction:
// a slot that is full (or refused for any reason) books none, and the answer names it
// by its place in the request (`/slots/1`). The confirmation is one message listing
// every slot.
import { READ_COMMITTED } from './isolation';
import type { CompiledService } from '../../blocks/service/block';
import type { Actor, Tx } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { EngineError, type Issue } from '../core/errors';
import { makeIssue } from '../core/messages';
import { sqlAll, sqlRun, transaction, type Db } from '../db';
import { allEvents } from '../notify/events';
import { emitBookingEvent, slotVariables, type NotifyDeps } from '../notify/booking-events';
import { tenantTimezone } from '../config/tenant';
import { createAdmission, runPreStages, runTxStages, type AdmissionContext } from './admission';
import { findService, type BookResponse } from './book';
import { cancelBooking, type CancelInput } from './cancel';
import { findBookingFor } from './find';
import { isActive, type BookingStatus } from './status';
import { notActiveError } from './transition';
import type { BookingView } from './view';
import { findReplay, lockKey, hashRequest, storeResponse } from './idempotency';
import './messages';

export interface BundleInput {
  published: PublishedTenant;
  serviceId: string;
  /** [{ resource, start }, …] as the client sent it. */
  slots: unknown;
  answers: unknown;
  actor: Actor;
  memberId?: string;
  channel: 'web' | 'staff' | 'api';
  idempotencyKey?: string;
}

interface SlotRequest {
  resource: unknown;
  start: unknown;
}

function readSlots(raw: unknown, max: number): SlotRequest[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/slots', 'booking.slots_required')] });
  if (raw.length > max) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/slots', 'booking.too_many_slots', { max, given: raw.length })] });
  const seen = new Map<string, number>();
  const issues: Issue[] = [];
  raw.forEach((s, i) => {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) return void issues.push(makeIssue(`/slots/${i}`, 'booking.slot_object'));
    const key = `${String((s as SlotRequest).resource)}|${String((s as SlotRequest).start)}`;
    const first = seen.get(key);
    if (first !== undefined) issues.push(makeIssue(`/slots/${i}`, 'booking.slot_repeated', { first: first + 1 }));
    else seen.set(key, i);
  });
  if (issues.length) throw new EngineError('input.invalid', {}, { issues });
  return raw as SlotRequest[];
}

/** The refusal of one slot, said of that slot: the same code and status, located at /slots/i. */
function ofSlot(e: unknown, i: number): unknown {
  if (!(e instanceof EngineError)) return e;
  // The answers are the same for every slot: their issues keep their own place (/answers/…).
  if (e.issues?.every((x) => x.path.startsWith('/answers'))) return e;
  const issues = e.issues?.length
    ? e.issues.map((x) => ({ ...x, path: `/slots/${i}${x.path === '/' ? '' : x.path}` }))
    : [makeIssue(`/slots/${i}`, e.code, e.details)];
  return new EngineError(e.code, { ...e.details, slot: i + 1 }, { issues });
}

export async function bookSlots(deps: { db: Db; clock: Clock } & NotifyDeps, input: BundleInput): Promise<BookResponse> {
  const { db } = deps;
  const now = deps.clock.now();
  const tenant = input.published.tenant.slug;
  const service = findService(input.published, input.serviceId);
  const slots = readSlots(input.slots, service.maxSlotsPerBooking);
  const requestHash = input.idempotencyKey ? hashRequest(['book-slots', input.serviceId, slots, input.answers, input.memberId ?? null]) : '';
  if (input.idempotencyKey) {
    const replay = await findReplay(db, tenant, input.idempotencyKey, requestHash, now.getTime());
    if (replay) return { ...(replay as Omit<BookResponse, 'replayed'>), replayed: true };
  }
  const contexts: AdmissionContext[] = [];
  for (const [i, s] of slots.entries()) {
    const ctx = createAdmission({
      mode: 'book',
      deps,
      published: input.published,
      service,
      actor: input.actor,
      request: { resource: s.resource, start: s.start, answers: input.answers, channel: input.channel, ...(input.memberId ? { memberId: input.memberId } : {}) },
    });
    try {
      await runPreStages(ctx);
    } catch (e) {
      throw ofSlot(e, i);
    }
    ctx.stateEvent = i === 0 ? 'deferred' : 'quiet';
    contexts.push(ctx);
  }
  // One access key opens every slot of the bundle.
  const key = contexts[0].accessKey;
  for (const ctx of contexts) ctx.accessKey = key;

  return transaction(db, async (tx) => {
    if (input.idempotencyKey) {
      await lockKey(tx, tenant, input.idempotencyKey);
      const replay = await findReplay(tx, tenant, input.idempotencyKey, requestHash, now.getTime());
      if (replay) return { ...(replay as Omit<BookResponse, 'replayed'>), replayed: true };
    }
    for (const [i, ctx] of contexts.entries()) {
      try {
        await runTxStages(ctx, tx);
      } catch (e) {
        throw ofSlot(e, i);
      }
    }
    const bundleNo = contexts[0].receiptNo!;
    for (const ctx of contexts) await sqlRun(tx, 'UPDATE bookings SET bundle_no = ? WHERE id = ?', [bundleNo, ctx.bookingId!]);

    // One message for the whole booking, its datetime listing every slot (and the place where they differ).
    const first = contexts[0];
    const event = `booking.${first.status}`;
    if (Object.prototype.hasOwnProperty.call(allEvents(input.published.tenant.registry.behaviour()), event)) {
      const slotsBooked = contexts.map(({ slot }) => ({ slotDate: slot!.date, slotStart: slot!.startMs, slotEnd: slot!.endMs, resourceId: slot!.resource }));
      await emitBookingEvent(tx, deps, input.published, event, first.bookingId!, { accessKey: key, bookingVars: bundleVars(slotsBooked, service, service.calendar.timezone) });
    }

    const fees = contexts.map((c) => (c.response.fee as { total?: unknown } | undefined)?.total);
    const response: Omit<BookResponse, 'replayed'> = {
      status: 201,
      body: {
        receiptNo: bundleNo,
        ...(key ? { accessKey: key } : {}),
        status: first.status,
        service: service.id,
        resource: first.slot!.resource,
        start: first.slot!.start,
        end: first.slot!.end,
        slots: contexts.map((c) => ({ receiptNo: c.receiptNo!, status: c.status, resource: c.slot!.resource, start: c.slot!.start, end: c.slot!.end, ...c.response })),
        ...(fees.every((f) => typeof f === 'number') ? { feeTotal: (fees as number[]).reduce((a, b) => a + b, 0) } : {}),
      },
    };
    if (input.idempotencyKey) await storeResponse(tx, tenant, input.idempotencyKey, requestHash, response, now.getTime());
    return { ...response, replayed: false };
  }, READ_COMMITTED);
}

type SlotFacts = Parameters<typeof slotVariables>[0];

/** A message's booking variables for several slots: each slot's datetime (with its place where they differ), and the places. */
function bundleVars(slots: readonly SlotFacts[], service: CompiledService | undefined, tz: string): Record<string, string> {
  const vars = slots.map((s) => slotVariables(s, service, tz));
  const places = new Set(slots.map((s) => s.resourceId));
  return {
    datetime: vars.map((v) => (places.size > 1 ? `${v.datetime}（${v.resourceTitle}）` : v.datetime)).join('、'),
    resourceTitle: [...new Set(vars.map((v) => v.resourceTitle))].join('・'),
  };
}

export interface BundleSlot extends SlotFacts {
  receiptNo: string;
  status: string;
}

/** The slots of a bundle (the bundle's number is its first slot's), in slot order. */
export async function bundleOf(db: Db | Tx, tenant: string, bundleNo: string | null): Promise<BundleSlot[]> {
  if (!bundleNo) return [];
  return sqlAll<BundleSlot>(
    db,
    'SELECT receipt_no AS "receiptNo", status, resource_id AS "resourceId", slot_date AS "slotDate", slot_start AS "slotStart", slot_end AS "slotEnd" FROM bookings WHERE tenant_slug = ? AND bundle_no = ? ORDER BY id',
    [tenant, bundleNo],
  );
}

/** Cancels every slot of the bundle the receipt number belongs to that is still active, all or none. */
export async function cancelBundle(deps: { db: Db; clock: Clock } & NotifyDeps, input: CancelInput): Promise<BookingView[]> {
  const tenant = input.published.tenant.slug;
  return transaction(deps.db, async (tx) => {
    const row = await findBookingFor(tx, tenant, input.receiptNo, input.auth);
    if (!row.bundleNo) return [await cancelBooking(deps, input)];
    const active = (await bundleOf(tx, tenant, row.bundleNo)).filter((b) => isActive(b.status as BookingStatus));
    if (active.length === 0) throw notActiveError(row.status);
    // One message for the slots cancelled together, naming each of them.
    const service = input.published.tenant.get('service', row.serviceId);
    const bookingVars = bundleVars(active, service, service?.calendar.timezone ?? tenantTimezone(input.published));
    // One after another, in the transaction (each is a savepoint of it).
    const views: BookingView[] = [];
    for (const [i, b] of active.entries()) views.push(await cancelBooking(deps, { ...input, receiptNo: b.receiptNo, notice: i === 0 ? { bookingVars } : { quiet: true } }));
    return views;
  }, READ_COMMITTED);
}
