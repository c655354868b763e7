// The builder's draft: staff edit a working copy of the tenant's blocks; it is
// validated on every save (a broken draft is refused with located issues and
// nothing is written) and becomes a version only when published.
import { eq } from 'drizzle-orm';
import { writeAudit, type Actor } from '../audit';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { makeIssue } from '../core/messages';
import type { BlockRegistry } from '../core/registry';
import { affected, transaction, type Db } from '../db';
import { tenantDrafts } from '../db/schema';
import './builder-messages';
import { diffBlocks, type BlockDiff } from './diff';
import { loadTenantBlocks } from './load-tenant';
import type { CompiledTenant, PublishedTenant } from './tenant';

export interface Draft {
  blocks: unknown[];
  baseVersionId: string | null;
  updatedAt: number;
  updatedBy: string | null;
}

export async function getDraft(db: Db, slug: string): Promise<Draft | undefined> {
  const [row] = await db.select().from(tenantDrafts).where(eq(tenantDrafts.tenantSlug, slug)).limit(1);
  return row ? { blocks: JSON.parse(row.blocksJson) as unknown[], baseVersionId: row.baseVersionId, updatedAt: row.updatedAt, updatedBy: row.updatedBy } : undefined;
}

/** Validates blocks as a whole tenant; located issues (pointers into the array) or the compiled tenant. */
export function compileBlocks(slug: string, blocks: unknown, registry: BlockRegistry): CompiledTenant {
  if (!Array.isArray(blocks)) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/blocks', 'config.not_array')] });
  const r = loadTenantBlocks(slug, blocks, registry, 'blocks');
  if (!r.tenant) throw new EngineError('config.invalid', { count: r.issues.length }, { issues: r.issues.map((i) => ({ ...i, path: `/blocks${i.path}` })) });
  return r.tenant;
}

export async function saveDraft(
  deps: { db: Db; clock: Clock; registry: BlockRegistry },
  input: { published: PublishedTenant; blocks: unknown; actor: Actor },
): Promise<{ diff: BlockDiff[] }> {
  const slug = input.published.tenant.slug;
  const compiled = compileBlocks(slug, input.blocks, deps.registry);
  const at = deps.clock.now().getTime();
  await transaction(deps.db, async (tx) => {
    await tx
      .insert(tenantDrafts)
      .values({ tenantSlug: slug, baseVersionId: input.published.versionId, blocksJson: JSON.stringify(compiled.blocks), updatedAt: at, updatedBy: input.actor.id ?? null })
      .onConflictDoUpdate({ target: tenantDrafts.tenantSlug, set: { blocksJson: JSON.stringify(compiled.blocks), updatedAt: at, updatedBy: input.actor.id ?? null } });
    await writeAudit(tx, { tenant: slug, at, actor: input.actor, action: 'config.draft_saved', target: { type: 'tenant', id: slug }, details: { blocks: compiled.blocks.length } });
  });
  return { diff: diffBlocks(input.published.tenant.blocks, compiled.blocks) };
}

export async function discardDraft(deps: { db: Db; clock: Clock }, input: { slug: string; actor: Actor }): Promise<void> {
  await transaction(deps.db, async (tx) => {
    const gone = affected(await tx.delete(tenantDrafts).where(eq(tenantDrafts.tenantSlug, input.slug)));
    if (gone === 0) throw new EngineError('config.no_draft');
    await writeAudit(tx, { tenant: input.slug, at: deps.clock.now().getTime(), actor: input.actor, action: 'config.draft_discarded', target: { type: 'tenant', id: input.slug } });
  });
}
