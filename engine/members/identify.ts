// Finding a member by what they log in with (site mode 'login-id', 'member-id'
// or 'email'), and the words for that identifier on screens and in messages.
import { and, eq, sql } from 'drizzle-orm';
import type { SiteModes } from '../../blocks/site/block';
import type { MemberRow } from '../auth/member-session';
import type { Tx } from '../audit';
import type { Db } from '../db';
import { members } from '../db/schema';

export const ID_LABELS: Record<SiteModes['loginId'], { ja: string; en: string }> = {
  'login-id': { ja: 'ログインID', en: 'login ID' },
  'member-id': { ja: '会員番号', en: 'member number' },
  email: { ja: 'メールアドレス', en: 'email address' },
};

export function normalizeIdentifier(s: string): string {
  return s.normalize('NFKC').trim();
}

export async function findByLogin(db: Db | Tx, tenant: string, mode: SiteModes['loginId'], identifier: string): Promise<MemberRow | undefined> {
  const id = normalizeIdentifier(identifier);
  if (!id || id.length > 254) return undefined;
  const where =
    mode === 'login-id' ? eq(members.loginId, id) : mode === 'member-id' ? eq(members.memberNo, id) : eq(sql`lower(${members.email})`, id.toLowerCase());
  const [row] = await db.select().from(members).where(and(eq(members.tenantSlug, tenant), where, eq(members.status, 'active'))).limit(1);
  return row;
}

export async function findByEmail(db: Db | Tx, tenant: string, email: string): Promise<MemberRow | undefined> {
  const e = normalizeIdentifier(email).toLowerCase();
  if (!e.includes('@')) return undefined;
  const [row] = await db.select().from(members).where(and(eq(members.tenantSlug, tenant), eq(sql`lower(${members.email})`, e), eq(members.status, 'active'))).limit(1);
  return row;
}
