// Use case: a member logs in (and out). Unknown identifiers and wrong passwords
// get the same error and the same work (a scrypt verification against a dummy
// hash), so the answer does not tell which accounts exist. The route rate-limits.
import { writeAudit } from '../audit';
import { endSession, startSession, type MemberRow } from '../auth/member-session';
import { verifyPassword } from '../auth/password';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { transaction, type Db } from '../db';
import { modesOf } from './fields';
import { findByLogin, ID_LABELS } from './identify';
import './messages';

export interface LoginInput {
  published: PublishedTenant;
  identifier: string;
  password: string;
  ip?: string;
}

export async function loginMember(deps: { db: Db; clock: Clock }, input: LoginInput): Promise<{ member: MemberRow; sessionToken: string }> {
  const tenant = input.published.tenant.slug;
  const modes = modesOf(input.published.tenant);
  if (modes.userRestriction === 'guests-only') throw new EngineError('member.features_off');
  const member = await findByLogin(deps.db, tenant, modes.loginId, input.identifier);
  const label = ID_LABELS[modes.loginId];
  if (modes.passwordCheck) {
    const ok = await verifyPassword(input.password ?? '', member?.passwordHash);
    if (!member || !ok) throw new EngineError('member.login_failed', { idLabel: label.ja, idLabelEn: label.en });
  } else if (!member) {
    throw new EngineError('member.login_id_failed', { idLabel: label.ja, idLabelEn: label.en });
  }
  const now = deps.clock.now().getTime();
  const sessionToken = await transaction(deps.db, async (tx) => {
    const token = await startSession(tx, tenant, member.id, now);
    await writeAudit(tx, { tenant, at: now, actor: { type: 'member', id: member.id, ...(input.ip ? { ip: input.ip } : {}) }, action: 'member.logged_in', target: { type: 'member', id: member.id } });
    return token;
  });
  return { member, sessionToken };
}

export async function logoutMember(deps: { db: Db; clock: Clock }, input: { tenant: string; member: MemberRow; sessionToken: string; ip?: string }): Promise<void> {
  const at = deps.clock.now().getTime();
  await transaction(deps.db, async (tx) => {
    await endSession(tx, input.sessionToken);
    await writeAudit(tx, { tenant: input.tenant, at, actor: { type: 'member', id: input.member.id, ...(input.ip ? { ip: input.ip } : {}) }, action: 'member.logged_out', target: { type: 'member', id: input.member.id } });
  });
}
