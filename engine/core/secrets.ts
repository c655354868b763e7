// Keys the engine makes for itself, one per (tenant, purpose), created on first use and
// kept in the database (README: Check-in by QR code). INSERT … ON CONFLICT DO NOTHING then SELECT: two
// servers creating one at once agree on the row that won.
import { randomBytes } from 'node:crypto';
import { inTransaction, sqlGet, sqlRun, type Db } from '../db';
import type { Tx } from '../audit';

const cache = new WeakMap<object, Map<string, string>>();

export async function tenantSecret(db: Db | Tx, tenant: string, purpose: string, now: number): Promise<string> {
  // Per database (a transaction is the same object), so a transaction and its database share what was read.
  let known = cache.get(db);
  if (!known) cache.set(db, (known = new Map()));
  const k = `${tenant}\u0000${purpose}`;
  const hit = known.get(k);
  if (hit) return hit;
  await sqlRun(db, 'INSERT INTO tenant_secrets (tenant_slug, purpose, secret, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [tenant, purpose, randomBytes(32).toString('base64url'), now]);
  const row = (await sqlGet<{ secret: string }>(db, 'SELECT secret FROM tenant_secrets WHERE tenant_slug = ? AND purpose = ?', [tenant, purpose]))!;
  // A key made inside a transaction may yet be rolled back: remember it only once committed.
  if (!inTransaction(db)) known.set(k, row.secret);
  return row.secret;
}
