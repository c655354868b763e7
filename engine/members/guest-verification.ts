// 申込者チェック (site mode guestEmailVerification): an anonymous application is
// held until the applicant opens the key emailed to them (valid for the site's
// 登録キー有効期間 in days), then booked through bookSlot like any other, with an
// idempotency key derived from the token so opening the link twice books once.
import { and, eq, gt } from 'drizzle-orm';
import { bookSlot, findService, type BookResponse } from '../booking/book';
import { writeAudit, type Actor, type Tx } from '../audit';
import { hashToken, newToken } from '../auth/token';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import type { Db } from '../db';
import { memberTokens } from '../db/schema';
import type { NotifyDeps } from '../notify';
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
export type VerificationSender = (tx: Tx, notice: VerificationNotice) => void;

interface Pending {
  service: string;
  resource: string;
  start: string;
  answers: Record<string, unknown>;
  receiptNo?: string;
}

export function requestGuestVerification(
  deps: { db: Db; clock: Clock; send: VerificationSender },
  input: { published: PublishedTenant; serviceId: string; resource: string; start: string; answers: Record<string, unknown>; linkFor(token: string): string; ip?: string },
): { expiresAt: number } {
  const service = findService(input.published, input.serviceId);
  const v = service.form.validate(input.answers, 'resident');
  if (!v.ok) throw new EngineError('input.invalid', {}, { issues: v.issues });
  const emailField = service.form.fields.find((f) => f.type === 'email' && typeof v.value[f.id] === 'string');
  if (!emailField) throw new EngineError('booking.verification_unavailable');
  const tenant = input.published.tenant.slug;
  const now = deps.clock.now().getTime();
  const expiresAt = now + modesOf(input.published.tenant).registrationKeyDays * 86_400_000;
  const token = newToken();
  const payload: Pending = { service: service.id, resource: input.resource, start: input.start, answers: input.answers };
  deps.db.transaction(
    (tx) => {
      tx.insert(memberTokens).values({ tokenHash: hashToken(token), tenantSlug: tenant, purpose: 'guest-verification', payloadJson: JSON.stringify(payload), createdAt: now, expiresAt }).run();
      writeAudit(tx, { tenant, at: now, actor: { type: 'resident', ...(input.ip ? { ip: input.ip } : {}) }, action: 'booking.verification_requested', target: { type: 'service', id: service.id } });
      deps.send(tx, { tenant, email: v.value[emailField.id] as string, url: input.linkFor(token), expiresAt, serviceTitle: service.title });
    },
    { behavior: 'immediate' },
  );
  return { expiresAt };
}

/** The pending application behind a key, if it is still valid (for the page that asks to confirm it). */
export function pendingApplication(deps: { db: Db; clock: Clock }, tenant: string, token: string): Pending | undefined {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const row = deps.db
    .select()
    .from(memberTokens)
    .where(and(eq(memberTokens.tokenHash, hashToken(token)), eq(memberTokens.tenantSlug, tenant), eq(memberTokens.purpose, 'guest-verification'), gt(memberTokens.expiresAt, deps.clock.now().getTime())))
    .get();
  return row ? (JSON.parse(row.payloadJson) as Pending) : undefined;
}

export function confirmGuestApplication(
  deps: { db: Db; clock: Clock } & NotifyDeps,
  input: { published: PublishedTenant; token: string; actor: Actor },
): BookResponse {
  const tenant = input.published.tenant.slug;
  const pending = pendingApplication(deps, tenant, input.token);
  if (!pending || pending.receiptNo) throw new EngineError('booking.verification_invalid');
  const res = bookSlot(deps, {
    published: input.published,
    serviceId: pending.service,
    resource: pending.resource,
    start: pending.start,
    answers: pending.answers,
    actor: input.actor,
    channel: 'web',
    idempotencyKey: `verify:${hashToken(input.token)}`,
  });
  // The answers are not kept beside the key once booked; a second visit is told it is done.
  deps.db.update(memberTokens).set({ usedAt: deps.clock.now().getTime(), payloadJson: JSON.stringify({ receiptNo: res.body.receiptNo }) }).where(eq(memberTokens.tokenHash, hashToken(input.token))).run();
  return res;
}
