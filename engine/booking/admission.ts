// The admission pipeline (DESIGN §9): booking and change run the same ordered
// stages, and block kinds add steps after any of them through the registry.
//   outside the transaction (cheap refusals first): access → slot → answers → seats → identity
//   inside it:  quotas → permits → fees → decision → capacity → record → audit → notices
// The decision comes before capacity because whether a booking takes its places
// depends on the state it enters (a lottery entry or an unheld review does not).
import { onlineContact, type CompiledService } from '../../blocks/service/block';
import type { CompiledSite } from '../../blocks/site/block';
import { writeAudit, type Actor, type Tx } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import type { AdmissionStep } from '../core/behaviour';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { makeIssue } from '../core/messages';
import { IMMEDIATE } from '../core/registry';
import { sqlAll, sqlRun, type Db } from '../db';
import { allEvents } from '../notify/events';
import { emitBookingEvent, type NotifyDeps } from '../notify/booking-events';
import type { TemplateVars } from '../notify/templates';
import { instantIso } from '../schedule/time';
import type { Slot } from '../schedule/types';
import { generateAccessKey, hashAccessKey } from './access-key';
import { hasRoom, insertBooking, insertBookingUnits, releaseUnits, takeUnits } from './counters';
import { identityOf, type BookingIdentity } from './identity';
import { checkQuotas } from './quota';
import { nextReceiptNo } from './receipt';
import { resolveSlotFor, seatsOf } from './slot';
import { ADMITTED, canMove, holdsIn, isChangeable, statusInfo, type BookingStatus } from './status';
import { notActiveError, recordHistory, transition } from './transition';
import { deadline, type BookingRow } from './view';
import { bookingGroupOf, type BookingGroup } from '../members/groups';

export const PRE_STAGES = ['access', 'slot', 'answers', 'seats', 'identity'] as const;
export const TX_STAGES = ['quotas', 'permits', 'fees', 'decision', 'capacity', 'record', 'audit', 'notices'] as const;
export type AdmissionStage = (typeof PRE_STAGES)[number] | (typeof TX_STAGES)[number];

export interface AdmissionRequest {
  resource?: unknown;
  start?: unknown;
  answers?: unknown;
  memberId?: string;
  channel: 'web' | 'staff' | 'api';
  overrideCapacity?: boolean;
}

/** What every step of one admission sees and fills in. */
export interface AdmissionContext {
  /** book: a new booking; change: an existing one moved or edited; verify: a held
   *  application (status `unverified`, e.g. 申込者チェック by email) admitted now, as a booking would be. */
  readonly mode: 'book' | 'change' | 'verify';
  readonly deps: { db: Db; clock: Clock } & NotifyDeps;
  readonly published: PublishedTenant;
  readonly service: CompiledService;
  readonly now: Date;
  readonly actor: Actor;
  readonly audience: 'resident' | 'staff';
  readonly request: AdmissionRequest;
  /** The booking being changed (mode 'change') or admitted (mode 'verify'). */
  readonly previous?: BookingRow;
  /** Set for the steps inside the transaction. */
  tx?: Tx;
  slot?: Slot;
  afterOnlineDeadline: boolean;
  answers: Record<string, unknown>;
  seats: number;
  identity: BookingIdentity;
  /** The approved group a new booking is made for (its own account, or its 代表者 / 構成員 on a
   *  service only approved groups may book); a fee applies the group's 減免区分. */
  group?: BookingGroup;
  /** Staff booking beyond capacity (audited). */
  override: boolean;
  /** The state the booking enters (book) or stays in (change); steps may decide otherwise. */
  status: BookingStatus;
  holdsCapacity: boolean;
  deadlineAt: number | null;
  bookingId?: number;
  receiptNo?: string;
  accessKey?: string;
  /** Extra facts for the audit row (references only, never answers). */
  auditDetails: Record<string, unknown>;
  /** Working data of the kinds' steps, keyed by kind (e.g. a computed fee, stored after `record`). */
  readonly extras: Map<string, unknown>;
  /** Fields a kind adds to the booking response (e.g. `fee`, `paymentDeadline`). */
  readonly response: Record<string, unknown>;
  /** Extra notices to send at the notices stage (events a kind contributes). */
  notices: { event: string; vars?: TemplateVars }[];
  /** One slot of several booked together (bundle.ts): its state's message is sent once for all of
   *  them (`deferred` on the first, sent by the bundle with every slot in it; `quiet` on the others,
   *  which still plan their reminders). */
  stateEvent?: 'deferred' | 'quiet';
  /** A step's decision: the state the booking enters, and whether it holds its places there. */
  decide(status: BookingStatus, opts?: { holdsCapacity?: boolean; deadlineAt?: number | null }): void;
}

