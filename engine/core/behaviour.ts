// What a block kind may contribute beyond validate-and-compile (DESIGN §9): admission
// stages and steps, notification events, staff/ledger columns, scheduled jobs and routes.
// The engine discovers these through the registry; it names no kind to use them.
import type { CompiledKinds, KnownKind } from './kinds';
import type { AdmissionContext, AdmissionStage } from '../booking/admission';
import type { BookingStatus } from '../booking/status';
import type { EventSpec } from '../notify/events';
import type { LedgerColumn } from '../staff/columns';
import type { JobDeps } from '../jobs/scheduler';
import type { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import type { Db } from '../db';
import type { PublishedTenant } from '../config/tenant';
import type { Actor, Tx } from '../audit';
import type { BookingRow } from '../booking/view';
import type { Clock } from './clock';
import type { NotifyDeps } from '../notify/booking-events';
import type { Page } from '../http/routes/pages/context';
import type { VNode } from 'preact';

/** A name a service may list in its `admission` chain (e.g. review, payment). */
export interface AdmissionStageDef {
  id: string;
  title: { ja: string; en: string };
  /** The state a booking enters when it reaches this stage of the chain. */
  status: BookingStatus;
  /** For states whose capacity is the service's choice: whether this stage holds the place. */
  holdsCapacity?(service: { id: string }, tenant: KindTenantView): boolean;
  /** A deadline for the state when a booking reaches this stage later in its chain (e.g. payment after review). */
  deadlineAt?(service: { id: string }, tenant: KindTenantView, at: { now: number; slotStart: number }): number | null;
}

/** A step a kind adds to the admission pipeline, run after the named core stage. */
export interface AdmissionStep {
  id: string;
  after: AdmissionStage;
  /** Only for services that use the kind (e.g. a block of the kind names the service). */
  appliesTo(service: { id: string }, tenant: KindTenantView): boolean;
  run(ctx: AdmissionContext): void | Promise<void>;
  /** Also run when a resident opens the booking form of a slot, so a refusal comes before the form is
   *  filled in; it then sees mode 'book', the slot, the member and the audience only (no answers, no tx). */
  early?: boolean;
}

/** Staff list and ledger columns a kind adds for the services it applies to. */
export interface ColumnContribution {
  appliesTo(service: { id: string }, tenant: KindTenantView): boolean;
  /** `reader`: the database, for columns whose values live in the kind's own tables (read per row; absent in unit tests). */
  columns(tenant: KindTenantView, reader?: { db: Db }): LedgerColumn[];
}

/** A scheduled job: runs every `everyMs`; must be idempotent (a restart may run it again). */
export interface JobDef {
  id: string;
  everyMs: number;
  run(deps: JobDeps): void | Promise<void>;
}

/** What happens when a resident cancels a booking of a service the policy applies to (取消審査, or no online cancellation). */
export interface CancellationPolicy {
  appliesTo(service: { id: string }, tenant: KindTenantView): boolean;
  /**
   * allow: cancelled at once; review: cancel_requested until staff decide; refuse: staff only.
   * Several policies may apply: the strictest wins. `booking` lets a policy look at the booking
   * itself (e.g. whether it was paid), read in the cancelling transaction.
   */
  decide(service: { id: string }, tenant: KindTenantView, booking?: { tx: Tx; row: BookingRow }): 'allow' | 'review' | 'refuse' | Promise<'allow' | 'review' | 'refuse'>;
  /** The event sent when a cancellation is requested for review. */
  requestedEvent?: string;
  /** Runs in the transaction that cancels a booking (by the resident, staff, or an approved 取消審査), e.g. a 還付 request for what was paid. */
  cancelled?(ctx: CancelledContext): void | Promise<void>;
}

export interface CancelledContext {
  tx: Tx;
  deps: { clock: Clock } & NotifyDeps;
  published: PublishedTenant;
  booking: BookingRow;
  actor: Actor;
  at: number;
}

/** A section a kind adds to the resident's booking page (予約確認), e.g. お支払い; null shows nothing. */
/** A section a kind adds to the resident's 申込内容確認, before anything is booked (the fee this booking will cost). */
export interface ReviewPanel {
  appliesTo(service: { id: string }, tenant: KindTenantView): boolean;
  render(ctx: {
    page: Page;
    service: { id: string };
    slot: { resource: string; date: string; startLocal: string; endLocal: string; start: string };
    answers: Record<string, unknown>;
    /** The approved group the booking would be made for (as admission finds it), with its 減免区分. */
    group?: { reduction: string | null };
  }): VNode | null;
  /** The amount the panel quotes for one slot (a fee), so a booking of several slots can show the total; null when it has none. */
  total?(ctx: { page: Page; service: { id: string }; slot: { resource: string; date: string; startLocal: string; endLocal: string; start: string }; answers: Record<string, unknown>; group?: { reduction: string | null } }): number | null;
}

/** A line a kind adds under a booking in the resident's LINE talk (the smart-lock passcode once it is due). */
export interface TalkLine {
  forBooking(ctx: { db: Db; published: PublishedTenant; booking: BookingRow; now: number }): Promise<string | undefined>;
}

export interface BookingPanel {
  appliesTo(service: { id: string }, tenant: KindTenantView): boolean;
  /** Reads what render() needs (rendering is synchronous): the page awaits it first and hands the result to render() as `data`. */
  load?(ctx: { page: Page; booking: BookingRow }): Promise<unknown>;
  /** `holder`: the hidden fields that prove access to the booking, for the panel's own forms; `data`: what load() returned. */
  render(ctx: { page: Page; booking: BookingRow; holder: Record<string, string>; data?: unknown }): VNode | null;
}

/** A 減免区分 staff may set on an approved group (e.g. a fee table's reduction); its id is what the group stores. */
export interface ReductionCategory {
  id: string;
  label: string;
  labelEn: string;
  percent: number;
}

/**
 * Slots a kind takes out of first-come booking for a while (a lottery's slots until its draw):
 * the resident availability shows them with this status, and the grid links them to `href`.
 */
export interface SlotHold {
  /** A name of its own, not one of the calendar's (CalendarSlotStatus). */
  status: string;
  appliesTo(service: { id: string }, tenant: KindTenantView): boolean;
  /** The hold on this slot's date, if any: words for the grid cell and a page (path after /t/:tenant; the slot's resource and start are added as query parameters). */
  holds(ctx: { db: Db; published: PublishedTenant; service: { id: string }; date: string; now: number }): Promise<{ label: { ja: string; en: string }; href?: string } | undefined>;
}

/** A way onto a full slot a kind offers (a waiting list): a page (path after /t/:tenant) with its words. */
export interface FullSlotAction {
  appliesTo(service: { id: string }, tenant: KindTenantView): boolean;
  label: { ja: string; en: string };
  href(service: { id: string }, slot: { resource: string; start: string }): string;
}

/** Links a kind adds to a member's 申し込み一覧 (their lottery entries, their waiting-list places). */
export interface MemberLinks {
  items(ctx: { db: Db; published: PublishedTenant; memberId: string; now: number }): Promise<{ label: { ja: string; en: string }; state: { ja: string; en: string }; href: string }[]>;
}

/** What a kind says on a service's page and booking form (e.g. the permit its evening slots need, and whether the member holds it). */
export interface ServiceNotice {
  appliesTo(service: { id: string }, tenant: KindTenantView): boolean;
  /** Lines of the notice, each with an optional link (path after /t/:tenant). */
  notices(ctx: { db: Db; published: PublishedTenant; service: { id: string }; memberId?: string; now: number }): Promise<{ text: { ja: string; en: string }; link?: { href: string; label: { ja: string; en: string } } }[]>;
}

/** A button on the resident's booking page (予約確認): a form that posts the holder (receipt no. and key) to a page the kind serves. */
export interface ResidentAction {
  id: string;
  label: { ja: string; en: string };
  /** Page path under /t/:tenant (e.g. /r/slip); the kind's routes serve it. */
  path: string;
  appliesTo(booking: { status: BookingStatus; serviceId: string }, tenant: KindTenantView): boolean;
  /** Opens in a new tab (a document to print). */
  newTab?: boolean;
}

/** A booking's visit changed: checked in, check-in withdrawn, or marked 不来場 by the sweep. */
export interface VisitEvent {
  tenant: KindTenantView;
  booking: { id: number; receiptNo: string; serviceId: string; answersJson: string };
  before: 'visited' | 'no-show' | null;
  after: 'visited' | 'no-show' | null;
  at: number;
  actor: Actor;
}

/** What a kind does when a visit changes, in the visit's own transaction (e.g. a record moves to 来場). */
export interface VisitFollower {
  appliesTo(service: { id: string }, tenant: KindTenantView): boolean;
  run(tx: Tx, e: VisitEvent): Promise<void>;
}

/**
 * An operator command a kind offers (`npm run task -- <tenant> <command> --option value`): one of its
 * use cases run against the database without the server, e.g. a month-end batch for a given date or
 * the import of a partner's file, so a month can be reproduced from files and scheduled by cron.
 */
export interface CommandDef {
  id: string;
  summary: { ja: string; en: string };
  options: readonly { name: string; required?: boolean; description: string }[];
  /** The result is printed as JSON. Errors are EngineErrors like the API's. */
  run(ctx: CommandContext, options: Readonly<Record<string, string>>): Promise<unknown>;
}

export interface CommandContext {
  db: Db;
  clock: Clock;
  published: PublishedTenant;
  actor: Actor;
  env: Readonly<Record<string, string | undefined>>;
}

export interface KindBehaviour {
  commands?: readonly CommandDef[];
  memberLinks?: readonly MemberLinks[];
  serviceNotices?: readonly ServiceNotice[];
  slotHolds?: readonly SlotHold[];
  fullSlotActions?: readonly FullSlotAction[];
  admissionStages?: readonly AdmissionStageDef[];
  admissionSteps?: readonly AdmissionStep[];
  events?: Readonly<Record<string, EventSpec>>;
  columns?: readonly ColumnContribution[];
  jobs?: readonly JobDef[];
  cancellation?: readonly CancellationPolicy[];
  /** 減免区分 the kind applies, offered to staff for approved groups. */
  reductionCategories?(tenant: KindTenantView): readonly ReductionCategory[];
  residentActions?: readonly ResidentAction[];
  visitFollowers?: readonly VisitFollower[];
  bookingPanels?: readonly BookingPanel[];
  reviewPanels?: readonly ReviewPanel[];
  talkLines?: readonly TalkLine[];
  /** HTTP routes (resident API, staff API) the kind serves; mounted after the engine's own, behind the same tenant, session and body middleware. */
  routes?: Hono<AppEnv>;
}

/** What a kind's behaviour sees of a compiled tenant. */
export interface KindTenantView {
  readonly slug: string;
  get<K extends KnownKind>(kind: K, id: string): CompiledKinds[K] | undefined;
  list<K extends KnownKind>(kind: K): readonly CompiledKinds[K][];
}

/** Everything every registered kind contributes, gathered once per registry. */
export interface CollectedBehaviour {
  admissionStages: ReadonlyMap<string, AdmissionStageDef>;
  admissionSteps: readonly AdmissionStep[];
  /** Contributed events only; engine/notify/events.ts merges them with its own. */
  events: Readonly<Record<string, EventSpec>>;
  columns: readonly ColumnContribution[];
  jobs: readonly (JobDef & { kind: string })[];
  commands: readonly (CommandDef & { kind: string })[];
  routes: readonly Hono<AppEnv>[];
  cancellation: readonly CancellationPolicy[];
  reductionCategories: readonly ((tenant: KindTenantView) => readonly ReductionCategory[])[];
  bookingPanels: readonly BookingPanel[];
  reviewPanels: readonly ReviewPanel[];
  talkLines: readonly TalkLine[];
  slotHolds: readonly SlotHold[];
  fullSlotActions: readonly FullSlotAction[];
  memberLinks: readonly MemberLinks[];
  serviceNotices: readonly ServiceNotice[];
  residentActions: readonly ResidentAction[];
  visitFollowers: readonly VisitFollower[];
}
