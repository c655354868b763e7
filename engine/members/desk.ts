// 窓口登録 (seeds 001, 004): staff register a member with every item of the tenant's
// member-fields block (the same compiled form and validation as online registration,
// display-only items such as 管理ID included), edit all of them, and 登録抹消: the member
// is deregistered at once (no login, not found by search) and its personal data is
// purged by the housekeeping job after the block's retention period. A member that
// looks like one already registered (same name and birthdate or phone) is a warning
// staff must acknowledge (confirmDuplicates).
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, lte, ne } from 'drizzle-orm';
import type { MemberKind } from '../../blocks/member-fields/block';
import { writeAudit, type Actor, type Tx } from '../audit';
import { endAllSessions, type MemberRow } from '../auth/member-session';
import { hashPassword } from '../auth/password';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { EngineError, type Issue } from '../core/errors';
import { makeIssue } from '../core/messages';
import { transaction, type Db } from '../db';
import { groupMembers, members, memberSessions, memberTokens } from '../db/schema';
import { emitMemberEvent, type NotifyDeps } from '../notify';
import { generatePassword } from '../staff/passwords';
import { findPossibleDuplicates, type DuplicateCandidate } from './duplicates';
import { answersOfMember, columnsFromAnswers, editableColumns, memberFieldsOf, modesOf } from './fields';
import { findByEmail } from './identify';
import { passwordIssues } from './password-rules';
import { newMemberNo } from './register';
import './messages';

export type DeskDeps = { db: Db; clock: Clock } & NotifyDeps;

export type Columns = ReturnType<typeof columnsFromAnswers>;

/** The member kind staff chose, if the tenant offers it (located at `path`). */
export function deskKind(published: PublishedTenant, kind: unknown, path = '/kind'): MemberKind {
  const offered = memberFieldsOf(published.tenant).kinds;
  const k = kind === undefined ? offered[0] : kind;
  if (k !== 'individual' && k !== 'group') throw new EngineError('input.invalid', {}, { issues: [makeIssue(path, 'schema.enum', { allowed: offered.join(', ') })] });
  if (!offered.includes(k)) throw new EngineError('input.invalid', {}, { issues: [makeIssue(path, 'member.kind_not_offered')] });
  return k;
}

/** Validates desk answers with the member kind's staff form: the answers and the columns they set, or located issues. */
export function checkDeskAnswers(published: PublishedTenant, kind: MemberKind, answers: unknown): { ok: true; value: Record<string, unknown>; cols: Columns } | { ok: false; issues: Issue[] } {
  const v = memberFieldsOf(published.tenant).staffForm(kind).validate(answers, 'staff');
  if (!v.ok) return v;
  return { ok: true, value: v.value, cols: columnsFromAnswers(v.value, {}) };
}

export const duplicateProbe = (value: Record<string, unknown>) => ({
  name: typeof value.name === 'string' ? value.name : null,
  birthdate: typeof value.birthdate === 'string' ? value.birthdate : null,
  phone: typeof value.phone === 'string' ? value.phone : null,
});

/** Refuses (409 member.possible_duplicates, with the candidates) unless staff confirmed they saw them. */
function warnDuplicates(candidates: DuplicateCandidate[], confirmed: boolean): void {
  if (candidates.length && !confirmed) throw new EngineError('member.possible_duplicates', { count: candidates.length, candidates });
}

/** Login id and (when the site logs in by email) email must be free; located at the item's answer. */
export async function uniquenessIssues(tx: Db | Tx, published: PublishedTenant, cols: Partial<Columns>, self?: MemberRow, at = '/answers'): Promise<Issue[]> {
  const slug = published.tenant.slug;
  const issues: Issue[] = [];
  if (cols.loginId && cols.loginId !== self?.loginId) {
    const [taken] = await tx.select({ id: members.id }).from(members).where(and(eq(members.tenantSlug, slug), eq(members.loginId, cols.loginId), ne(members.id, self?.id ?? ''))).limit(1);
    if (taken) issues.push(makeIssue(`${at}/loginId`, 'member.login_id_taken'));
  }
  if (modesOf(published.tenant).loginId === 'email' && cols.email && cols.email !== self?.email) {
    const other = await findByEmail(tx, slug, cols.email);
    if (other && other.id !== self?.id) issues.push(makeIssue(`${at}/email`, 'member.email_taken'));
  }
  return issues;
}

