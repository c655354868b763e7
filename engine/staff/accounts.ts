// Use cases on staff accounts (操作職員権限設定). Each change is one transaction
// with its audit row; passwords are never written to the audit log.
import { and, asc, eq } from 'drizzle-orm';
import { endSessionsOf } from '../auth/staff-session';
import { hashPassword, verifyPassword } from '../auth/password';
import { writeAudit, type Actor, type Tx } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { transaction, type Db } from '../db';
import type { LoginThrottle } from '../http/middleware/rate-limit';
import { staffAccounts } from '../db/schema';
import { readAccountFields, type AccountFields } from './account-input';
import { checkPassword, generatePassword } from './passwords';
import { ROLE_LABELS, type Role, type StaffPrincipal } from './roles';
import './messages';

export type StaffRow = typeof staffAccounts.$inferSelect;

export interface StaffView extends AccountFields {
  roleLabel: string;
  mustChangePassword: boolean;
  createdAt: number;
  updatedAt: number;
}

export function toStaffView(r: StaffRow): StaffView {
  return {
    loginId: r.loginId,
    name: r.name,
    email: r.email,
    organization: r.organization,
    role: r.role,
    roleLabel: ROLE_LABELS[r.role].ja,
    scope: r.role === 'system-admin' ? ['*'] : (JSON.parse(r.scopeJson) as string[]),
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    suspended: r.suspended,
    mustChangePassword: r.mustChangePassword,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export async function listStaff(db: Db, tenant: string): Promise<StaffView[]> {
  const rows = await db.select().from(staffAccounts).where(eq(staffAccounts.tenantSlug, tenant)).orderBy(asc(staffAccounts.loginId));
  return rows.map(toStaffView);
}

export async function findStaff(db: Db | Tx, tenant: string, loginId: string): Promise<StaffRow> {
  const [row] = await db
    .select()
    .from(staffAccounts)
    .where(and(eq(staffAccounts.tenantSlug, tenant), eq(staffAccounts.loginId, loginId)))
    .limit(1);
  if (!row) throw new EngineError('staff.not_found', { loginId });
  return row;
}

export interface CreateStaffInput {
  published: PublishedTenant;
  actor: Actor;
  body: Record<string, unknown>;
}

/** Creates an account; without a password in the body, a temporary one is generated and returned once. */
export async function createStaff(deps: { db: Db; clock: Clock }, input: CreateStaffInput): Promise<{ staff: StaffView; temporaryPassword?: string }> {
  const f = readAccountFields(input.body, input.published, 'create') as AccountFields;
  const given = input.body.password;
  const password = given === undefined || given === '' ? generatePassword() : checkPassword(given, '/password', { loginId: f.loginId });
  const temporary = given === undefined || given === '' || input.body.temporary !== false;
  const hash = await hashPassword(password);
  const tenant = input.published.tenant.slug;
  const at = deps.clock.now().getTime();
  const row = await transaction(deps.db, async (tx) => {
    const [taken] = await tx
      .select({ id: staffAccounts.id })
      .from(staffAccounts)
      .where(and(eq(staffAccounts.tenantSlug, tenant), eq(staffAccounts.loginId, f.loginId)))
      .limit(1);
    if (taken) throw new EngineError('staff.login_taken', { loginId: f.loginId });
    const [created] = await tx
      .insert(staffAccounts)
      .values({ tenantSlug: tenant, ...fieldsToRow(f), passwordHash: hash, mustChangePassword: temporary, createdAt: at, updatedAt: at })
      .returning();
    await writeAudit(tx, { tenant, at, actor: input.actor, action: 'staff.created', target: { type: 'staff', id: f.loginId }, details: { role: f.role, scope: f.scope, temporaryPassword: temporary } });
    return created;
  });
  return { staff: toStaffView(row), ...(given === undefined || given === '' ? { temporaryPassword: password } : {}) };
}

function fieldsToRow(f: Partial<AccountFields>) {
  const { scope, ...rest } = f;
  return { ...rest, ...(scope ? { scopeJson: JSON.stringify(scope) } : {}) } as Partial<Omit<StaffRow, 'id'>> & { loginId: string; name: string; role: Role };
}

/** Would the tenant still have an active system administrator after this account becomes `next`? */
async function keepsAnAdmin(tx: Tx, tenant: string, id: number, next: { role: Role; suspended: boolean }): Promise<boolean> {
  if (next.role === 'system-admin' && !next.suspended) return true;
  const admins = await tx.select().from(staffAccounts).where(and(eq(staffAccounts.tenantSlug, tenant), eq(staffAccounts.role, 'system-admin'), eq(staffAccounts.suspended, false)));
  return admins.some((a) => a.id !== id);
}

export function updateStaff(deps: { db: Db; clock: Clock }, input: { published: PublishedTenant; actor: Actor; loginId: string; body: Record<string, unknown> }): Promise<StaffView> {
  const tenant = input.published.tenant.slug;
  const at = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const row = await findStaff(tx, tenant, input.loginId);
    const current = toStaffView(row);
    const patch = readAccountFields(input.body, input.published, 'update', current);
    const next = { role: patch.role ?? row.role, suspended: patch.suspended ?? row.suspended };
    if (!(await keepsAnAdmin(tx, tenant, row.id, next))) throw new EngineError('staff.last_admin');
    await tx.update(staffAccounts).set({ ...fieldsToRow(patch), updatedAt: at }).where(eq(staffAccounts.id, row.id));
    if (next.suspended && !row.suspended) await endSessionsOf(tx, row.id);
    const changed = Object.keys(patch).filter((k) => JSON.stringify(patch[k as keyof AccountFields]) !== JSON.stringify(current[k as keyof AccountFields]));
    await writeAudit(tx, {
      tenant,
      at,
      actor: input.actor,
      action: next.suspended && !row.suspended ? 'staff.suspended' : 'staff.updated',
      target: { type: 'staff', id: row.loginId },
      details: { changed, role: next.role, scope: patch.scope ?? current.scope, suspended: next.suspended, validFrom: patch.validFrom ?? current.validFrom, validUntil: patch.validUntil ?? current.validUntil },
    });
    const [updated] = await tx.select().from(staffAccounts).where(eq(staffAccounts.id, row.id)).limit(1);
    return toStaffView(updated);
  });
}