type CoreStep = (ctx: AdmissionContext) => void | Promise<void>;

/** A line people read about the booking (the completion page shows them): what a kind adds, e.g. 使用料 2,300円. */
export interface SummaryLine {
  label: string;
  labelEn: string;
  value: string;
  valueEn: string;
}

/** Adds lines to the response's `summary` (kept with the response, so an idempotent replay shows them too). */
export function addSummary(ctx: AdmissionContext, lines: readonly SummaryLine[]): void {
  const summary = (ctx.response.summary as SummaryLine[] | undefined) ?? [];
  summary.push(...lines);
  ctx.response.summary = summary;
}

/** The service's admission chain as stored (v2 `admission`); `immediate` alone = confirmed at once. */
export function initialDecision(published: PublishedTenant, service: CompiledService): { status: BookingStatus; holdsCapacity: boolean } {
  const first = service.admission[0];
  if (!first || first === IMMEDIATE) return { status: ADMITTED, holdsCapacity: true };
  const stage = published.tenant.registry.behaviour().admissionStages.get(first);
  // The loader refuses unknown stage names; a version published under other kinds fails closed here.
  if (!stage) throw new EngineError('booking.admission_unavailable', { stage: first });
  const holds = stage.holdsCapacity ? stage.holdsCapacity(service, published.tenant) : true;
  return { status: stage.status, holdsCapacity: holdsIn(stage.status, holds) };
}

export function createAdmission(init: {
  mode: AdmissionContext['mode'];
  deps: AdmissionContext['deps'];
  published: PublishedTenant;
  service: CompiledService;
  actor: Actor;
  request: AdmissionRequest;
  previous?: BookingRow;
}): AdmissionContext {
  const decided = init.mode === 'change' && init.previous ? { status: init.previous.status, holdsCapacity: init.previous.holdsCapacity } : initialDecision(init.published, init.service);
  const ctx: AdmissionContext = {
    ...init,
    now: init.deps.clock.now(),
    audience: init.actor.type === 'staff' ? 'staff' : 'resident',
    afterOnlineDeadline: false,
    answers: {},
    seats: 1,
    identity: {},
    override: init.actor.type === 'staff' && init.request.overrideCapacity === true,
    status: decided.status,
    holdsCapacity: decided.holdsCapacity,
    deadlineAt: init.mode === 'change' ? init.previous?.deadlineAt ?? null : null,
    auditDetails: {},
    extras: new Map(),
    response: {},
    notices: [],
    decide(status, opts = {}) {
      ctx.status = status;
      ctx.holdsCapacity = holdsIn(status, opts.holdsCapacity ?? true);
      if (opts.deadlineAt !== undefined) ctx.deadlineAt = opts.deadlineAt;
    },
  };
  return ctx;
}

/** Runs the stages before the transaction (and the steps kinds add after them). */
export async function runPreStages(ctx: AdmissionContext): Promise<void> {
  for (const stage of PRE_STAGES) await runStage(ctx, stage);
}

/** Runs the stages inside the caller's transaction. */
export async function runTxStages(ctx: AdmissionContext, tx: Tx): Promise<void> {
  ctx.tx = tx;
  // A new booking's receipt number comes first, before the capacity stage locks the slot's counter
  // row: on PostgreSQL the number is committed on its own connection, a round trip the slot
  // (locked until COMMIT) should not wait through.
  if (ctx.mode !== 'verify' && !ctx.previous) reservedReceipts.set(ctx, await nextReceiptNo(tx, ctx.published.tenant.slug));
  for (const stage of TX_STAGES) await runStage(ctx, stage);
}

