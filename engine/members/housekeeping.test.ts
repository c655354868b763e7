import { describe, expect, it } from 'vitest';
import { startSession, SESSION_IDLE_MS } from '../auth/member-session';
import { openDb, sqlAll } from '../db';
import { members, memberTokens, tenants } from '../db/schema';
import { purgeExpiredResidentData } from './housekeeping';

describe('resident housekeeping', () => {
  it('deletes idle sessions and expired keys, keeps live ones', async () => {
    const db = openDb(':memory:');
    await db.insert(tenants).values({ slug: 't', createdAt: 0, updatedAt: 0 });
    await db.insert(members).values({ id: 'm1', tenantSlug: 't', memberNo: '12345678', createdAt: 0, updatedAt: 0 });
    await startSession(db, 't', 'm1', 0);
    await startSession(db, 't', 'm1', SESSION_IDLE_MS);
    await db.insert(memberTokens).values({ tokenHash: 'a', tenantSlug: 't', purpose: 'guest-verification', payloadJson: '{"receiptNo":"1"}', createdAt: 0, expiresAt: 10 });
    await db.insert(memberTokens).values({ tokenHash: 'b', tenantSlug: 't', purpose: 'password-reset', memberId: 'm1', createdAt: 0, expiresAt: SESSION_IDLE_MS * 2 });
    expect(await purgeExpiredResidentData(db, SESSION_IDLE_MS + 1)).toEqual({ sessions: 1, tokens: 1, held: 0, deregistered: 0 });
    expect(await sqlAll<{ h: string }>(db, 'SELECT token_hash AS h FROM member_tokens')).toEqual([{ h: 'b' }]);
  });
});
