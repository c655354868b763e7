// Expired sessions and one-time keys are deleted, a held guest application
// keeps personal data only until its key expires (then it is `expired`, answers cleared),
// and a deregistered member (登録抹消) only until its retention period ends.
import { lt } from 'drizzle-orm';
import { purgeExpiredSessions } from '../auth/member-session';
import { affected, type Db } from '../db';
import { memberTokens } from '../db/schema';
import { purgeDeregisteredMembers } from './desk';
import { expireHeldApplications } from './guest-verification';

export async function purgeExpiredResidentData(db: Db, now: number): Promise<{ sessions: number; tokens: number; held: number; deregistered: number }> {
  const sessions = await purgeExpiredSessions(db, now);
  const held = await expireHeldApplications(db, now);
  const tokens = affected(await db.delete(memberTokens).where(lt(memberTokens.expiresAt, now)));
  const deregistered = await purgeDeregisteredMembers(db, now);
  return { sessions, tokens, held, deregistered };
}
