// First start: every tenant without staff accounts gets a system administrator
// `admin`. Its password is ENGINE_ADMIN_PASSWORD, or generated and printed once;
// either way it is temporary (it must be changed at the first login): an
// environment variable lingers in shell history, unit files and process listings.
// Only the hash is stored.
import { count, eq } from 'drizzle-orm';
import { hashPassword } from '../auth/password';
import { writeAudit } from '../audit';
import type { Clock } from '../core/clock';
import { transaction, type Db } from '../db';
import { staffAccounts } from '../db/schema';
import { generatePassword } from './passwords';

export interface BootstrapResult {
  tenant: string;
  loginId: string;
  /** Set only when the password was generated: show it once, never store it. */
  generatedPassword?: string;
}

export async function ensureAdminAccounts(deps: { db: Db; clock: Clock }, tenants: readonly string[], envPassword?: string): Promise<BootstrapResult[]> {
  const created: BootstrapResult[] = [];
  for (const tenant of tenants) {
    const [counted] = await deps.db.select({ n: count() }).from(staffAccounts).where(eq(staffAccounts.tenantSlug, tenant));
    const n = counted?.n ?? 0;
    if (n > 0) continue;
    const generated = envPassword ? undefined : generatePassword(16);
    const hash = await hashPassword(envPassword ?? generated!);
    const at = deps.clock.now().getTime();
    const inserted = await transaction(deps.db, async (tx) => {
      // Re-checked under the write lock: two processes starting together create one admin.
      const [again] = await tx.select({ n: count() }).from(staffAccounts).where(eq(staffAccounts.tenantSlug, tenant));
      if ((again?.n ?? 0) > 0) return false;
      await tx
        .insert(staffAccounts)
        .values({ tenantSlug: tenant, loginId: 'admin', name: 'システム管理者', role: 'system-admin', scopeJson: '["*"]', passwordHash: hash, mustChangePassword: true, createdAt: at, updatedAt: at });
      await writeAudit(tx, { tenant, at, actor: { type: 'system' }, action: 'staff.created', target: { type: 'staff', id: 'admin' }, details: { role: 'system-admin', bootstrap: true, passwordFrom: envPassword ? 'ENGINE_ADMIN_PASSWORD' : 'generated' } });
      return true;
    });
    if (inserted) created.push({ tenant, loginId: 'admin', ...(generated ? { generatedPassword: generated } : {}) });
  }
  return created;
}
