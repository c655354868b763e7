// Per-person console settings, e.g. the columns chosen with the gear icon.
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../audit';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { makeIssue } from '../core/messages';
import { transaction, type Db } from '../db';
import { staffPreferences } from '../db/schema';
import type { StaffPrincipal } from './roles';
import './messages';

/** Known keys and how their value is checked. */
const KEYS: Record<string, (v: unknown) => boolean> = {
  'search.columns': (v) => Array.isArray(v) && v.length <= 200 && v.every((x) => typeof x === 'string' && x.length <= 100),
};

export async function getPreferences(db: Db, staffId: number): Promise<Record<string, unknown>> {
  const rows = await db.select().from(staffPreferences).where(eq(staffPreferences.staffId, staffId));
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.valueJson)]));
}

export async function setPreference(deps: { db: Db; clock: Clock }, staff: StaffPrincipal, ip: string, key: string, value: unknown): Promise<void> {
  // Own keys only: "constructor", "toString" or "__proto__" must not reach Object.prototype.
  const check = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
  if (!check) throw new EngineError('input.invalid', { key }, { issues: [makeIssue('/key', 'staff.unknown_preference', { key })] });
  if (!check(value)) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/value', 'schema.type', { type: 'array' })] });
  const at = deps.clock.now().getTime();
  await transaction(deps.db, async (tx) => {
    const valueJson = JSON.stringify(value);
    const [existing] = await tx
      .select()
      .from(staffPreferences)
      .where(and(eq(staffPreferences.staffId, staff.id), eq(staffPreferences.key, key)))
      .limit(1);
    if (existing) await tx.update(staffPreferences).set({ valueJson, updatedAt: at }).where(and(eq(staffPreferences.staffId, staff.id), eq(staffPreferences.key, key)));
    else await tx.insert(staffPreferences).values({ staffId: staff.id, key, valueJson, updatedAt: at });
    await writeAudit(tx, { tenant: staff.tenant, at, actor: { type: 'staff', id: staff.loginId, ip }, action: 'staff.preference_saved', target: { type: 'staff', id: staff.loginId }, details: { key } });
  });
}
