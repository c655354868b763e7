// Keys the engine makes for itself, one per (tenant, purpose), created on first use and
// kept in the database (README: Check-in by QR code). INSERT OR IGNORE then SELECT: two
// servers creating one at once agree on the row that won.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import type { Tx } from '../audit';
import { clientOf, prepared } from '../db/prepared';

const cache = new WeakMap<object, Map<string, string>>();

export function tenantSecret(db: Db | Tx, tenant: string, purpose: string, now: number): string {
  // Per connection, so a transaction and its database share what was read.
  const client = clientOf(db);
  let known = cache.get(client);
  if (!known) cache.set(client, (known = new Map()));
  const k = `${tenant}\u0000${purpose}`;
  const hit = known.get(k);
  if (hit) return hit;
  prepared(db, 'INSERT OR IGNORE INTO tenant_secrets (tenant_slug, purpose, secret, created_at) VALUES (?, ?, ?, ?)').run(tenant, purpose, randomBytes(32).toString('base64url'), now);
  const row = prepared(db, 'SELECT secret FROM tenant_secrets WHERE tenant_slug = ? AND purpose = ?').get(tenant, purpose) as { secret: string };
  // A key made inside a transaction may yet be rolled back: remember it only once committed.
  if (!client.inTransaction) known.set(k, row.secret);
  return row.secret;
}
