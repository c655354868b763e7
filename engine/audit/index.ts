// Append-only audit trail. Every use case writes its row inside its own
// transaction, so a state change and its audit row commit together or not at all.
import type { Db } from '../db';
import { auditLog } from '../db/schema';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

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

export function writeAudit(tx: Tx | Db, e: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      tenantSlug: e.tenant,
      at: e.at,
      actorType: e.actor.type,
      actorId: e.actor.id ?? null,
      action: e.action,
      targetType: e.target?.type ?? null,
      targetId: e.target?.id ?? null,
      ip: e.actor.ip ?? null,
      detailsJson: JSON.stringify(e.details ?? {}),
    })
    .run();
}
