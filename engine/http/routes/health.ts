// /healthz for load balancers and monitoring: 200 only when the database can
// take a write (engine/db/storage.ts explains how that is checked without writing).
import { Hono } from 'hono';
import { EngineError } from '../../core/errors';
import { sqliteClient } from '../../db';
import { STORAGE_RETRY_AFTER_SECONDS, storageProblem } from '../../db/storage';
import type { AppEnv } from '../context';

export const healthRoutes = new Hono<AppEnv>().get('/healthz', (c) => {
  const { db, clock, tenants } = c.get('deps');
  const problem = storageProblem(sqliteClient(db), clock.now().getTime());
  if (problem) {
    c.header('Retry-After', String(STORAGE_RETRY_AFTER_SECONDS));
    throw new EngineError('storage.unavailable', { reason: problem });
  }
  return c.json({ status: 'ok', tenants: tenants.slugs() });
});
