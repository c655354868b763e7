// 申込者チェック (site mode guestEmailVerification): an anonymous application is
// held as a booking in state `unverified` (no places, no quota) until the applicant
// opens the key emailed to them (valid for the site's 登録キー有効期間 in days);
// confirming admits it through the same pipeline as any booking (mode 'verify'),
// so a full slot or a quota reached meanwhile is refused then. Unconfirmed holds
// expire and lose their answers (expireHeldApplications).
import { and, eq, gt } from 'drizzle-orm';
import { bookingById } from '../booking/counters';
import { createAdmission, recordWithoutPlaces, runPreStages, runTxStages } from '../booking/admission';
import { findService, type BookResponse } from '../booking/book';
import { EXPIRED, isActive, UNVERIFIED } from '../booking/status';
import { transition } from '../booking/transition';
import type { BookingRow } from '../booking/view';
import { writeAudit, type Actor, type Tx } from '../audit';
import { hashToken, newToken } from '../auth/token';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { sqlAll, sqlRun, transaction, type Db } from '../db';
import { bookings, memberTokens } from '../db/schema';
import type { NotifyDeps } from '../notify';
import { instantIso } from '../schedule/time';
import { modesOf } from './fields';
import './messages';

export interface VerificationNotice {
  tenant: string;
  email: string;
  url: string;
  expiresAt: number;
  serviceTitle: string;
}

/**
 * Sends the key, inside the use case's transaction (an outbox write). The engine's
 * default (engine/notify/guest-verification.ts) uses the tenant's `guest.verification`
 * message and refuses (booking.verification_unavailable) when there is none, rather
 * than hold an application nobody can confirm.
 */
export type VerificationSender = (tx: Tx, notice: VerificationNotice) => Promise<void>;

/** What the page behind the key shows. */
interface Pending {
  service: string;
  resource: string;
  start: string;
  answers: Record<string, unknown>;
  /** Set once the application has been admitted (a second visit is told it is done). */
  receiptNo?: string;
}

export async function requestGuestVerification(
  deps: { db: Db; clock: Clock; send: VerificationSender } & NotifyDeps,
  input: { published: PublishedTenant; serviceId: string; resource: string; start: string; answers: Record<string, unknown>; linkFor(token: string): string; ip?: string },
): Promise<{ expiresAt: number }> {
  const service = findService(input.published, input.serviceId);
  const ctx = createAdmission({
    mode: 'book',
    deps,
    published: input.published,
    service,
    actor: { type: 'resident', ...(input.ip ? { ip: input.ip } : {}) },
    request: { resource: input.resource, start: input.start, answers: input.answers, channel: 'web' },
  });
  await runPreStages(ctx);
  const emailField = service.form.fields.find((f) => f.type === 'email' && typeof ctx.answers[f.id] === 'string');
  if (!emailField) throw new EngineError('booking.verification_unavailable');
  const tenant = input.published.tenant.slug;
  const now = ctx.now.getTime();
  const expiresAt = now + modesOf(input.published.tenant).registrationKeyDays * 86_400_000;
  const token = newToken();
  await transaction(deps.db, async (tx) => {
    await recordWithoutPlaces(ctx, tx, { status: UNVERIFIED, deadlineAt: expiresAt, accessKey: false });
    await tx.insert(memberTokens).values({ tokenHash: hashToken(token), tenantSlug: tenant, purpose: 'guest-verification', payloadJson: JSON.stringify({ receiptNo: ctx.receiptNo }), createdAt: now, expiresAt });
    await writeAudit(tx, { tenant, at: now, actor: ctx.actor, action: 'booking.verification_requested', target: { type: 'booking', id: ctx.receiptNo! } });
    await deps.send(tx, { tenant, email: ctx.answers[emailField.id] as string, url: input.linkFor(token), expiresAt, serviceTitle: service.title });
  });
  return { expiresAt };
}