/** Whether members of this tenant log in with a password (then one is set or generated at the desk). */
export function usesPassword(published: PublishedTenant): boolean {
  return memberFieldsOf(published.tenant).use('password') !== 'unused' && modesOf(published.tenant).passwordCheck;
}

export async function insertMember(
  tx: Tx,
  deps: DeskDeps,
  input: { published: PublishedTenant; kind: MemberKind; cols: Columns; passwordHash: string | null; at: number; actor: Actor; details: Record<string, unknown> },
): Promise<MemberRow> {
  const slug = input.published.tenant.slug;
  const id = randomUUID();
  const memberNo = await newMemberNo(tx, slug);
  await tx
    .insert(members)
    .values({ id, tenantSlug: slug, memberNo, kind: input.kind, passwordHash: input.passwordHash, status: 'active', ...(input.kind === 'group' ? { groupStatus: 'applied' as const } : {}), createdAt: input.at, updatedAt: input.at, ...input.cols });
  await writeAudit(tx, { tenant: slug, at: input.at, actor: input.actor, action: 'member.registered', target: { type: 'member', id: memberNo }, details: { kind: input.kind, version: input.published.versionId, ...input.details } });
  const c = input.cols;
  await emitMemberEvent(tx, deps, input.published, 'member.registered', { id, name: c.name ?? '', ...(c.loginId ? { loginId: c.loginId } : {}), ...(c.email ? { email: c.email } : {}), updatedAt: input.at });
  const [row] = await tx.select().from(members).where(eq(members.id, id)).limit(1);
  return row!;
}

export interface DeskCreateInput {
  published: PublishedTenant;
  kind: unknown;
  answers: unknown;
  /** An initial password; blank = one is generated (and returned once) when the site checks passwords. */
  password?: unknown;
  confirmDuplicates?: boolean;
  actor: Actor;
}

export async function createMemberAtDesk(deps: DeskDeps, input: DeskCreateInput): Promise<{ member: MemberRow; initialPassword?: string }> {
  const { published } = input;
  const kind = deskKind(published, input.kind);
  const v = checkDeskAnswers(published, kind, input.answers);
  const issues: Issue[] = v.ok ? [] : [...v.issues];
  const given = typeof input.password === 'string' && input.password !== '' ? input.password : undefined;
  if (input.password !== undefined && typeof input.password !== 'string') issues.push(makeIssue('/password', 'schema.type', { type: 'string' }));
  if (given !== undefined) issues.push(...passwordIssues(given, undefined, v.ok ? v.cols.loginId : undefined));
  if (v.ok) issues.push(...(await uniquenessIssues(deps.db, published, v.cols)));
  if (issues.length || !v.ok) throw new EngineError('input.invalid', {}, { issues });
  const candidates = await findPossibleDuplicates(deps.db, published.tenant.slug, duplicateProbe(v.value));
  warnDuplicates(candidates, input.confirmDuplicates === true);
  const password = given ?? (usesPassword(published) ? generatePassword() : undefined);
  const passwordHash = password ? await hashPassword(password) : null;
  const at = deps.clock.now().getTime();
  const member = await transaction(deps.db, async (tx) => {
    // Checked again inside the write lock: another desk may have taken the login id meanwhile.
    const taken = await uniquenessIssues(tx, published, v.cols);
    if (taken.length) throw new EngineError('input.invalid', {}, { issues: taken });
    return insertMember(tx, deps, {
      published,
      kind,
      cols: v.cols,
      passwordHash,
      at,
      actor: input.actor,
      details: { channel: 'desk', ...(candidates.length ? { duplicatesAcknowledged: candidates.map((c) => c.memberNo) } : {}), ...(given === undefined && password ? { passwordGenerated: true } : {}) },
    });
  });
  return { member, ...(given === undefined && password ? { initialPassword: password } : {}) };
}