const reservedReceipts = new WeakMap<AdmissionContext, string>();

/**
 * Records a booking that enters a state without places (a held application
 * `unverified`, a waiting-list place `waitlisted`): the pre-stages have run; only
 * the booking row and its audit row are written, no places, quotas or contributed
 * steps. It is admitted later (mode 'verify', or a transition such as an offer).
 */
export async function recordWithoutPlaces(ctx: AdmissionContext, tx: Tx, opts: { status: BookingStatus; deadlineAt: number | null; accessKey: boolean }): Promise<void> {
  if (statusInfo(opts.status).capacity === 'yes') throw new Error(`${opts.status} holds places: admit it through the pipeline`);
  ctx.tx = tx;
  ctx.decide(opts.status, { holdsCapacity: false, deadlineAt: opts.deadlineAt });
  if (!opts.accessKey) ctx.accessKey = undefined;
  await CORE.record!(ctx);
  await CORE.audit!(ctx);
}

/**
 * The steps kinds mark `early`, run when a resident opens the booking form of a slot (pages), so a
 * refusal such as a missing permit comes before the form is filled in. The booking itself runs them again.
 */
export async function runEarlySteps(ctx: AdmissionContext, slot: Slot): Promise<void> {
  ctx.slot = slot;
  await resolveGroup(ctx);
  for (const step of stepsFor(ctx)) if (step.early) await step.run(ctx);
}

async function runStage(ctx: AdmissionContext, stage: AdmissionStage): Promise<void> {
  await CORE[stage]?.(ctx);
  for (const step of stepsFor(ctx)) if (step.after === stage) await step.run(ctx);
}

const stepCache = new WeakMap<object, readonly AdmissionStep[]>();

/** The contributed steps that apply to this service (worked out once per compiled service). */
function stepsFor(ctx: AdmissionContext): readonly AdmissionStep[] {
  let steps = stepCache.get(ctx.service);
  if (!steps) {
    steps = ctx.published.tenant.registry.behaviour().admissionSteps.filter((s) => s.appliesTo(ctx.service, ctx.published.tenant));
    stepCache.set(ctx.service, steps);
  }
  return steps;
}

/** The approved group a new member booking is made for (see AdmissionContext.group). */
async function resolveGroup(ctx: AdmissionContext): Promise<void> {
  if (ctx.mode !== 'book' || !ctx.request.memberId) return;
  ctx.group = await bookingGroupOf(ctx.deps.db, ctx.published.tenant.slug, ctx.request.memberId, { asPerson: ctx.service.access.approvedGroupsOnly });
  if (ctx.group) ctx.auditDetails.group = ctx.group.memberNo;
}

const where = (ctx: AdmissionContext, slot: { startMs: number }) => ({ tenant: ctx.published.tenant.slug, calendar: ctx.service.calendar.id, slotStart: slot.startMs });

