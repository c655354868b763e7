import type { Tx } from '../audit';
import { sqlGet } from '../db';

/** 受付番号: a per-tenant sequence, short enough to read out over the phone. */
export async function nextReceiptNo(tx: Tx, tenant: string): Promise<string> {
  const row = await sqlGet<{ next: number }>(tx, 'INSERT INTO receipt_sequences (tenant_slug, next) VALUES (?, 1) ON CONFLICT (tenant_slug) DO UPDATE SET next = receipt_sequences.next + 1 RETURNING next', [tenant]);
  return String(row!.next);
}
