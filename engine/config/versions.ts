// Published tenant configurations are immutable versions in the database, so a
// restart serves exactly what was published. The tenants/ folder is "config as
// code": at start, a folder whose content differs from the last version imported
// from it is published as a new version; otherwise the current version is kept.
import { and, desc, eq } from 'drizzle-orm';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import type { BlockRegistry } from '../core/registry';
import { transaction, type Db } from '../db';
import { tenants, tenantVersions } from '../db/schema';
import { loadTenantBlocks } from './load-tenant';
import type { CompiledTenant, PublishedTenant } from './tenant';
import type { TenantStore } from './tenant-store';

export type VersionSource = 'folder' | 'builder' | 'import' | 'rollback';

export interface StoredVersion {
  id: string;
  seq: number;
  source: VersionSource;
  contentHash: string;
  blocks: unknown[];
  createdAt: number;
  createdBy: string | null;
}

/** Stores the compiled tenant's blocks as the next version and makes it current, in one transaction. */
export async function publishVersion(
  db: Db,
  tenant: CompiledTenant,
  opts: { source: VersionSource; clock: Clock; createdBy?: string; note?: string },
): Promise<{ id: string; seq: number }> {
  const now = opts.clock.now().getTime();
  return transaction(db, async (tx) => {
      const [existing] = await tx.select().from(tenants).where(eq(tenants.slug, tenant.slug)).limit(1);
      if (!existing) await tx.insert(tenants).values({ slug: tenant.slug, createdAt: now, updatedAt: now });
      const [last] = await tx.select({ seq: tenantVersions.seq }).from(tenantVersions).where(eq(tenantVersions.tenantSlug, tenant.slug)).orderBy(desc(tenantVersions.seq)).limit(1);
      const seq = (last?.seq ?? 0) + 1;
      const id = `${tenant.slug}-v${seq}`;
      await tx
        .insert(tenantVersions)
        .values({
          id,
          tenantSlug: tenant.slug,
          seq,
          source: opts.source,
          contentHash: tenant.contentHash,
          blocksJson: JSON.stringify(tenant.blocks),
          note: opts.note ?? null,
          createdBy: opts.createdBy ?? null,
          createdAt: now,
        });
      await tx.update(tenants).set({ currentVersionId: id, updatedAt: now }).where(eq(tenants.slug, tenant.slug));
      return { id, seq };
  });
}

function toStored(row: typeof tenantVersions.$inferSelect): StoredVersion {
  return {
    id: row.id,
    seq: row.seq,
    source: row.source,
    contentHash: row.contentHash,
    blocks: JSON.parse(row.blocksJson) as unknown[],
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}

export async function currentVersion(db: Db, slug: string): Promise<StoredVersion | undefined> {
  const [t] = await db.select().from(tenants).where(eq(tenants.slug, slug)).limit(1);
  if (!t?.currentVersionId) return undefined;
  const [row] = await db.select().from(tenantVersions).where(eq(tenantVersions.id, t.currentVersionId)).limit(1);
  return row ? toStored(row) : undefined;
}

export async function listVersions(db: Db, slug: string): Promise<StoredVersion[]> {
  return (await db.select().from(tenantVersions).where(eq(tenantVersions.tenantSlug, slug)).orderBy(desc(tenantVersions.seq))).map(toStored);
}

/** Publishes the folder's tenant if it changed since it was last imported from the folder. */
export async function syncFolderTenant(db: Db, tenant: CompiledTenant, clock: Clock): Promise<{ id: string; seq: number; published: boolean }> {
  const [lastFromFolder] = await db
    .select()
    .from(tenantVersions)
    .where(and(eq(tenantVersions.tenantSlug, tenant.slug), eq(tenantVersions.source, 'folder')))
    .orderBy(desc(tenantVersions.seq))
    .limit(1);
  const current = await currentVersion(db, tenant.slug);
  if (current && lastFromFolder?.contentHash === tenant.contentHash) return { id: current.id, seq: current.seq, published: false };
  return { ...(await publishVersion(db, tenant, { source: 'folder', clock, createdBy: 'tenants/' })), published: true };
}

/** Compiles the current version of every tenant in the database. */
export async function loadPublishedTenants(db: Db, registry: BlockRegistry): Promise<PublishedTenant[]> {
  const out: PublishedTenant[] = [];
  for (const t of await db.select().from(tenants)) {
    const v = await currentVersion(db, t.slug);
    if (!v) continue;
    const r = loadTenantBlocks(t.slug, v.blocks, registry, `${v.id}`);
    if (!r.tenant) {
      // A stored version was valid when published; failing now means the engine changed incompatibly.
      throw new EngineError('config.invalid', { tenant: t.slug, version: v.id, count: r.issues.length }, { issues: r.issues });
    }
    out.push({ versionId: v.id, seq: v.seq, tenant: r.tenant });
  }
  return out;
}

/**
 * Brings `store` up to the versions the database says are current: another app server may have
 * published (the builder, a rollback). Cheap when nothing changed (one small query); a changed
 * tenant is compiled once. Returns the slugs it replaced.
 */
export async function refreshPublishedTenants(db: Db, registry: BlockRegistry, store: TenantStore): Promise<string[]> {
  const changed: string[] = [];
  for (const t of await db.select({ slug: tenants.slug, current: tenants.currentVersionId }).from(tenants)) {
    if (!t.current || store.get(t.slug)?.versionId === t.current) continue;
    const v = await currentVersion(db, t.slug);
    if (!v) continue;
    const r = loadTenantBlocks(t.slug, v.blocks, registry, `${v.id}`);
    if (!r.tenant) throw new EngineError('config.invalid', { tenant: t.slug, version: v.id, count: r.issues.length }, { issues: r.issues });
    store.set({ versionId: v.id, seq: v.seq, tenant: r.tenant });
    changed.push(t.slug);
  }
  return changed;
}
