// Staff login: attempts are counted per (login id, address), per address and per
// login id (LoginThrottle) before the password is checked, each attempt is
// audited, and a session is created in the same transaction as the audit row of
// the login.
import { and, eq } from 'drizzle-orm';
import { createStaffSession, accountUsable } from '../auth/staff-session';
import { verifyPassword } from '../auth/password';
import { writeAudit } from '../audit';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { transaction, type Db } from '../db';
import { staffAccounts } from '../db/schema';
import type { LoginThrottle } from '../http/middleware/rate-limit';
import { epochToLocal } from '../schedule/time';
import './messages';

export interface LoginInput {
  tenant: string;
  timeZone: string;
  loginId: unknown;
  password: unknown;
  ip: string;
}

export interface LoginResult {
  token: string;
  loginId: string;
  mustChangePassword: boolean;
}

export async function loginStaff(deps: { db: Db; clock: Clock; logins: LoginThrottle }, input: LoginInput): Promise<LoginResult> {
  const { db, clock, logins } = deps;
  const loginId = typeof input.loginId === 'string' ? input.loginId.slice(0, 64) : '';
  const now = clock.now().getTime();
  // Counted (one conditional write per key) before the password is checked: a concurrent burst, on any
  // server, checks at most the limit's number of passwords.
  const ticket = await logins.begin(`staff|${input.tenant}`, loginId, input.ip, now);

  const [row] = loginId
    ? await db
        .select()
        .from(staffAccounts)
        .where(and(eq(staffAccounts.tenantSlug, input.tenant), eq(staffAccounts.loginId, loginId)))
        .limit(1)
    : [];
  let ok: boolean;
  try {
    // Always verify (against a dummy hash when unknown), so timing does not reveal which ids exist.
    ok = await verifyPassword(typeof input.password === 'string' ? input.password : '', row?.passwordHash);
  } catch (e) {
    await ticket.cancelled();
    throw e;
  }
  const actor = { type: 'staff' as const, id: loginId || undefined, ip: input.ip };
  const fail = async (reason: string, code: string, details: Record<string, unknown> = {}) => {
    await writeAudit(db, { tenant: input.tenant, at: now, actor, action: 'staff.login_failed', target: { type: 'staff', id: loginId }, details: { reason } });
    return new EngineError(code, details);
  };
  if (!row || !ok) throw await fail('bad_credentials', 'staff.login_failed');
  await ticket.succeeded();
  const usable = accountUsable(row, epochToLocal(now, input.timeZone).date);
  if (usable === 'suspended') throw await fail('suspended', 'staff.account_suspended');
  if (usable === 'not-valid') throw await fail('not_valid', 'staff.account_not_valid', { validFrom: row.validFrom ?? '—', validUntil: row.validUntil ?? '—' });

  const token = await transaction(db, async (tx) => {
    const t = await createStaffSession(tx, { staffId: row.id, tenant: input.tenant, ip: input.ip, now });
    await writeAudit(tx, { tenant: input.tenant, at: now, actor, action: 'staff.login', target: { type: 'staff', id: row.loginId }, details: { temporaryPassword: row.mustChangePassword } });
    return t;
  });
  return { token, loginId: row.loginId, mustChangePassword: row.mustChangePassword };
}
