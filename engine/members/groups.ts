// Groups (団体, seed 003): a group registers as a member of kind `group` (online or at
// the desk) and is 申請中 until staff approve (承認) or reject (却下) it. Staff keep its
// people (代表者 and 構成員: individual members) and, on an approved group, a 減免区分
// that the fee of the group's bookings applies. Services may be restricted to
// approved groups (service `access.approvedGroupsOnly`, an admission step).
import { and, eq } from 'drizzle-orm';
import { writeAudit, type Actor, type Tx } from '../audit';
import type { MemberRow } from '../auth/member-session';
import type { CompiledTenant, PublishedTenant } from '../config/tenant';
import type { ReductionCategory } from '../core/behaviour';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { makeIssue } from '../core/messages';
import { sqlAll, sqlGet, transaction, type Db } from '../db';
import { groupMembers, members } from '../db/schema';
import { jsonText } from '../db/dialect';
import './messages';

import { GROUP, GROUP_STATUSES, type GroupStatus } from './group-status';
export { GROUP, GROUP_STATUSES, GROUP_STATUS_LABELS, type GroupStatus } from './group-status';

/** A group's approval state (rows registered before approvals existed are 申請中); null for individuals. */
export function groupStatusOf(m: Pick<MemberRow, 'kind' | 'groupStatus'>): GroupStatus | null {
  return m.kind === 'group' ? m.groupStatus ?? GROUP.applied : null;
}

/** The 減免区分 the tenant's kinds offer (first of each id). */
export function reductionCategoriesOf(tenant: CompiledTenant): ReductionCategory[] {
  const out = new Map<string, ReductionCategory>();
  for (const f of tenant.registry.behaviour().reductionCategories) for (const c of f(tenant)) if (!out.has(c.id)) out.set(c.id, c);
  return [...out.values()];
}

/** The group a booking is made for, when it is made by an approved group. */
export interface BookingGroup {
  id: string;
  memberNo: string;
  name: string | null;
  /** 減免区分 staff set on the group (a fee reduction id), or null. */
  reduction: string | null;
  /** account: the group's own login; person: a 代表者 / 構成員 booking a service only groups may book. */
  via: 'account' | 'person';
}

const GROUP_COLUMNS = 'g.id, g.member_no AS "memberNo", g.name, g.group_reduction AS reduction';

/**
 * The approved group behind a member's booking: the member itself when it is an approved
 * group; with `asPerson` (a service only groups may book) also a group the member belongs
 * to — the one it represents first, else the one it joined first.
 */
export async function bookingGroupOf(db: Db | Tx, tenant: string, memberId: string, opts: { asPerson: boolean }): Promise<BookingGroup | undefined> {
  const own = await sqlGet<Omit<BookingGroup, 'via'>>(db, `SELECT ${GROUP_COLUMNS} FROM members g WHERE g.id = ? AND g.tenant_slug = ? AND g.kind = 'group' AND g.group_status = 'approved' AND g.status = 'active'`, [
    memberId,
    tenant,
  ]);
  if (own) return { ...own, via: 'account' };
  if (!opts.asPerson) return undefined;
  const via = await sqlGet<Omit<BookingGroup, 'via'>>(
    db,
    `SELECT ${GROUP_COLUMNS} FROM group_members gm JOIN members g ON g.id = gm.group_id
     WHERE gm.member_id = ? AND gm.tenant_slug = ? AND g.group_status = 'approved' AND g.status = 'active'
     ORDER BY gm.role = 'representative' DESC, gm.added_at, g.member_no LIMIT 1`,
    [memberId, tenant],
  );
  return via ? { ...via, via: 'person' } : undefined;
}

export interface GroupPerson {
  memberId: string;
  memberNo: string;
  name: string | null;
  role: 'representative' | 'member';
  addedAt: number;
}

export async function groupPeople(db: Db | Tx, tenant: string, groupId: string): Promise<GroupPerson[]> {
  return sqlAll<GroupPerson>(
    db,
    `SELECT m.id AS "memberId", m.member_no AS "memberNo", m.name, gm.role, gm.added_at AS "addedAt" FROM group_members gm JOIN members m ON m.id = gm.member_id
     WHERE gm.group_id = ? AND gm.tenant_slug = ? ORDER BY gm.role = 'representative' DESC, m.member_no`,
    [groupId, tenant],
  );
}

