// The review before publishing: what the draft changes (block by block, down to
// JSON pointers, with the titles the builder words them with) and whom it affects:
// the future bookings that are still active on every service the change concerns
// (its own block, a block it uses, or a block that names it), and the bookings it
// would strand (those need confirmation, as publish itself requires).
import type { RawBlock } from '../core/block';
import { EngineError } from '../core/errors';
import type { BlockRegistry } from '../core/registry';
import { sqlAll, type Db } from '../db';
import { statusInSql } from '../booking/status';
import { diffBlocks, type BlockDiff } from './diff';
import { compileBlocks, getDraft } from './drafts';
import { bookingImpact, type ImpactedBooking } from './impact';
import type { PublishedTenant } from './tenant';

export interface AffectedService {
  service: string;
  title: string;
  /** Active bookings whose slot has not ended yet. */
  bookings: number;
  /** `kind/id` of the changed blocks that concern it. */
  because: string[];
}

export interface PublishReview {
  version: string;
  draft: { baseVersion: string | null; updatedAt: number; updatedBy: string | null };
  changes: BlockDiff[];
  /** Titles of the blocks before and after, by `kind/id`, for wording the changes. */
  titles: Record<string, string>;
  impacted: ImpactedBooking[];
  affected: AffectedService[];
}

const key = (b: { kind: string; id: string }) => `${b.kind}/${b.id}`;

export async function reviewDraft(deps: { db: Db; registry: BlockRegistry }, input: { published: PublishedTenant; now: number }): Promise<PublishReview> {
  const slug = input.published.tenant.slug;
  const draft = await getDraft(deps.db, slug);
  if (!draft) throw new EngineError('config.no_draft');
  const next = compileBlocks(slug, draft.blocks, deps.registry);
  const before = input.published.tenant.blocks;
  const changes = diffBlocks(before, next.blocks);
  const changed = new Set(changes.map(key));
  const titles: Record<string, string> = {};
  for (const b of [...before, ...next.blocks]) titles[key(b)] = typeof b.title === 'string' ? b.title : b.id;

  const refsOf = (b: RawBlock) => (deps.registry.get(b.kind)?.refs?.(b as never) ?? []).map(key);
  const all = [...before, ...next.blocks];
  const counts = new Map(
    (
      await sqlAll<{ service: string; n: number }>(deps.db, `SELECT service_id AS service, COUNT(*) AS n FROM bookings WHERE tenant_slug = ? AND slot_end > ? AND ${statusInSql('active')} GROUP BY service_id`, [slug, input.now])
    ).map((r) => [r.service, Number(r.n)]),
  );
  const affected = new Map<string, AffectedService>();
  for (const s of all.filter((b) => b.kind === 'service')) {
    const k = key(s);
    const because = new Set<string>();
    if (changed.has(k)) because.add(k);
    for (const r of refsOf(s)) if (changed.has(r)) because.add(r);
    for (const b of all) if (changed.has(key(b)) && refsOf(b).includes(k)) because.add(key(b));
    if (!because.size) continue;
    const prev = affected.get(s.id);
    affected.set(s.id, { service: s.id, title: titles[k]!, bookings: counts.get(s.id) ?? 0, because: [...new Set([...(prev?.because ?? []), ...because])].sort() });
  }
  return {
    version: input.published.versionId,
    draft: { baseVersion: draft.baseVersionId, updatedAt: draft.updatedAt, updatedBy: draft.updatedBy },
    changes,
    titles,
    impacted: await bookingImpact(deps.db, next, input.now),
    affected: [...affected.values()].sort((a, b) => a.service.localeCompare(b.service)),
  };
}