/** Staff edit every item of the member (the staff form of its kind); items the form does not offer keep their values. */
export async function updateMemberAtDesk(deps: { db: Db; clock: Clock }, input: { published: PublishedTenant; member: MemberRow; answers: unknown; confirmDuplicates?: boolean; actor: Actor }): Promise<MemberRow> {
  const { published, member: m } = input;
  if (m.status === 'deleted') throw new EngineError('member.deregistered', { memberNo: m.memberNo });
  const form = memberFieldsOf(published.tenant).staffForm(m.kind);
  const v = form.validate(input.answers, 'staff');
  if (!v.ok) throw new EngineError('input.invalid', {}, { issues: v.issues });
  const editable = new Set(form.fields.map((f) => f.id));
  const kept = Object.fromEntries(Object.entries(JSON.parse(m.profileJson) as Record<string, unknown>).filter(([k]) => !editable.has(k)));
  const cols = editableColumns(columnsFromAnswers(v.value, kept), editable);
  const current = answersOfMember(m);
  const changed = [...editable].filter((k) => JSON.stringify(current[k]) !== JSON.stringify(v.value[k]));
  // Only a change of what identifies a person can make it look like someone else.
  const identifying = changed.some((k) => k === 'name' || k === 'birthdate' || k === 'phone');
  const candidates = identifying ? await findPossibleDuplicates(deps.db, published.tenant.slug, duplicateProbe(v.value), m.id) : [];
  warnDuplicates(candidates, input.confirmDuplicates === true);
  const at = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const issues = await uniquenessIssues(tx, published, cols, m);
    if (issues.length) throw new EngineError('input.invalid', {}, { issues });
    await tx.update(members).set({ ...cols, updatedAt: at }).where(eq(members.id, m.id));
    await writeAudit(tx, {
      tenant: published.tenant.slug,
      at,
      actor: input.actor,
      action: 'member.updated',
      target: { type: 'member', id: m.memberNo },
      details: { changed, ...(candidates.length ? { duplicatesAcknowledged: candidates.map((c) => c.memberNo) } : {}) },
    });
    const [row] = await tx.select().from(members).where(eq(members.id, m.id)).limit(1);
    return row!;
  });
}

/** 登録抹消: no login from now on; the data is kept for the retention period, then purged. */
export async function deregisterMember(deps: { db: Db; clock: Clock }, input: { published: PublishedTenant; member: MemberRow; reason?: unknown; actor: Actor }): Promise<MemberRow> {
  const m = input.member;
  if (m.status === 'deleted') throw new EngineError('member.deregistered', { memberNo: m.memberNo });
  const reason = typeof input.reason === 'string' ? input.reason.trim().slice(0, 500) : '';
  const at = deps.clock.now().getTime();
  const purgeAfter = at + memberFieldsOf(input.published.tenant).retentionDays * 86_400_000;
  const tenant = input.published.tenant.slug;
  return transaction(deps.db, async (tx) => {
    await tx.update(members).set({ status: 'deleted', deregisteredAt: at, purgeAfter, updatedAt: at }).where(eq(members.id, m.id));
    await endAllSessions(tx, tenant, m.id);
    await writeAudit(tx, { tenant, at, actor: input.actor, action: 'member.deregistered', target: { type: 'member', id: m.memberNo }, details: { from: m.status, purgeAfter, ...(reason ? { reason } : {}) } });
    const [row] = await tx.select().from(members).where(eq(members.id, m.id)).limit(1);
    return row!;
  });
}

/**
 * Deregistered members past their retention period lose every personal item (name, contacts,
 * profile, login id, password, LINE link, group links); the row keeps its 会員番号 so bookings
 * and the audit log that name it still resolve.
 */
export async function purgeDeregisteredMembers(db: Db, now: number): Promise<number> {
  const due = await db
    .select({ id: members.id, tenant: members.tenantSlug, memberNo: members.memberNo })
    .from(members)
    .where(and(isNotNull(members.purgeAfter), lte(members.purgeAfter, now), eq(members.status, 'deleted')));
  if (!due.length) return 0;
  await transaction(db, async (tx) => {
    for (const m of due) {
      await tx
        .update(members)
        .set({ name: null, nameKana: null, nameKey: null, phone: null, phoneKey: null, email: null, loginId: null, passwordHash: null, lineUserId: null, profileJson: '{}', groupReason: null, purgeAfter: null, updatedAt: now })
        .where(eq(members.id, m.id));
      await tx.delete(memberSessions).where(eq(memberSessions.memberId, m.id));
      await tx.delete(memberTokens).where(eq(memberTokens.memberId, m.id));
      await tx.delete(groupMembers).where(eq(groupMembers.memberId, m.id));
      await tx.delete(groupMembers).where(eq(groupMembers.groupId, m.id));
      await writeAudit(tx, { tenant: m.tenant, at: now, actor: { type: 'system' }, action: 'member.purged', target: { type: 'member', id: m.memberNo } });
    }
  });
  return due.length;
}
