// /healthz for load balancers and monitoring: 200 only when the database can
// take a write (engine/db/storage.ts explains how that is checked without writing).
import { Hono } from 'hono';
import { EngineError } from '../../core/errors';
import { dialectOf, sqlGet, sqliteClient, type Db } from '../../db';
import { recentStorageFailure, STORAGE_RETRY_AFTER_SECONDS, storageErrorCode, storageProblem } from '../../db/storage';
import type { AppEnv } from '../context';

export const healthRoutes = new Hono<AppEnv>().get('/healthz', async (c) => {
  const { db, clock, tenants } = c.get('deps');
  const now = clock.now().getTime();
  const problem = dialectOf(db) === 'sqlite' ? storageProblem(sqliteClient(db), now) : await postgresProblem(db, now);
  if (problem) {
    c.header('Retry-After', String(STORAGE_RETRY_AFTER_SECONDS));
    throw new EngineError('storage.unavailable', { reason: problem });
  }
  return c.json({ status: 'ok', tenants: tenants.slugs() });
});

/** PostgreSQL: reachable, and the primary (a standby cannot take writes); no storage failure in the last minute. */
async function postgresProblem(db: Db, now: number): Promise<string | undefined> {
  try {
    const r = await sqlGet<{ standby: boolean }>(db, 'SELECT pg_is_in_recovery() AS standby');
    if (r?.standby) return 'read-only';
  } catch (e) {
    return `error: ${storageErrorCode(e) ?? (e as { code?: string }).code ?? 'unknown'}`;
  }
  return recentStorageFailure(db, now) ? 'recent-write-failure' : undefined;
}
