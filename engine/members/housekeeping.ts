// Expired sessions and one-time keys are deleted: a held guest application keeps
// personal data only until its key expires.
import { lt } from 'drizzle-orm';
import { purgeExpiredSessions } from '../auth/member-session';
import type { Db } from '../db';
import { memberTokens } from '../db/schema';

export function purgeExpiredResidentData(db: Db, now: number): { sessions: number; tokens: number } {
  const sessions = purgeExpiredSessions(db, now);
  const tokens = db.delete(memberTokens).where(lt(memberTokens.expiresAt, now)).run().changes;
  return { sessions, tokens };
}
