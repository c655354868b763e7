// Use case: a member changes their registered details (登録情報の変更). Display-only
// items (管理ID and others staff keep) are not the resident's to change and are kept.
import { and, eq, ne } from 'drizzle-orm';
import { writeAudit } from '../audit';
import type { MemberRow } from '../auth/member-session';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { makeIssue } from '../core/messages';
import { transaction, type Db } from '../db';
import { members } from '../db/schema';
import { answersOfMember, columnsFromAnswers, editableColumns, memberFieldsOf, modesOf } from './fields';
import { findByEmail } from './identify';
import './messages';

export interface ProfileInput {
  published: PublishedTenant;
  member: MemberRow;
  answers: unknown;
  ip?: string;
}

export async function updateProfile(deps: { db: Db; clock: Clock }, input: ProfileInput): Promise<MemberRow> {
  const tenant = input.published.tenant;
  const mf = memberFieldsOf(tenant);
  const form = mf.form(input.member.kind);
  const v = form.validate(input.answers, 'resident');
  if (!v.ok) throw new EngineError('input.invalid', {}, { issues: v.issues });
  const editable = new Set(form.fields.map((f) => f.id));
  const current = answersOfMember(input.member);
  // Everything the resident cannot edit here (display-only items, staff notes) stays as it was.
  const kept = Object.fromEntries(Object.entries(JSON.parse(input.member.profileJson) as Record<string, unknown>).filter(([k]) => !editable.has(k)));
  const cols = columnsFromAnswers(v.value, kept);
  const slug = tenant.slug;
  const at = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    if (cols.loginId && cols.loginId !== input.member.loginId) {
      const [taken] = await tx.select({ id: members.id }).from(members).where(and(eq(members.tenantSlug, slug), eq(members.loginId, cols.loginId), ne(members.id, input.member.id))).limit(1);
      if (taken) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/answers/loginId', 'member.login_id_taken')] });
    }
    if (modesOf(tenant).loginId === 'email' && cols.email && cols.email !== input.member.email) {
      const other = await findByEmail(tx, slug, cols.email);
      if (other && other.id !== input.member.id) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/answers/email', 'member.email_taken')] });
    }
    // Items the form does not offer keep their column values.
    const set = editableColumns(cols, editable);
    await tx.update(members).set({ ...set, updatedAt: at }).where(eq(members.id, input.member.id));
    const changed = [...editable].filter((k) => JSON.stringify(current[k]) !== JSON.stringify(v.value[k]));
    await writeAudit(tx, {
      tenant: slug,
      at,
      actor: { type: 'member', id: input.member.id, ...(input.ip ? { ip: input.ip } : {}) },
      action: 'member.profile_updated',
      target: { type: 'member', id: input.member.id },
      details: { changed },
    });
    const [row] = await tx.select().from(members).where(eq(members.id, input.member.id)).limit(1);
    return row!;
  });
}
