import type { Tx } from '../audit';
import { prepared } from '../db/prepared';

/** 受付番号: a per-tenant sequence, short enough to read out over the phone. */
export function nextReceiptNo(tx: Tx, tenant: string): string {
  const row = prepared(tx, 'INSERT INTO receipt_sequences (tenant_slug, next) VALUES (?, 1) ON CONFLICT (tenant_slug) DO UPDATE SET next = next + 1 RETURNING next').get(tenant) as { next: number };
  return String(row.next);
}
