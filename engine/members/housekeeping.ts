// Expired sessions and one-time keys are deleted, a held guest application
// keeps personal data only until its key expires (then it is `expired`, answers cleared),
// and a deregistered member (登録抹消) only until its retention period ends.
import { lt } from 'drizzle-orm';
import { purgeExpiredSessions } from '../auth/member-session';
import type { Db } from '../db';
import { memberTokens } from '../db/schema';
import { purgeDeregisteredMembers } from './desk';
import { expireHeldApplications } from './guest-verification';

export function purgeExpiredResidentData(db: Db, now: number): { sessions: number; tokens: number; held: number; deregistered: number } {
  const sessions = purgeExpiredSessions(db, now);
  const held = expireHeldApplications(db, now);
  const tokens = db.delete(memberTokens).where(lt(memberTokens.expiresAt, now)).run().changes;
  const deregistered = purgeDeregisteredMembers(db, now);
  return { sessions, tokens, held, deregistered };
}