/** An administrator sets a new temporary password (given or generated); the account's sessions end. */
export async function resetStaffPassword(
  deps: { db: Db; clock: Clock },
  input: { tenant: string; actor: Actor; loginId: string; password?: unknown },
): Promise<{ temporaryPassword?: string }> {
  const row = await findStaff(deps.db, input.tenant, input.loginId);
  const generated = input.password === undefined || input.password === '';
  const password = generated ? generatePassword() : checkPassword(input.password, '/password', { loginId: row.loginId });
  const hash = await hashPassword(password);
  const at = deps.clock.now().getTime();
  await transaction(deps.db, async (tx) => {
    await tx.update(staffAccounts).set({ passwordHash: hash, mustChangePassword: true, updatedAt: at }).where(eq(staffAccounts.id, row.id));
    await endSessionsOf(tx, row.id);
    await writeAudit(tx, { tenant: input.tenant, at, actor: input.actor, action: 'staff.password_reset', target: { type: 'staff', id: row.loginId } });
  });
  return generated ? { temporaryPassword: password } : {};
}

/** The signed-in person changes their own password (required after a temporary one). */
export async function changeOwnPassword(deps: { db: Db; clock: Clock; logins: LoginThrottle }, staff: StaffPrincipal, ip: string, current: unknown, next: unknown): Promise<void> {
  const row = await findStaff(deps.db, staff.tenant, staff.loginId);
  // The current password is a login attempt: a stolen session must not become an unthrottled guessing oracle.
  const ticket = await deps.logins.begin(`staff|${staff.tenant}`, staff.loginId, ip, deps.clock.now().getTime());
  const currentText = typeof current === 'string' ? current : undefined;
  let ok: boolean;
  try {
    ok = currentText !== undefined && (await verifyPassword(currentText, row.passwordHash));
  } catch (e) {
    await ticket.cancelled();
    throw e;
  }
  if (!ok) {
    await writeAudit(deps.db, { tenant: staff.tenant, at: deps.clock.now().getTime(), actor: { type: 'staff', id: staff.loginId, ip }, action: 'staff.password_change_failed', target: { type: 'staff', id: staff.loginId }, details: { reason: 'wrong_password' } });
    throw new EngineError('staff.wrong_password');
  }
  await ticket.succeeded();
  const password = checkPassword(next, '/newPassword', { loginId: row.loginId, current: currentText });
  const hash = await hashPassword(password);
  const at = deps.clock.now().getTime();
  await transaction(deps.db, async (tx) => {
    await tx.update(staffAccounts).set({ passwordHash: hash, mustChangePassword: false, updatedAt: at }).where(eq(staffAccounts.id, row.id));
    await endSessionsOf(tx, row.id, staff.sessionHash);
    await writeAudit(tx, { tenant: staff.tenant, at, actor: { type: 'staff', id: staff.loginId, ip }, action: 'staff.password_changed', target: { type: 'staff', id: staff.loginId } });
  });
}