/** The groups an individual belongs to (shown on the member's page). */
export async function groupsOfPerson(db: Db | Tx, tenant: string, memberId: string): Promise<{ groupId: string; memberNo: string; name: string | null; role: string; status: GroupStatus }[]> {
  const rows = await sqlAll<{ groupId: string; memberNo: string; name: string | null; role: string; kind: 'group'; groupStatus: GroupStatus | null }>(
    db,
    `SELECT g.id AS "groupId", g.member_no AS "memberNo", g.name, gm.role, g.kind, g.group_status AS "groupStatus" FROM group_members gm JOIN members g ON g.id = gm.group_id
     WHERE gm.member_id = ? AND gm.tenant_slug = ? AND g.status <> 'deleted' ORDER BY g.member_no`,
    [memberId, tenant],
  );
  return rows.map(({ kind, groupStatus, ...r }) => ({ ...r, status: groupStatusOf({ kind, groupStatus })! }));
}

export interface GroupListRow {
  id: string;
  memberNo: string;
  name: string | null;
  status: GroupStatus;
  reduction: string | null;
  representative: string | null;
  /** The 代表者氏名 the group gave when it registered (before staff link a member as 代表者). */
  registeredRepresentative: string | null;
  /** Why it was rejected. */
  reason: string | null;
  people: number;
  createdAt: number;
  decidedAt: number | null;
}

/** 団体一覧: by approval state (申請中 first, oldest first, so the queue reads in order). */
export async function listGroups(db: Db, tenant: string, q: { status?: string; keyword?: string }, limit = 200): Promise<GroupListRow[]> {
  const where = ["g.tenant_slug = ? AND g.kind = 'group' AND g.status <> 'deleted'"];
  const params: (string | number)[] = [tenant];
  if (q.status && (GROUP_STATUSES as readonly string[]).includes(q.status)) where.push("COALESCE(g.group_status, 'applied') = ?"), params.push(q.status);
  const kw = q.keyword?.trim();
  if (kw) where.push("(g.name LIKE ? ESCAPE '\\' OR g.member_no = ?)"), params.push(`%${kw.replace(/[\\%_]/g, (m) => `\\${m}`)}%`, kw);
  return sqlAll<GroupListRow>(
    db,
    `SELECT g.id, g.member_no AS "memberNo", g.name, COALESCE(g.group_status, 'applied') AS status, g.group_reduction AS reduction, g.group_reason AS reason, g.created_at AS "createdAt", g.group_decided_at AS "decidedAt",
       ${jsonText('g.profile_json', 'representative')} AS "registeredRepresentative",
       (SELECT m.name FROM group_members gm JOIN members m ON m.id = gm.member_id WHERE gm.group_id = g.id AND gm.role = 'representative') AS representative,
       (SELECT COUNT(*) FROM group_members gm WHERE gm.group_id = g.id) AS people
     FROM members g WHERE ${where.join(' AND ')}
     ORDER BY CASE COALESCE(g.group_status, 'applied') WHEN 'applied' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END, g.created_at, g.member_no LIMIT ?`,
    [...params, limit],
  );
}

async function findGroup(tx: Db | Tx, tenant: string, id: string): Promise<MemberRow> {
  const [g] = await tx.select().from(members).where(and(eq(members.tenantSlug, tenant), eq(members.id, id))).limit(1);
  if (!g || g.status === 'deleted') throw new EngineError('member.not_found');
  if (g.kind !== 'group') throw new EngineError('group.not_a_group', { memberNo: g.memberNo });
  return g;
}

type Deps = { db: Db; clock: Clock };
// A group's decisions by name (rejected spells like a booking status; compared through these).

/** 承認 / 却下 (a rejection says why). Rejecting clears the 減免区分; approving again needs it set again. */
export async function decideGroup(deps: Deps, input: { tenant: string; id: string; decision: unknown; reason?: unknown; actor: Actor }): Promise<MemberRow> {
  if (input.decision !== GROUP.approved && input.decision !== GROUP.rejected) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/decision', 'schema.enum', { allowed: 'approved, rejected' })] });
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (input.decision === GROUP.rejected && !reason) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/reason', 'group.reason_required')] });
  if ([...reason].length > 500) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/reason', 'schema.max_length', { limit: 500 })] });
  const at = deps.clock.now().getTime();
  const to: GroupStatus = input.decision;
  return transaction(deps.db, async (tx) => {
    const g = await findGroup(tx, input.tenant, input.id);
    const from = groupStatusOf(g);
    await tx
      .update(members)
      .set({ groupStatus: to, groupReason: reason || null, groupDecidedAt: at, ...(to === GROUP.rejected ? { groupReduction: null } : {}), updatedAt: at })
      .where(eq(members.id, g.id));
    await writeAudit(tx, { tenant: input.tenant, at, actor: input.actor, action: `group.${to}`, target: { type: 'member', id: g.memberNo }, details: { from, to, ...(reason ? { reason } : {}) } });
    const [row] = await tx.select().from(members).where(eq(members.id, g.id)).limit(1);
    return row!;
  });
}

