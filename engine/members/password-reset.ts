// Use case: password reset by an emailed link. The request answers the same
// whether or not the account exists; the link's token is stored hashed, valid
// for 24 hours and once; setting the new password logs out every browser.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { writeAudit } from '../audit';
import { endAllSessions } from '../auth/member-session';
import { hashPassword } from '../auth/password';
import { hashToken, newToken } from '../auth/token';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { transaction, type Db } from '../db';
import { members, memberTokens } from '../db/schema';
import { emitMemberEvent, type NotifyDeps } from '../notify';
import { modesOf } from './fields';
import { findByEmail, findByLogin } from './identify';
import './messages';
import { passwordIssues } from './password-rules';

export const RESET_TTL_MS = 24 * 3_600_000;

export interface ResetRequest {
  published: PublishedTenant;
  /** Login identifier (as the site logs in) or the registered email address. */
  identifier: string;
  /** Builds the link from the token (the page knows the public address). */
  linkFor(token: string): string;
  ip?: string;
}

export async function requestPasswordReset(deps: { db: Db; clock: Clock } & NotifyDeps, input: ResetRequest): Promise<void> {
  const tenant = input.published.tenant.slug;
  const modes = modesOf(input.published.tenant);
  const member = (await findByLogin(deps.db, tenant, modes.loginId, input.identifier)) ?? (await findByEmail(deps.db, tenant, input.identifier));
  if (!member?.email || member.passwordHash === null) return;
  const now = deps.clock.now().getTime();
  const token = newToken();
  await transaction(deps.db, async (tx) => {
    await tx.insert(memberTokens).values({ tokenHash: hashToken(token), tenantSlug: tenant, purpose: 'password-reset', memberId: member.id, createdAt: now, expiresAt: now + RESET_TTL_MS });
    await writeAudit(tx, { tenant, at: now, actor: { type: 'resident', ...(input.ip ? { ip: input.ip } : {}) }, action: 'member.password_reset_requested', target: { type: 'member', id: member.id } });
    await emitMemberEvent(tx, deps, input.published, 'member.password_reset', { id: member.id, name: member.name ?? '', ...(member.loginId ? { loginId: member.loginId } : {}), email: member.email! }, { resetUrl: input.linkFor(token), resetExpiresAt: now + RESET_TTL_MS });
  });
}

async function validResetRow(db: Db, tenant: string, token: string, now: number) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const [row] = await db
    .select()
    .from(memberTokens)
    .where(and(eq(memberTokens.tokenHash, hashToken(token)), eq(memberTokens.tenantSlug, tenant), eq(memberTokens.purpose, 'password-reset'), isNull(memberTokens.usedAt), gt(memberTokens.expiresAt, now)))
    .limit(1);
  return row;
}

/** Whether a reset link can still be used (the page says so before asking for a password). */
export async function resetLinkValid(deps: { db: Db; clock: Clock }, tenant: string, token: string): Promise<boolean> {
  return !!(await validResetRow(deps.db, tenant, token, deps.clock.now().getTime()));
}

export async function completePasswordReset(
  deps: { db: Db; clock: Clock },
  input: { published: PublishedTenant; token: string; password: string; passwordConfirm: string; ip?: string },
): Promise<void> {
  const tenant = input.published.tenant.slug;
  if (!(await validResetRow(deps.db, tenant, input.token, deps.clock.now().getTime()))) throw new EngineError('member.reset_invalid');
  const issues = passwordIssues(input.password, input.passwordConfirm);
  if (issues.length) throw new EngineError('input.invalid', {}, { issues });
  const hash = await hashPassword(input.password);
  const now = deps.clock.now().getTime();
  await transaction(deps.db, async (tx) => {
    // Checked again inside the write lock: the same link used twice at once changes the password once.
    const [row] = await tx.select().from(memberTokens).where(eq(memberTokens.tokenHash, hashToken(input.token))).limit(1);
    if (!row || row.usedAt !== null || row.expiresAt <= now || !row.memberId) throw new EngineError('member.reset_invalid');
    await tx.update(memberTokens).set({ usedAt: now }).where(eq(memberTokens.tokenHash, row.tokenHash));
    await tx.update(members).set({ passwordHash: hash, updatedAt: now }).where(eq(members.id, row.memberId));
    await endAllSessions(tx, tenant, row.memberId);
    await writeAudit(tx, { tenant, at: now, actor: { type: 'member', id: row.memberId, ...(input.ip ? { ip: input.ip } : {}) }, action: 'member.password_reset', target: { type: 'member', id: row.memberId } });
  });
}
