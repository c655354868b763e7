import { sql } from 'drizzle-orm';
import type { Tx } from '../audit';

/** 受付番号: a per-tenant sequence, short enough to read out over the phone. */
export function nextReceiptNo(tx: Tx, tenant: string): string {
  const row = tx.get<{ next: number }>(sql`INSERT INTO receipt_sequences (tenant_slug, next) VALUES (${tenant}, 1)
    ON CONFLICT (tenant_slug) DO UPDATE SET next = next + 1 RETURNING next`);
  return String(row.next);
}