/** The held booking behind a key that is still valid. */
async function heldBooking(db: Db | Tx, tenant: string, token: string, now: number): Promise<BookingRow | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const [t] = await db
    .select()
    .from(memberTokens)
    .where(and(eq(memberTokens.tokenHash, hashToken(token)), eq(memberTokens.tenantSlug, tenant), eq(memberTokens.purpose, 'guest-verification'), gt(memberTokens.expiresAt, now)))
    .limit(1);
  const receiptNo = t ? (JSON.parse(t.payloadJson) as { receiptNo?: string }).receiptNo : undefined;
  if (!receiptNo) return undefined;
  const [row] = await db.select().from(bookings).where(and(eq(bookings.tenantSlug, tenant), eq(bookings.receiptNo, receiptNo))).limit(1);
  return row;
}

/** The application behind a key, if it is still valid (for the page that asks to confirm it). */
export async function pendingApplication(deps: { db: Db; clock: Clock }, published: PublishedTenant, token: string): Promise<Pending | undefined> {
  const row = await heldBooking(deps.db, published.tenant.slug, token, deps.clock.now().getTime());
  if (!row) return undefined;
  if (row.status !== UNVERIFIED) {
    // Admitted already (a second visit is told so); expired or cancelled since: the key is spent.
    return isActive(row.status) ? { service: row.serviceId, resource: row.resourceId, start: '', answers: {}, receiptNo: row.receiptNo } : undefined;
  }
  const tz = published.tenant.get('service', row.serviceId)?.calendar.timezone ?? 'Asia/Tokyo';
  return { service: row.serviceId, resource: row.resourceId, start: instantIso(row.slotStart, tz), answers: JSON.parse(row.answersJson) as Record<string, unknown> };
}

export async function confirmGuestApplication(deps: { db: Db; clock: Clock } & NotifyDeps, input: { published: PublishedTenant; token: string; actor: Actor }): Promise<BookResponse> {
  const tenant = input.published.tenant.slug;
  const row = await heldBooking(deps.db, tenant, input.token, deps.clock.now().getTime());
  if (!row) throw new EngineError('booking.verification_invalid');
  const ctx = createAdmission({ mode: 'verify', deps, published: input.published, service: findService(input.published, row.serviceId), actor: input.actor, request: { channel: 'web' }, previous: row });
  await runPreStages(ctx);
  return transaction(deps.db, async (tx) => {
    // Inside the write lock: a second click may have admitted it meanwhile.
    const now = await bookingById(tx, row.id);
    if (!now || now.status !== row.status || now.updatedAt !== row.updatedAt) throw new EngineError('booking.verification_invalid');
    await runTxStages(ctx, tx);
    await tx.update(memberTokens).set({ usedAt: ctx.now.getTime() }).where(eq(memberTokens.tokenHash, hashToken(input.token)));
    const slot = ctx.slot!;
    return {
      status: 201 as const,
      body: { receiptNo: ctx.receiptNo!, ...(ctx.accessKey ? { accessKey: ctx.accessKey } : {}), status: ctx.status, service: ctx.service.id, resource: slot.resource, start: slot.start, end: slot.end },
      replayed: false,
    };
  });
}

/** Held applications past their key's validity become `expired` and keep no answers. */
export async function expireHeldApplications(db: Db, now: number): Promise<number> {
  const rows = await sqlAll<{
    id: number;
    tenantSlug: string;
    receiptNo: string;
    status: typeof UNVERIFIED;
    holds: number | boolean;
    calendarId: string;
    slotStart: number;
  }>(db, 'SELECT id, tenant_slug AS "tenantSlug", receipt_no AS "receiptNo", status, holds_capacity AS holds, calendar_id AS "calendarId", slot_start AS "slotStart" FROM bookings WHERE status = ? AND deadline_at <= ?', [UNVERIFIED, now]);
  await transaction(db, async (tx) => {
    for (const r of rows) {
      await transition(tx, { booking: { ...r, holdsCapacity: !!r.holds }, to: EXPIRED, actor: { type: 'system' }, at: now, reason: 'verification-expired', deadlineAt: null });
      await sqlRun(tx, "UPDATE bookings SET answers_json = '{}', phone_key = NULL, email_key = NULL, name_key = NULL WHERE id = ?", [r.id]);
    }
  });
  return rows.length;
}
