import { describe, expect, it } from 'vitest';
import { closeDb, openDb, sqlGet, transaction } from '../db';
import { findReplay, IDEMPOTENCY_TTL_MS, purgeExpiredKeys, storeResponse } from './idempotency';

describe('purgeExpiredKeys', () => {
  it('deletes the keys too old to be replayed and keeps the ones a retry may still use', async () => {
    const db = openDb(':memory:');
    const t0 = Date.parse('2026-12-01T00:00:00Z');
    const store = (key: string, at: number) => transaction(db, (tx) => storeResponse(tx, 'demo-city', key, `req-${key}`, { status: 201, body: { receiptNo: key } }, at));
    await store('old', t0);
    await store('edge', t0 + 1);
    await store('fresh', t0 + IDEMPOTENCY_TTL_MS - 1);
    await store('other-tenant-old', t0 - 1);
    const count = async () => Number((await sqlGet<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM idempotency_keys'))!.n);
    expect(await count()).toBe(4);

    const now = t0 + IDEMPOTENCY_TTL_MS + 1; // 'old' and the older one expired; 'edge' is exactly at the limit
    expect(await purgeExpiredKeys(db, now)).toBe(2);
    expect(await count()).toBe(2);
    expect(await findReplay(db, 'demo-city', 'edge', 'req-edge', now)).toEqual({ status: 201, body: { receiptNo: 'edge' } });
    expect(await findReplay(db, 'demo-city', 'fresh', 'req-fresh', now)).toEqual({ status: 201, body: { receiptNo: 'fresh' } });
    expect(await purgeExpiredKeys(db, now)).toBe(0);
    await closeDb(db);
  });
});
