// Sessions of logged-in members: an opaque token in an HttpOnly cookie, its hash
// in member_sessions. Idle for 7 days or 30 days old = logged out; both far
// beyond the 20 hours WCAG allows for time limits, so no resident loses a form.
import { and, eq, lt, or } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Tx } from '../audit';
import { affected, type Db } from '../db';
import { members, memberSessions } from '../db/schema';
import { clearCookie, readCookie, writeCookie } from './cookies';
import { hashToken, newToken } from './token';

export const SESSION_IDLE_MS = 7 * 86_400_000;
export const SESSION_MAX_MS = 30 * 86_400_000;
const COOKIE = 'mr_session';

export type MemberRow = typeof members.$inferSelect;

export async function startSession(tx: Tx | Db, tenant: string, memberId: string, now: number): Promise<string> {
  const token = newToken();
  await tx.insert(memberSessions).values({ tokenHash: hashToken(token), tenantSlug: tenant, memberId, createdAt: now, lastSeenAt: now, expiresAt: now + SESSION_MAX_MS });
  return token;
}

/** The active member of a session token, sliding its idle limit (written at most once a minute). */
export async function memberOfSession(db: Db, tenant: string, token: string | undefined, now: number): Promise<MemberRow | undefined> {
  if (!token || token.length > 100) return undefined;
  const hash = hashToken(token);
  const [row] = await db
    .select({ s: memberSessions, m: members })
    .from(memberSessions)
    .innerJoin(members, eq(members.id, memberSessions.memberId))
    .where(and(eq(memberSessions.tokenHash, hash), eq(memberSessions.tenantSlug, tenant)))
    .limit(1);
  if (!row) return undefined;
  if (row.m.status !== 'active' || row.m.tenantSlug !== tenant || now >= row.s.expiresAt || now >= row.s.lastSeenAt + SESSION_IDLE_MS) {
    await db.delete(memberSessions).where(eq(memberSessions.tokenHash, hash));
    return undefined;
  }
  if (now - row.s.lastSeenAt > 60_000) await db.update(memberSessions).set({ lastSeenAt: now }).where(eq(memberSessions.tokenHash, hash));
  return row.m;
}

export async function endSession(tx: Tx | Db, token: string): Promise<void> {
  await tx.delete(memberSessions).where(eq(memberSessions.tokenHash, hashToken(token)));
}

/** After a password change every browser logs in again. */
export async function endAllSessions(tx: Tx | Db, tenant: string, memberId: string): Promise<void> {
  await tx.delete(memberSessions).where(and(eq(memberSessions.tenantSlug, tenant), eq(memberSessions.memberId, memberId)));
}

export async function purgeExpiredSessions(db: Db, now: number): Promise<number> {
  return affected(await db.delete(memberSessions).where(or(lt(memberSessions.expiresAt, now), lt(memberSessions.lastSeenAt, now - SESSION_IDLE_MS))));
}

export const sessionCookie = {
  read: (c: Context) => readCookie(c, COOKIE),
  write: (c: Context, token: string) => writeCookie(c, COOKIE, token, SESSION_MAX_MS / 1000),
  clear: (c: Context) => clearCookie(c, COOKIE),
};
