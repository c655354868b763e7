// Member management for staff (seed 004 会員一覧): search by 会員番号 or a keyword
// (name, phone with or without hyphens), view, edit the base fields, suspend,
// and reset the LINE user id link. Works on the shared `members` table directly;
// registration and the member-fields block belong to engine/members.
import { and, eq } from 'drizzle-orm';
import { foldNameVariantsSql, nameSearchKey, normalizePhone, toKatakana } from '../../blocks/form/normalize';
import { writeAudit, type Actor } from '../audit';
import type { Clock } from '../core/clock';
import { EngineError, type Issue } from '../core/errors';
import { makeIssue } from '../core/messages';
import { sqlAll, sqlGet, transaction, type Db } from '../db';
import { members } from '../db/schema';
import { groupStatusOf, type GroupStatus } from '../members/groups';
import './messages';

export type MemberRow = typeof members.$inferSelect;

export interface MemberView {
  id: string;
  memberNo: string;
  kind: string;
  /** 会員種別: LINE when a LINE user id is linked, otherwise WEB (seed 004). */
  accountType: 'LINE' | 'WEB';
  loginId: string | null;
  name: string | null;
  nameKana: string | null;
  phone: string | null;
  email: string | null;
  status: string;
  profile: Record<string, unknown>;
  /** Groups: 申請中 / 承認 / 却下, the reason of the decision and the 減免区分 of an approved group. */
  groupStatus: GroupStatus | null;
  groupReason: string | null;
  groupReduction: string | null;
  /** 登録抹消: when, and when the data is purged. */
  deregisteredAt: number | null;
  purgeAfter: number | null;
  createdAt: number;
  updatedAt: number;
}