/** 減免区分 of an approved group: one of the categories the tenant's fee tables offer, or none (null). */
export async function setGroupReduction(deps: Deps, input: { published: PublishedTenant; id: string; reduction: unknown; actor: Actor }): Promise<MemberRow> {
  const tenant = input.published.tenant.slug;
  const r = input.reduction;
  if (r !== null && typeof r !== 'string') throw new EngineError('input.invalid', {}, { issues: [makeIssue('/reduction', 'schema.type', { type: 'string | null' })] });
  const reduction = r === '' ? null : r;
  if (reduction !== null && !reductionCategoriesOf(input.published.tenant).some((c) => c.id === reduction)) {
    throw new EngineError('input.invalid', {}, { issues: [makeIssue('/reduction', 'group.unknown_reduction', { reduction })] });
  }
  const at = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const g = await findGroup(tx, tenant, input.id);
    if (groupStatusOf(g) !== GROUP.approved) throw new EngineError('group.not_approved', { memberNo: g.memberNo });
    await tx.update(members).set({ groupReduction: reduction, updatedAt: at }).where(eq(members.id, g.id));
    await writeAudit(tx, { tenant, at, actor: input.actor, action: 'group.reduction_set', target: { type: 'member', id: g.memberNo }, details: { from: g.groupReduction, to: reduction } });
    const [row] = await tx.select().from(members).where(eq(members.id, g.id)).limit(1);
    return row!;
  });
}

/** Adds an individual member (by 会員番号) to a group, as its 代表者 (the previous one stays as 構成員) or as 構成員. */
export async function addGroupPerson(deps: Deps, input: { tenant: string; groupId: string; memberNo: unknown; role: unknown; actor: Actor }): Promise<GroupPerson[]> {
  if (input.role !== 'representative' && input.role !== 'member') throw new EngineError('input.invalid', {}, { issues: [makeIssue('/role', 'schema.enum', { allowed: 'representative, member' })] });
  const memberNo = typeof input.memberNo === 'string' ? input.memberNo.normalize('NFKC').trim() : '';
  if (!memberNo) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/memberNo', 'schema.required', { property: 'memberNo' })] });
  const role = input.role;
  const at = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const g = await findGroup(tx, input.tenant, input.groupId);
    const [p] = await tx.select().from(members).where(and(eq(members.tenantSlug, input.tenant), eq(members.memberNo, memberNo))).limit(1);
    if (!p || p.status === 'deleted') throw new EngineError('input.invalid', {}, { issues: [makeIssue('/memberNo', 'group.person_not_found', { memberNo })] });
    if (p.kind !== 'individual') throw new EngineError('input.invalid', {}, { issues: [makeIssue('/memberNo', 'group.person_not_individual', { memberNo })] });
    if (role === 'representative') {
      await tx.update(groupMembers).set({ role: 'member' }).where(and(eq(groupMembers.groupId, g.id), eq(groupMembers.role, 'representative')));
    }
    await tx
      .insert(groupMembers)
      .values({ tenantSlug: input.tenant, groupId: g.id, memberId: p.id, role, addedAt: at })
      .onConflictDoUpdate({ target: [groupMembers.groupId, groupMembers.memberId], set: { role } });
    await writeAudit(tx, { tenant: input.tenant, at, actor: input.actor, action: 'group.person_added', target: { type: 'member', id: g.memberNo }, details: { person: p.memberNo, role } });
    return groupPeople(tx, input.tenant, g.id);
  });
}

export async function removeGroupPerson(deps: Deps, input: { tenant: string; groupId: string; memberId: string; actor: Actor }): Promise<GroupPerson[]> {
  const at = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const g = await findGroup(tx, input.tenant, input.groupId);
    const p = (await groupPeople(tx, input.tenant, g.id)).find((x) => x.memberId === input.memberId);
    if (!p) throw new EngineError('group.person_not_in_group');
    await tx.delete(groupMembers).where(and(eq(groupMembers.groupId, g.id), eq(groupMembers.memberId, p.memberId)));
    await writeAudit(tx, { tenant: input.tenant, at, actor: input.actor, action: 'group.person_removed', target: { type: 'member', id: g.memberNo }, details: { person: p.memberNo, role: p.role } });
    return groupPeople(tx, input.tenant, g.id);
  });
}
