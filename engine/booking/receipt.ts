import type { Tx } from '../audit';
import { sqlGetOwnTransaction } from '../db';

/**
 * 受付番号: a per-tenant sequence, short enough to read out over the phone. Taken in a
 * transaction of its own (on PostgreSQL), so the tenant's sequence row is not locked until
 * the booking commits: bookings of different slots do not wait for each other, and a refused
 * or failed booking leaves a gap in the numbers (unique, not gapless).
 */
export async function nextReceiptNo(tx: Tx, tenant: string): Promise<string> {
  const row = await sqlGetOwnTransaction<{ next: number }>(tx, 'INSERT INTO receipt_sequences (tenant_slug, next) VALUES (?, 1) ON CONFLICT (tenant_slug) DO UPDATE SET next = receipt_sequences.next + 1 RETURNING next', [tenant]);
  return String(row!.next);
}
