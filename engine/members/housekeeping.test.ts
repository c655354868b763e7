import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startSession, SESSION_IDLE_MS } from '../auth/member-session';
import { openDb } from '../db';
import { members, memberTokens, tenants } from '../db/schema';
import { purgeExpiredResidentData } from './housekeeping';

describe('resident housekeeping', () => {
  it('deletes idle sessions and expired keys, keeps live ones', () => {
    const db = openDb(':memory:');
    db.insert(tenants).values({ slug: 't', createdAt: 0, updatedAt: 0 }).run();
    db.insert(members).values({ id: 'm1', tenantSlug: 't', memberNo: '12345678', createdAt: 0, updatedAt: 0 }).run();
    startSession(db, 't', 'm1', 0);
    startSession(db, 't', 'm1', SESSION_IDLE_MS);
    db.insert(memberTokens).values({ tokenHash: 'a', tenantSlug: 't', purpose: 'guest-verification', payloadJson: '{"receiptNo":"1"}', createdAt: 0, expiresAt: 10 }).run();
    db.insert(memberTokens).values({ tokenHash: 'b', tenantSlug: 't', purpose: 'password-reset', memberId: 'm1', createdAt: 0, expiresAt: SESSION_IDLE_MS * 2 }).run();
    expect(purgeExpiredResidentData(db, SESSION_IDLE_MS + 1)).toEqual({ sessions: 1, tokens: 1, held: 0, deregistered: 0 });
    expect(db.all<{ h: string }>(sql`SELECT token_hash AS h FROM member_tokens`)).toEqual([{ h: 'b' }]);
  });
});
