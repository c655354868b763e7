// Use case: the LINE user id a verified LINE Login returned logs its member in, or links
// to the member who is logged in (連携). One LINE account per member and per tenant; staff
// reset a link in the console (seed 004). Both are audited.
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../audit';
import { startSession, type MemberRow } from '../auth/member-session';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { transaction, type Db } from '../db';
import { members } from '../db/schema';
import './messages';

export type LineOutcome = { kind: 'logged-in'; member: MemberRow; sessionToken: string } | { kind: 'linked'; member: MemberRow } | { kind: 'unknown' };

export async function lineSignIn(deps: { db: Db; clock: Clock }, input: { tenant: string; sub: string; current?: MemberRow; ip?: string }): Promise<LineOutcome> {
  const now = deps.clock.now().getTime();
  return transaction(deps.db, async (tx): Promise<LineOutcome> => {
    const [holder] = await tx.select().from(members).where(and(eq(members.tenantSlug, input.tenant), eq(members.lineUserId, input.sub))).limit(1);
    const actor = (id: string) => ({ type: 'member' as const, id, ...(input.ip ? { ip: input.ip } : {}) });
    if (input.current) {
      if (holder && holder.id !== input.current.id) throw new EngineError('line.taken');
      if (holder) return { kind: 'linked', member: holder };
      if (input.current.lineUserId) throw new EngineError('line.other_linked');
      await tx.update(members).set({ lineUserId: input.sub, updatedAt: now }).where(eq(members.id, input.current.id));
      await writeAudit(tx, { tenant: input.tenant, at: now, actor: actor(input.current.id), action: 'member.line_linked', target: { type: 'member', id: input.current.memberNo } });
      return { kind: 'linked', member: { ...input.current, lineUserId: input.sub } };
    }
    if (!holder || holder.status !== 'active') return { kind: 'unknown' };
    const sessionToken = await startSession(tx, input.tenant, holder.id, now);
    await writeAudit(tx, { tenant: input.tenant, at: now, actor: actor(holder.id), action: 'member.logged_in', target: { type: 'member', id: holder.id }, details: { via: 'line' } });
    return { kind: 'logged-in', member: holder, sessionToken };
  });
}
