// Use case: online registration (会員登録). Validates the member items of the
// chosen kind with the same validator the page runs in the browser, hashes the
// password (scrypt) before the transaction, then in one transaction: uniqueness,
// 会員番号, member row, session (the new member is logged in), audit row and the
// member.registered notification.
import { randomInt, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { MemberKind } from '../../blocks/member-fields/block';
import { hashPassword } from '../auth/password';
import { startSession } from '../auth/member-session';
import { writeAudit, type Tx } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { EngineError, type Issue } from '../core/errors';
import { makeIssue } from '../core/messages';
import { transaction, type Db } from '../db';
import { members } from '../db/schema';
import { emitMemberEvent, type NotifyDeps } from '../notify';
import { columnsFromAnswers, memberFieldsOf, modesOf } from './fields';
import { findByEmail } from './identify';
import './messages';
import { passwordIssues } from './password-rules';

export interface RegisterInput {
  published: PublishedTenant;
  kind: MemberKind;
  answers: unknown;
  password?: string;
  passwordConfirm?: string;
  ip?: string;
  /** Called (synchronously) once the input is valid, before the password is hashed: the route counts the attempt there and may throw to refuse. */
  admit?: () => void | Promise<void>;
}

export interface Registered {
  memberId: string;
  memberNo: string;
  sessionToken: string;
}

export async function registerMember(deps: { db: Db; clock: Clock } & NotifyDeps, input: RegisterInput): Promise<Registered> {
  const tenant = input.published.tenant;
  const modes = modesOf(tenant);
  if (!modes.onlineRegistration || modes.userRestriction === 'guests-only') throw new EngineError('member.registration_closed');
  const mf = memberFieldsOf(tenant);
  if (!mf.kinds.includes(input.kind)) throw new EngineError('member.kind_not_offered');
  const v = mf.form(input.kind).validate(input.answers, 'resident');
  const issues: Issue[] = v.ok ? [] : [...v.issues];
  // An optional password (only when the site does not check passwords) may be left blank.
  const usesPassword = mf.use('password') === 'required' || (mf.use('password') === 'optional' && !!input.password);
  const loginId = v.ok && typeof v.value.loginId === 'string' ? v.value.loginId : undefined;
  if (usesPassword) issues.push(...passwordIssues(input.password, input.passwordConfirm, loginId));
  if (issues.length || !v.ok) throw new EngineError('input.invalid', {}, { issues });
  await input.admit?.();
  const passwordHash = usesPassword ? await hashPassword(input.password!) : null;

  const { db, clock } = deps;
  const now = clock.now().getTime();
  const slug = tenant.slug;
  return transaction(db, async (tx) => {
    const cols = columnsFromAnswers(v.value, {});
    if (cols.loginId && (await tx.select({ id: members.id }).from(members).where(and(eq(members.tenantSlug, slug), eq(members.loginId, cols.loginId))).limit(1)).length) {
      throw new EngineError('input.invalid', {}, { issues: [makeIssue('/answers/loginId', 'member.login_id_taken')] });
    }
    if (modes.loginId === 'email' && cols.email && (await findByEmail(tx, slug, cols.email))) {
      throw new EngineError('input.invalid', {}, { issues: [makeIssue('/answers/email', 'member.email_taken')] });
    }
    const id = randomUUID();
    const memberNo = await newMemberNo(tx, slug);
    // A group is 申請中 until staff approve it (団体登録の承認).
    await tx.insert(members).values({ id, tenantSlug: slug, memberNo, kind: input.kind, passwordHash, status: 'active', ...(input.kind === 'group' ? { groupStatus: 'applied' as const } : {}), createdAt: now, updatedAt: now, ...cols });
    const sessionToken = await startSession(tx, slug, id, now);
    await writeAudit(tx, {
      tenant: slug,
      at: now,
      actor: { type: 'member', id, ...(input.ip ? { ip: input.ip } : {}) },
      action: 'member.registered',
      target: { type: 'member', id },
      details: { kind: input.kind, channel: 'web', version: input.published.versionId },
    });
    await emitMemberEvent(tx, deps, input.published, 'member.registered', { id, name: cols.name ?? '', ...(cols.loginId ? { loginId: cols.loginId } : {}), ...(cols.email ? { email: cols.email } : {}), updatedAt: now });
    return { memberId: id, memberNo, sessionToken };
  });
}

/** 会員番号: 8 random digits (read out over the phone; not guessable in sequence). */
export async function newMemberNo(tx: Tx, tenant: string): Promise<string> {
  for (;;) {
    const no = String(randomInt(10_000_000, 100_000_000));
    const [taken] = await tx.select({ id: members.id }).from(members).where(and(eq(members.tenantSlug, tenant), eq(members.memberNo, no))).limit(1);
    if (!taken) return no;
  }
}
