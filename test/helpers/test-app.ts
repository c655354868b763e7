// A fresh in-memory engine for integration tests: blocks → published version → app.
import { registry as defaultRegistry } from '../../blocks';
import type { BlockRegistry } from '../../engine/core/registry';
import { createFixedClock } from '../../engine/core/clock';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import type { PublishedTenant } from '../../engine/config/tenant';
import { openDb } from '../../engine/db';
import { createApp } from '../../engine/http/app';
import type { Logger } from '../../engine/http/context';

export const silentLogger: Logger & { errors: unknown[] } = {
  errors: [],
  info: () => {},
  error(msg, fields) {
    this.errors.push({ msg, ...fields });
  },
};

export async function createTestApp(blocks: unknown[], opts: { now?: string; slug?: string; registry?: BlockRegistry; env?: Record<string, string | undefined> } = {}) {
  const registry = opts.registry ?? defaultRegistry;
  const slug = opts.slug ?? 'test-town';
  const clock = createFixedClock(opts.now ?? '2026-12-01T00:00:00Z');
  const loaded = loadTenantBlocks(slug, blocks, registry);
  if (!loaded.tenant) throw new Error(`test tenant does not load: ${JSON.stringify(loaded.issues, null, 2)}`);
  const db = openDb(':memory:');
  const v = await publishVersion(db, loaded.tenant, { source: 'folder', clock });
  const published: PublishedTenant = { versionId: v.id, seq: v.seq, tenant: loaded.tenant };
  const tenants = createTenantStore([published]);
  const app = createApp({ registry, db, clock, tenants, logger: silentLogger, ...(opts.env ? { env: opts.env } : {}) });
  const json = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as any) : undefined };
  };
  return { app, db, clock, published, tenants, json, slug };
}
