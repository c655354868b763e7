// Publishing: validate the whole tenant, list the bookings the change would
// strand (and require confirmation if there are any), store an immutable version
// and switch the served tenant to it. Rollback republishes an earlier version's
// blocks as a new version. Every publish is audited.
import { and, eq } from 'drizzle-orm';
import { writeAudit, type Actor } from '../audit';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import type { BlockRegistry } from '../core/registry';
import { transaction, type Db } from '../db';
import { tenantDrafts, tenantVersions } from '../db/schema';
import './builder-messages';
import { diffBlocks, type BlockDiff } from './diff';
import { compileBlocks, getDraft } from './drafts';
import { bookingImpact, type ImpactedBooking } from './impact';
import type { TenantStore } from './tenant-store';
import { publishVersion, type VersionSource } from './versions';

export interface BuilderDeps {
  db: Db;
  clock: Clock;
  registry: BlockRegistry;
  tenants: TenantStore;
}

export interface PublishResult {
  version: string;
  seq: number;
  impacted: ImpactedBooking[];
  diff: BlockDiff[];
}

async function publishBlocks(
  deps: BuilderDeps,
  input: { slug: string; blocks: unknown; actor: Actor; confirm: boolean; source: VersionSource; note?: string; clearDraft: boolean },
): Promise<PublishResult> {
  const current = deps.tenants.get(input.slug);
  if (!current) throw new EngineError('tenant.not_found', { tenant: input.slug });
  const next = compileBlocks(input.slug, input.blocks, deps.registry);
  const now = deps.clock.now().getTime();
  const impacted = await bookingImpact(deps.db, next, now);
  if (impacted.length > 0 && !input.confirm) throw new EngineError('config.impact_unconfirmed', { count: impacted.length, bookings: impacted });
  const diff = diffBlocks(current.tenant.blocks, next.blocks);
  const v = await transaction(deps.db, async (tx) => {
      const v = await publishVersion(tx, next, { source: input.source, clock: deps.clock, createdBy: input.actor.id ?? 'staff', ...(input.note ? { note: input.note } : {}) });
      if (input.clearDraft) await tx.delete(tenantDrafts).where(eq(tenantDrafts.tenantSlug, input.slug));
      await writeAudit(tx, {
        tenant: input.slug,
        at: now,
        actor: input.actor,
        action: input.source === 'rollback' ? 'config.rolled_back' : 'config.published',
        target: { type: 'tenant-version', id: v.id },
        details: { from: current.versionId, changedBlocks: diff.length, impacted: impacted.map((i) => i.receiptNo), confirmed: input.confirm },
      });
      return v;
  });
  // Only after the commit: requests switch from the old compiled tenant to the new one at once.
  deps.tenants.set({ versionId: v.id, seq: v.seq, tenant: next });
  return { version: v.id, seq: v.seq, impacted, diff };
}

/** Publishes the draft (or, with `blocks`, those blocks directly: config as code). */
export async function publishDraft(deps: BuilderDeps, input: { slug: string; actor: Actor; confirm?: boolean; blocks?: unknown }): Promise<PublishResult> {
  const blocks = input.blocks ?? (await getDraft(deps.db, input.slug))?.blocks;
  if (blocks === undefined) throw new EngineError('config.no_draft');
  return publishBlocks(deps, { slug: input.slug, blocks, actor: input.actor, confirm: input.confirm === true, source: input.blocks ? 'import' : 'builder', clearDraft: input.blocks === undefined });
}

export async function rollbackTo(deps: BuilderDeps, input: { slug: string; versionId: string; actor: Actor; confirm?: boolean }): Promise<PublishResult> {
  const [row] = await deps.db.select().from(tenantVersions).where(and(eq(tenantVersions.tenantSlug, input.slug), eq(tenantVersions.id, input.versionId))).limit(1);
  if (!row) throw new EngineError('config.version_not_found', { version: input.versionId });
  return publishBlocks(deps, {
    slug: input.slug,
    blocks: JSON.parse(row.blocksJson) as unknown,
    actor: input.actor,
    confirm: input.confirm === true,
    source: 'rollback',
    note: `rollback to ${row.id}`,
    clearDraft: false,
  });
}

export async function diffVersions(db: Db, slug: string, a: string, b: string): Promise<BlockDiff[]> {
  const load = async (id: string) => {
    const [row] = await db.select().from(tenantVersions).where(and(eq(tenantVersions.tenantSlug, slug), eq(tenantVersions.id, id))).limit(1);
    if (!row) throw new EngineError('config.version_not_found', { version: id });
    return JSON.parse(row.blocksJson) as import('../core/block').RawBlock[];
  };
  return diffBlocks(await load(a), await load(b));
}
