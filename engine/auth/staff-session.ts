// Staff sessions: an opaque token in an HttpOnly, SameSite=Strict cookie scoped
// to one tenant's staff API; the database keeps only its hash. A session ends
// after 2 hours without use or 12 hours after login, and stops working at once
// when its account is suspended or leaves its validity period.
import { and, eq, lt } from 'drizzle-orm';
import type { Tx } from '../audit';
import type { Db } from '../db';
import { staffAccounts, staffSessions } from '../db/schema';
import { epochToLocal } from '../schedule/time';
import { parseScope, type StaffPrincipal } from '../staff/roles';
import { hashToken, newToken } from './token';

export const STAFF_COOKIE = 'muni_staff';
export const IDLE_MS = 2 * 3_600_000;
export const ABSOLUTE_MS = 12 * 3_600_000;
const TOUCH_AFTER_MS = 60_000;

export const staffCookiePath = (tenant: string) => `/api/admin/t/${tenant}`;

export async function createStaffSession(tx: Tx | Db, input: { staffId: number; tenant: string; ip: string; now: number }): Promise<string> {
  const token = newToken();
  await tx
    .insert(staffSessions)
    .values({ tokenHash: hashToken(token), staffId: input.staffId, tenantSlug: input.tenant, ip: input.ip, createdAt: input.now, lastSeenAt: input.now, expiresAt: input.now + ABSOLUTE_MS });
  // Expired sessions of everyone are cleared opportunistically (a few rows at most).
  await tx.delete(staffSessions).where(lt(staffSessions.expiresAt, input.now));
  return token;
}

/** Whether an account may work on the local date (適用開始日 ≤ today ≤ 有効期限, not 利用停止). */
export function accountUsable(a: { suspended: boolean; validFrom: string | null; validUntil: string | null }, today: string): 'ok' | 'suspended' | 'not-valid' {
  if (a.suspended) return 'suspended';
  if ((a.validFrom && today < a.validFrom) || (a.validUntil && today > a.validUntil)) return 'not-valid';
  return 'ok';
}

export async function resolveStaffSession(db: Db, tenant: string, token: string | undefined, now: number, timeZone: string): Promise<StaffPrincipal | undefined> {
  if (!token || token.length > 100) return undefined;
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({ s: staffSessions, a: staffAccounts })
    .from(staffSessions)
    .innerJoin(staffAccounts, eq(staffAccounts.id, staffSessions.staffId))
    .where(and(eq(staffSessions.tokenHash, tokenHash), eq(staffSessions.tenantSlug, tenant), eq(staffAccounts.tenantSlug, tenant)))
    .limit(1);
  if (!row) return undefined;
  const { s, a } = row;
  if (now >= s.expiresAt || now - s.lastSeenAt > IDLE_MS || accountUsable(a, epochToLocal(now, timeZone).date) !== 'ok') {
    await db.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash));
    return undefined;
  }
  if (now - s.lastSeenAt > TOUCH_AFTER_MS) await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.tokenHash, tokenHash));
  return {
    id: a.id,
    tenant: a.tenantSlug,
    loginId: a.loginId,
    name: a.name,
    role: a.role,
    scope: parseScope(a.scopeJson, a.role),
    mustChangePassword: a.mustChangePassword,
    sessionHash: tokenHash,
  };
}

export async function endStaffSession(tx: Tx | Db, tokenHash: string): Promise<void> {
  await tx.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash));
}

/** Ends every session of an account (suspension, password reset), optionally keeping one. */
export async function endSessionsOf(tx: Tx | Db, staffId: number, keepHash?: string): Promise<void> {
  const rows = await tx.select({ h: staffSessions.tokenHash }).from(staffSessions).where(eq(staffSessions.staffId, staffId));
  for (const r of rows) if (r.h !== keepHash) await tx.delete(staffSessions).where(eq(staffSessions.tokenHash, r.h));
}