export function toMemberView(m: MemberRow): MemberView {
  return {
    id: m.id,
    memberNo: m.memberNo,
    kind: m.kind,
    accountType: m.lineUserId ? 'LINE' : 'WEB',
    loginId: m.loginId,
    name: m.name,
    nameKana: m.nameKana,
    phone: m.phone,
    email: m.email,
    status: m.status,
    profile: JSON.parse(m.profileJson) as Record<string, unknown>,
    groupStatus: groupStatusOf(m),
    groupReason: m.groupReason,
    groupReduction: m.groupReduction,
    deregisteredAt: m.deregisteredAt,
    purgeAfter: m.purgeAfter,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** A keyword of digits (hyphens allowed) is a phone number or 会員番号; anything else a name. */
export async function searchMembers(db: Db, tenant: string, q: { memberNo?: string; keyword?: string; status?: string; kind?: string }, limit = 50): Promise<{ total: number; rows: MemberView[] }> {
  // 登録抹消 members are listed only when asked for (status=deleted), and only until their data is purged.
  const where = [q.status === 'deleted' ? "tenant_slug = ? AND status = 'deleted' AND purge_after IS NOT NULL" : "tenant_slug = ? AND status <> 'deleted'"];
  const params: (string | number)[] = [tenant];
  if (q.memberNo) where.push('member_no = ?'), params.push(q.memberNo.trim());
  const kw = q.keyword?.trim();
  if (kw) {
    const digits = normalizePhone(kw).replace(/[-‐−ー\s]/g, '');
    if (/^\d+$/.test(digits)) {
      where.push('(phone_key = ? OR member_no = ? OR phone_key LIKE ?)');
      params.push(digits, kw, `%${digits}`);
    } else {
      const key = `%${likeEscape(nameSearchKey(kw))}%`;
      where.push(`(${foldNameVariantsSql('name_key')} LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' OR name_kana LIKE ? ESCAPE '\\')`);
      // フリガナ is stored in katakana: a clerk typing hiragana or half-width kana finds it too.
      params.push(key, `%${likeEscape(kw)}%`, `%${likeEscape(toKatakana(kw.normalize('NFKC')))}%`);
    }
  }
  if (q.status === 'active' || q.status === 'suspended') where.push('status = ?'), params.push(q.status);
  if (q.kind === 'individual' || q.kind === 'group') where.push('kind = ?'), params.push(q.kind);
  const w = where.join(' AND ');
  const total = (await sqlGet<{ n: number }>(db, `SELECT COUNT(*) AS n FROM members WHERE ${w}`, params))!.n;
  const rows = await sqlAll<{ id: string }>(db, `SELECT id FROM members WHERE ${w} ORDER BY member_no LIMIT ?`, [...params, limit]);
  const views: MemberView[] = [];
  for (const r of rows) views.push(toMemberView(await findMember(db, tenant, r.id, { deregistered: true })));
  return { total, rows: views };
}

/** A member of the tenant; a deregistered one only with `deregistered` (to view it until its data is purged). */
export async function findMember(db: Db, tenant: string, id: string, opts: { deregistered?: boolean } = {}): Promise<MemberRow> {
  const [m] = await db
    .select()
    .from(members)
    .where(and(eq(members.tenantSlug, tenant), eq(members.id, id)))
    .limit(1);
  if (!m || (m.status === 'deleted' && !(opts.deregistered && m.purgeAfter !== null))) throw new EngineError('member.not_found');
  return m;
}

export interface MemberPatch {
  name?: string;
  nameKana?: string | null;
  phone?: string | null;
  email?: string | null;
}

export function readMemberPatch(body: Record<string, unknown>): MemberPatch {
  const issues: Issue[] = [];
  const out: MemberPatch = {};
  const str = (k: keyof MemberPatch, max: number, check?: (v: string) => string | undefined) => {
    if (!(k in body)) return;
    const v = body[k];
    if (v === null || v === '') {
      if (k === 'name') issues.push(makeIssue('/name', 'schema.required', { property: 'name' }));
      else out[k] = null;
      return;
    }
    if (typeof v !== 'string') return void issues.push(makeIssue(`/${k}`, 'schema.type', { type: 'string' }));
    if ([...v].length > max) return void issues.push(makeIssue(`/${k}`, 'schema.max_length', { limit: max }));
    const bad = check?.(v);
    if (bad) return void issues.push(makeIssue(`/${k}`, 'schema.format', { format: bad }));
    out[k] = v;
  };
  str('name', 100);
  str('nameKana', 100);
  str('phone', 20, (v) => (/^0\d{9,10}$/.test(normalizePhone(v)) ? undefined : '090-1234-5678'));
  str('email', 254, (v) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? undefined : 'email'));
  if (issues.length) throw new EngineError('input.invalid', {}, { issues });
  return out;
}

export function updateMember(deps: { db: Db; clock: Clock }, input: { tenant: string; id: string; actor: Actor; patch: MemberPatch }): Promise<MemberView> {
  const at = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const m = await findMember(tx, input.tenant, input.id);
    const p = input.patch;
    const phone = p.phone === undefined ? undefined : p.phone === null ? null : normalizePhone(p.phone);
    await tx
      .update(members)
      .set({
        ...(p.name !== undefined ? { name: p.name, nameKey: nameSearchKey(p.name) } : {}),
        ...(p.nameKana !== undefined ? { nameKana: p.nameKana } : {}),
        ...(phone !== undefined ? { phone, phoneKey: phone } : {}),
        ...(p.email !== undefined ? { email: p.email } : {}),
        updatedAt: at,
      })
      .where(eq(members.id, m.id));
    const changed = Object.keys(p).filter((k) => (p as Record<string, unknown>)[k] !== (m as Record<string, unknown>)[k]);
    await writeAudit(tx, { tenant: input.tenant, at, actor: input.actor, action: 'member.updated', target: { type: 'member', id: m.memberNo }, details: { changed } });
    return toMemberView(await findMember(tx, input.tenant, m.id));
  });
}

export function setMemberStatus(deps: { db: Db; clock: Clock }, input: { tenant: string; id: string; actor: Actor; suspended: boolean }): Promise<MemberView> {
  const at = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const m = await findMember(tx, input.tenant, input.id);
    const status = input.suspended ? 'suspended' : 'active';
    await tx.update(members).set({ status, updatedAt: at }).where(eq(members.id, m.id));
    await writeAudit(tx, { tenant: input.tenant, at, actor: input.actor, action: input.suspended ? 'member.suspended' : 'member.reactivated', target: { type: 'member', id: m.memberNo }, details: { from: m.status, to: status } });
    return toMemberView(await findMember(tx, input.tenant, m.id));
  });
}

/** LINEユーザーIDリセット: the member becomes a WEB member again; the id itself is not kept in the audit log. */
export function unlinkLine(deps: { db: Db; clock: Clock }, input: { tenant: string; id: string; actor: Actor }): Promise<MemberView> {
  const at = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const m = await findMember(tx, input.tenant, input.id);
    if (!m.lineUserId) throw new EngineError('member.no_line_link');
    await tx.update(members).set({ lineUserId: null, updatedAt: at }).where(eq(members.id, m.id));
    await writeAudit(tx, { tenant: input.tenant, at, actor: input.actor, action: 'member.line_unlinked', target: { type: 'member', id: m.memberNo } });
    return toMemberView(await findMember(tx, input.tenant, m.id));
  });
}
