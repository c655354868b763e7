// Idempotency-Key: the first successful response is stored in the same
// transaction as the booking and replayed for a retry with the same key.
// Only a hash of the key is stored, and the response is sealed (AES-256-GCM)
// under a key derived from it, because it carries the one-time access key.
import { createHash } from 'node:crypto';
import { lt } from 'drizzle-orm';
import type { Tx } from '../audit';
import { EngineError } from '../core/errors';
import { affected, type Db, lockKeys, sqlGet, sqlRun } from '../db';
import { idempotencyKeys } from '../db/schema';
import { deriveKey, sealText, unsealText } from '../core/seal';

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw new EngineError('idempotency.bad_key');
  return key;
}

const keyHash = (key: string) => createHash('sha256').update(`idem:${key}`).digest('hex');
const sealKey = (key: string) => deriveKey(key, 'idempotency-seal');

export function hashRequest(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

const seal = (key: string, plaintext: string) => sealText(sealKey(key), plaintext);
const unseal = (key: string, sealed: string) => unsealText(sealKey(key), sealed);

/**
 * Inside the booking's transaction, before its re-check: a second request with the same key waits
 * here until the first has committed, and then finds its response (PostgreSQL; on SQLite the
 * write lock already does this).
 */
export function lockKey(tx: Tx, tenant: string, key: string): Promise<void> {
  return lockKeys(tx, [`idempotency|${tenant}|${keyHash(key)}`]);
}

/** The stored response for this key, or undefined; a different request under the same key is refused. */
export async function findReplay(tx: Tx | Db, tenant: string, key: string, requestHash: string, now: number): Promise<StoredResponse | undefined> {
  const row = await sqlGet<{ requestHash: string; status: number; sealed: string; createdAt: number }>(
    tx,
    'SELECT request_hash AS "requestHash", status, response_sealed AS sealed, created_at AS "createdAt" FROM idempotency_keys WHERE tenant_slug = ? AND key_hash = ?',
    [tenant, keyHash(key)],
  );
  if (!row || row.createdAt < now - IDEMPOTENCY_TTL_MS) return undefined;
  if (row.requestHash !== requestHash) throw new EngineError('idempotency.key_reused');
  return { status: row.status, body: JSON.parse(unseal(key, row.sealed)) };
}

export async function storeResponse(tx: Tx, tenant: string, key: string, requestHash: string, res: StoredResponse, now: number): Promise<void> {
  // Sealed once (the key derivation is the costly part), for the insert and for replacing an expired row alike.
  await sqlRun(
    tx,
    `INSERT INTO idempotency_keys (tenant_slug, key_hash, request_hash, status, response_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_slug, key_hash) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status, response_sealed = excluded.response_sealed, created_at = excluded.created_at`,
    [tenant, keyHash(key), requestHash, res.status, seal(key, JSON.stringify(res.body)), now],
  );
}

export async function purgeExpiredKeys(db: Db, now: number): Promise<number> {
  return affected(await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS)));
}