const CORE: Partial<Record<AdmissionStage, CoreStep>> = {
  async access(ctx) {
    const { service, published } = ctx;
    await resolveGroup(ctx);
    if (ctx.mode === 'verify') {
      const p = ctx.previous!;
      // Held past its key's validity, or already admitted (a second click): the key no longer works.
      if (!canMove(p.status, ctx.status) || (p.deadlineAt !== null && ctx.now.getTime() >= p.deadlineAt)) throw new EngineError('booking.verification_invalid');
      return;
    }
    if (ctx.previous) {
      if (!isChangeable(ctx.previous.status)) throw notActiveError(ctx.previous.status);
      if (ctx.audience !== 'staff' && !service.online.bookable) throw notOnlineError(ctx);
      if (ctx.audience !== 'staff' && ctx.now.getTime() >= deadline(ctx.previous.slotStart, service.changeDeadlineHours)) throw new EngineError('booking.change_closed');
      return;
    }
    if (ctx.audience !== 'resident') return;
    // 窓口・電話のみ: residents are told where to apply; staff book it (proxy booking).
    if (!service.online.bookable) throw notOnlineError(ctx);
    // 利用者制限 of the site applies on top of each service's own access setting.
    const restriction = published.tenant.list('site')[0]?.modes.userRestriction ?? 'none';
    const memberId = ctx.request.memberId;
    if (!memberId && (!service.access.anonymous || restriction === 'members-only')) throw new EngineError('booking.anonymous_not_allowed');
    if (memberId && (!service.access.members || restriction === 'guests-only')) throw new EngineError('booking.members_not_allowed');
  },
  async slot(ctx) {
    const { request: r, previous: p, service } = ctx;
    const staff = ctx.audience === 'staff';
    if (ctx.mode === 'verify') {
      // The held slot, checked as when it was asked for: still open, still with room.
      const resolved = resolveSlotFor(service, p!.resourceId, instantIso(p!.slotStart, service.calendar.timezone), ctx.now, { staff });
      ctx.slot = resolved.slot;
      ctx.afterOnlineDeadline = resolved.afterOnlineDeadline;
      if (ctx.holdsCapacity && !(await hasRoom(ctx.deps.db, where(ctx, ctx.slot), ctx.slot.units, p!.seats))) throw new EngineError('booking.slot_full', { start: ctx.slot.start });
      return;
    }
    if (p) {
      if (r.resource === undefined && r.start === undefined) return;
      const resolved = resolveSlotFor(service, r.resource ?? p.resourceId, r.start ?? instantIso(p.slotStart, service.calendar.timezone), ctx.now, { staff });
      ctx.slot = resolved.slot;
      ctx.afterOnlineDeadline = resolved.afterOnlineDeadline;
      return;
    }
    const resolved = resolveSlotFor(service, r.resource, r.start, ctx.now, { staff });
    ctx.slot = resolved.slot;
    ctx.afterOnlineDeadline = resolved.afterOnlineDeadline;
    // A slot without room for even one is refused before the answers are checked: the
    // resident learns it is full before correcting a form, and a rush of refusals stays cheap.
    if (ctx.holdsCapacity && !ctx.override && !(await hasRoom(ctx.deps.db, where(ctx, ctx.slot), ctx.slot.units, 1))) throw new EngineError('booking.slot_full', { start: ctx.slot.start });
  },
  answers(ctx) {
    const given = ctx.request.answers;
    if (ctx.previous && given === undefined) {
      ctx.answers = JSON.parse(ctx.previous.answersJson) as Record<string, unknown>;
      return;
    }
    const v = ctx.service.form.validate(given, ctx.audience);
    if (!v.ok) throw new EngineError('input.invalid', {}, { issues: v.issues });
    ctx.answers = v.value;
  },
  async seats(ctx) {
    ctx.seats = seatsOf(ctx.service, ctx.answers);
    if (ctx.mode === 'book' && ctx.slot && ctx.holdsCapacity && !ctx.override && ctx.seats > 1 && !(await hasRoom(ctx.deps.db, where(ctx, ctx.slot), ctx.slot.units, ctx.seats))) {
      throw new EngineError('booking.slot_full', { start: ctx.slot.start });
    }
  },
  identity(ctx) {
    ctx.identity = identityOf(ctx.service.form, ctx.answers, ctx.request.memberId ?? ctx.previous?.memberId ?? undefined);
    if (ctx.mode !== 'change' && !ctx.request.memberId && !ctx.previous?.memberId) ctx.accessKey = generateAccessKey();
  },
  async quotas(ctx) {
    if (!statusInfo(ctx.status).quota) return;
    await checkQuotas(ctx.tx!, {
      tenant: ctx.published.tenant.slug,
      serviceId: ctx.service.id,
      quotas: ctx.service.quotas,
      identity: ctx.identity,
      seats: ctx.seats,
      slotDate: ctx.slot?.date ?? ctx.previous!.slotDate,
      now: ctx.now.getTime(),
      ...(ctx.previous ? { excludeBookingId: ctx.previous.id } : {}),
    });
  },
  async capacity(ctx) {
    const tx = ctx.tx!;
    const p = ctx.previous;
    if (ctx.mode === 'verify') return; // the record stage's transition takes the places
    if (!p) {
      if (ctx.holdsCapacity) await takeUnits(tx, where(ctx, ctx.slot!), ctx.slot!.units, ctx.seats, { overrideCapacity: ctx.override });
      return;
    }
    const moved = !!ctx.slot && (ctx.slot.startMs !== p.slotStart || ctx.slot.resource !== p.resourceId);
    if (!moved && ctx.seats === p.seats) return;
    const held = await sqlAll<{ unit: string; seats: number }>(tx, 'SELECT unit, seats FROM booking_units WHERE booking_id = ?', [p.id]);
    if (p.holdsCapacity) await releaseUnits(tx, { tenant: p.tenantSlug, calendar: p.calendarId, slotStart: p.slotStart }, held);
    await sqlRun(tx, 'DELETE FROM booking_units WHERE booking_id = ?', [p.id]);
    const target = ctx.slot ?? ctx.service.calendar.findSlot(p.resourceId, p.slotStart);
    if (!target) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/start', 'booking.no_such_slot')] });
    ctx.slot = target;
    await insertBookingUnits(tx, p.id, target.units, ctx.seats);
    if (p.holdsCapacity) await takeUnits(tx, where(ctx, target), target.units, ctx.seats, { overrideCapacity: ctx.override });
  },
  async record(ctx) {
    const tx = ctx.tx!;
    const at = ctx.now.getTime();
    const tenant = ctx.published.tenant.slug;
    const p = ctx.previous;
    const id = ctx.identity;
    if (ctx.mode === 'verify') {
      // unverified → the service's first state, with its places, history and audit rows.
      await transition(tx, {
        booking: p!,
        to: ctx.status,
        actor: ctx.actor,
        at,
        serviceHolds: ctx.holdsCapacity,
        take: ctx.slot!.units,
        deadlineAt: ctx.deadlineAt,
        details: { verified: true, service: ctx.service.id, version: ctx.published.versionId, ...ctx.auditDetails },
      });
      if (ctx.accessKey) await sqlRun(tx, 'UPDATE bookings SET access_key_hash = ? WHERE id = ?', [hashAccessKey(ctx.accessKey), p!.id]);
      ctx.bookingId = p!.id;
      ctx.receiptNo = p!.receiptNo;
      return;
    }
    if (p) {
      const s = ctx.slot;
      await sqlRun(
        tx,
        `UPDATE bookings SET resource_id = ?, calendar_id = ?, slot_start = ?, slot_end = ?, slot_date = ?, slot_start_local = ?,
           seats = ?, answers_json = ?, phone_key = ?, email_key = ?, name_key = ?, updated_at = ? WHERE id = ?`,
        [
          s?.resource ?? p.resourceId,
          s ? ctx.service.calendar.id : p.calendarId,
          s?.startMs ?? p.slotStart,
          s?.endMs ?? p.slotEnd,
          s?.date ?? p.slotDate,
          s?.startLocal ?? p.slotStartLocal,
          ctx.seats,
          JSON.stringify(ctx.answers),
          id.phoneKey ?? null,
          id.emailKey ?? null,
          id.nameKey ?? null,
          at,
          p.id,
        ],
      );
      ctx.bookingId = p.id;
      ctx.receiptNo = p.receiptNo;
      return;
    }
    const slot = ctx.slot!;
    const receiptNo = reservedReceipts.get(ctx) ?? (await nextReceiptNo(tx, tenant));
    const bookingId = await insertBooking(tx, {
      tenantSlug: tenant,
      receiptNo,
      serviceId: ctx.service.id,
      calendarId: ctx.service.calendar.id,
      resourceId: slot.resource,
      slotStart: slot.startMs,
      slotEnd: slot.endMs,
      slotDate: slot.date,
      slotStartLocal: slot.startLocal,
      status: ctx.status,
      holdsCapacity: ctx.holdsCapacity,
      deadlineAt: ctx.deadlineAt,
      seats: ctx.seats,
      answersJson: JSON.stringify(ctx.answers),
      phoneKey: id.phoneKey ?? null,
      emailKey: id.emailKey ?? null,
      nameKey: id.nameKey ?? null,
      memberId: ctx.request.memberId ?? null,
      accessKeyHash: ctx.accessKey ? hashAccessKey(ctx.accessKey) : null,
      channel: ctx.request.channel,
      versionId: ctx.published.versionId,
      createdAt: at,
      updatedAt: at,
    });
    await insertBookingUnits(tx, bookingId, slot.units, ctx.seats);
    await recordHistory(tx, { bookingId, tenant, at, from: null, to: ctx.status, actor: ctx.actor });
    ctx.bookingId = bookingId;
    ctx.receiptNo = receiptNo;
  },
  async audit(ctx) {
    const tz = ctx.service.calendar.timezone;
    const p = ctx.previous;
    const s = ctx.slot;
    const common = { ...(ctx.afterOnlineDeadline ? { afterOnlineDeadline: true } : {}), version: ctx.published.versionId, ...ctx.auditDetails };
    if (ctx.mode === 'verify') return; // written by the transition
    if (p) {
      const moved = !!s && (s.startMs !== p.slotStart || s.resource !== p.resourceId);
      await writeAuditFor(ctx, 'booking.changed', {
        ...(moved ? { from: { resource: p.resourceId, start: instantIso(p.slotStart, tz) }, to: { resource: s!.resource, start: s!.start } } : {}),
        answersChanged: ctx.request.answers !== undefined,
        ...common,
      });
      return;
    }
    await writeAuditFor(ctx, `booking.${ctx.status}`, {
      service: ctx.service.id,
      resource: s!.resource,
      start: s!.start,
      seats: ctx.seats,
      ...(ctx.override ? { overrideCapacity: true } : {}),
      ...common,
    });
  },
  async notices(ctx) {
    const tx = ctx.tx!;
    const known = allEvents(ctx.published.tenant.registry.behaviour());
    if (ctx.mode === 'change') await emitBookingEvent(tx, ctx.deps, ctx.published, 'booking.changed', ctx.bookingId!, { previous: ctx.previous! });
    else {
      // The state's own event (booking.confirmed, or one a kind contributes such as booking.pending), when there is one.
      const event = `booking.${ctx.status}`;
      if (Object.prototype.hasOwnProperty.call(known, event) && ctx.stateEvent !== 'deferred') {
        await emitBookingEvent(tx, ctx.deps, ctx.published, event, ctx.bookingId!, { accessKey: ctx.accessKey, ...(ctx.stateEvent === 'quiet' ? { quiet: true } : {}) });
      }
    }
    for (const n of ctx.notices) await emitBookingEvent(tx, ctx.deps, ctx.published, n.event, ctx.bookingId!, { ...(n.vars ? { vars: n.vars } : {}) });
  },
};

const notOnlineError = (ctx: AdmissionContext) => notOnline(ctx.published, ctx.service);

/** The refusal of a resident booking of a service taken only at the counter or by phone, saying where to apply. */
export function notOnline(published: PublishedTenant, service: CompiledService): EngineError {
  const site = published.tenant.list('site')[0];
  const o = service.online;
  return new EngineError('booking.not_online', { service: service.id, reason: o.reason, reasonEn: o.reasonEn, contact: onlineContact(service, site, 'ja'), contactEn: onlineContact(service, site, 'en') });
}

async function writeAuditFor(ctx: AdmissionContext, action: string, details: Record<string, unknown>): Promise<void> {
  await writeAudit(ctx.tx!, { tenant: ctx.published.tenant.slug, at: ctx.now.getTime(), actor: ctx.actor, action, target: { type: 'booking', id: ctx.receiptNo! }, details });
}
