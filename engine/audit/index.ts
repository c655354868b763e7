// Append-only audit trail. Every use case writes its row inside its own
// transaction, so a state change and its audit row commit together or not at all.
import type { Db } from '../db';
import { sqlRun } from '../db';

/** An open transaction: the same type as the database (engine/db transaction()). */
export type Tx = Db;

export type ActorType = 'resident' | 'member' | 'staff' | 'system';

export interface Actor {
  type: ActorType;
  /** member id / staff login id; absent for anonymous residents. */
  id?: string;
  ip?: string;
}

export interface AuditEntry {
  tenant: string;
  at: number;
  actor: Actor;
  /** Dotted action name: booking.confirmed, booking.cancelled, staff.login, ... */
  action: string;
  target?: { type: string; id: string };
  /** References and changes, never personal data (answers are not copied here). */
  details?: Record<string, unknown>;
}

export async function writeAudit(tx: Tx, e: AuditEntry): Promise<void> {
  await sqlRun(tx, 'INSERT INTO audit_log (tenant_slug, at, actor_type, actor_id, action, target_type, target_id, ip, details_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    e.tenant,
    e.at,
    e.actor.type,
    e.actor.id ?? null,
    e.action,
    e.target?.type ?? null,
    e.target?.id ?? null,
    e.actor.ip ?? null,
    JSON.stringify(e.details ?? {}),
  ]);
}
