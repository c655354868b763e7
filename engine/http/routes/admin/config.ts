// The no-code builder's HTTP surface (system administrators only): the tenant's
// configuration as code (GET/POST config, publish), drafts, versions with diff
// and rollback, recipes, the block schemas the editor is generated from, and a
// preview that compiles a draft in memory and writes nothing.
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { CompiledService } from '../../../../blocks/service/block';
import { compileBlocks, discardDraft, getDraft, saveDraft } from '../../../config/drafts';
import { diffVersions, publishDraft, rollbackTo, type BuilderDeps } from '../../../config/publish';
import { instantiateRecipe, listRecipes } from '../../../config/recipes';
import { reviewDraft } from '../../../config/review';
import { currentVersion, listVersions } from '../../../config/versions';
import type { RawBlock } from '../../../core/block';
import { EngineError } from '../../../core/errors';
import { makeIssue } from '../../../core/messages';
import { computeAvailability } from '../../../schedule/availability';
import { addDays, epochToLocal } from '../../../schedule/time';
import { PERMISSIONS } from '../../../staff/roles';
import { tenantTimezone } from '../../../config/tenant';
import { resolvedSchema } from '../../../config/schemas';
import { readJsonObject } from '../../body';
import { guard, staffActor, type AdminContext, type AdminEnv } from './guard';

/** Who may build and publish: システム管理者 only (a publish changes every facility). */

const recipesDir = () => process.env.RECIPES_DIR ?? fileURLToPath(new URL('../../../../examples', import.meta.url));
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function builderDeps(c: AdminContext): BuilderDeps {
  const { db, clock, tenants, registry } = c.get('deps');
  return { db, clock, tenants, registry };
}

function invalid(path: string, code: string, params: Record<string, unknown> = {}): never {
  throw new EngineError('input.invalid', {}, { issues: [makeIssue(path, code, params)] });
}

function confirmFlag(v: unknown): boolean {
  if (v === undefined || v === false) return false;
  if (v !== true) invalid('/confirm', 'schema.type', { type: 'boolean' });
  return true;
}

/** The draft's blocks, else the served version's. */
async function workingBlocks(c: AdminContext): Promise<{ blocks: RawBlock[]; draft: boolean }> {
  const slug = c.get('published').tenant.slug;
  const d = await getDraft(c.get('deps').db, slug);
  return d ? { blocks: d.blocks as RawBlock[], draft: true } : { blocks: structuredClone(c.get('published').tenant.blocks) as RawBlock[], draft: false };
}

export const configRoutes = new Hono<AdminEnv>()
  .get('/api/admin/t/:tenant/config', guard(PERMISSIONS.manageConfig), async (c) => {
    const published = c.get('published');
    if (c.req.query('draft') === '1') {
      const d = await getDraft(c.get('deps').db, published.tenant.slug);
      if (d) return c.json({ version: published.versionId, draft: true, baseVersion: d.baseVersionId, updatedAt: d.updatedAt, updatedBy: d.updatedBy, blocks: d.blocks });
    }
    return c.json({ version: published.versionId, draft: false, blocks: published.tenant.blocks });
  })
  .post('/api/admin/t/:tenant/config', guard(PERMISSIONS.manageConfig), async (c) => {
    const body = await readJsonObject(c, ['blocks']);
    const r = await saveDraft(builderDeps(c), { published: c.get('published'), blocks: body.blocks, actor: staffActor(c) });
    return c.json({ saved: true, diff: r.diff });
  })
  // What publishing the draft would change and whom it affects (the review page before 公開する).
  .get('/api/admin/t/:tenant/config/review', guard(PERMISSIONS.manageConfig), async (c) =>
    c.json(await reviewDraft(c.get('deps'), { published: c.get('published'), now: c.get('deps').clock.now().getTime() })),
  )
  .delete('/api/admin/t/:tenant/config/draft', guard(PERMISSIONS.manageConfig), async (c) => {
    await discardDraft(c.get('deps'), { slug: c.get('published').tenant.slug, actor: staffActor(c) });
    return c.body(null, 204);
  })
  .post('/api/admin/t/:tenant/publish', guard(PERMISSIONS.manageConfig), async (c) => {
    const body = await readJsonObject(c, ['confirm', 'blocks']);
    const r = await publishDraft(builderDeps(c), {
      slug: c.get('published').tenant.slug,
      actor: staffActor(c),
      confirm: confirmFlag(body.confirm),
      ...(body.blocks !== undefined ? { blocks: body.blocks } : {}),
    });
    return c.json({ version: r.version, seq: r.seq, impacted: r.impacted, diff: r.diff });
  })
  .get('/api/admin/t/:tenant/versions', guard(PERMISSIONS.manageConfig), async (c) => {
    const slug = c.get('published').tenant.slug;
    const current = (await currentVersion(c.get('deps').db, slug))?.id ?? c.get('published').versionId;
    return c.json({
      current,
      versions: (await listVersions(c.get('deps').db, slug)).map((v) => ({ id: v.id, seq: v.seq, source: v.source, createdAt: v.createdAt, createdBy: v.createdBy, blocks: v.blocks.length, current: v.id === current })),
    });
  })
  .get('/api/admin/t/:tenant/versions/diff', guard(PERMISSIONS.manageConfig), async (c) => {
    const a = c.req.query('a') ?? '';
    const b = c.req.query('b') ?? '';
    if (!a) invalid('/a', 'schema.required', { property: 'a' });
    if (!b) invalid('/b', 'schema.required', { property: 'b' });
    return c.json({ a, b, diff: await diffVersions(c.get('deps').db, c.get('published').tenant.slug, a, b) });
  })
  .post('/api/admin/t/:tenant/versions/:id/rollback', guard(PERMISSIONS.manageConfig), async (c) => {
    const body = await readJsonObject(c, ['confirm']);
    const r = await rollbackTo(builderDeps(c), { slug: c.get('published').tenant.slug, versionId: c.req.param('id'), actor: staffActor(c), confirm: confirmFlag(body.confirm) });
    return c.json({ version: r.version, seq: r.seq, impacted: r.impacted, diff: r.diff });
  })
  .get('/api/admin/t/:tenant/recipes', guard(PERMISSIONS.manageConfig), (c) => {
    const en = c.get('lang') === 'en';
    return c.json({
      recipes: listRecipes(recipesDir(), c.get('deps').registry).map((r) => ({
        id: r.id,
        title: en ? r.title.en : r.title.ja,
        titleJa: r.title.ja,
        titleEn: r.title.en,
        description: r.description,
        blocks: r.blocks.map((b) => ({ kind: b.kind, id: b.id })),
      })),
    });
  })
  .post('/api/admin/t/:tenant/recipes/:id', guard(PERMISSIONS.manageConfig), async (c) => {
    const body = await readJsonObject(c, ['serviceId', 'title']);
    if (typeof body.serviceId !== 'string' || !ID.test(body.serviceId)) invalid('/serviceId', 'schema.pattern', { pattern: 'a-z 0-9 -' });
    if (body.title !== undefined && (typeof body.title !== 'string' || body.title.trim() === '')) invalid('/title', 'schema.type', { type: 'string' });
    const recipe = listRecipes(recipesDir(), c.get('deps').registry).find((r) => r.id === c.req.param('id'));
    if (!recipe) throw new EngineError('http.not_found');
    const working = await workingBlocks(c);
    if (working.blocks.some((b) => b.kind === 'service' && b.id === body.serviceId)) invalid('/serviceId', 'block.duplicate_id', { kind: 'service', id: body.serviceId, other: 'config' });
    const added = instantiateRecipe(recipe, working.blocks, { serviceId: body.serviceId, ...(typeof body.title === 'string' ? { title: body.title.trim() } : {}) }, c.get('deps').registry);
    const blocks = [...working.blocks, ...added];
    const r = await saveDraft(builderDeps(c), { published: c.get('published'), blocks, actor: staffActor(c) });
    return c.json({ added: added.map((b) => ({ kind: b.kind, id: b.id })), diff: r.diff }, 201);
  })
  .get('/api/admin/t/:tenant/schemas', guard(PERMISSIONS.manageConfig), (c) =>
    c.json({
      kinds: c.get('deps').registry.kinds().map((k) => ({ kind: k.kind, title: k.title.ja, titleEn: k.title.en, cardinality: k.cardinality, version: k.version, schema: resolvedSchema(k, c.get('deps').registry) })),
    }),
  )
  .post('/api/admin/t/:tenant/preview', guard(PERMISSIONS.manageConfig), async (c) => {
    const body = await readJsonObject(c, ['blocks', 'service', 'from', 'to', 'resource']);
    if (typeof body.service !== 'string') invalid('/service', 'schema.required', { property: 'service' });
    const from = body.from ?? epochToLocal(c.get('deps').clock.now().getTime(), tenantTimezone(c.get('published'))).date;
    const to = body.to ?? addDays(from as string, 6);
    if (typeof from !== 'string' || !DATE.test(from)) invalid('/from', 'schema.format', { format: 'YYYY-MM-DD' });
    if (typeof to !== 'string' || !DATE.test(to) || to < from || addDays(from, 62) < to) invalid('/to', 'schema.format', { format: 'YYYY-MM-DD' });
    // Nothing is written: the blocks are compiled in memory and usage is zero.
    const tenant = compileBlocks(c.get('published').tenant.slug, body.blocks ?? (await workingBlocks(c)).blocks, c.get('deps').registry);
    const service = tenant.get('service', body.service);
    if (!service) invalid('/service', 'block.missing_ref', { kind: 'service', id: body.service });
    const en = c.get('lang') === 'en';
    const slots = computeAvailability(service.calendar, {
      from,
      to,
      ...(typeof body.resource === 'string' ? { resource: body.resource } : {}),
      now: c.get('deps').clock.now(),
      used: () => 0,
    });
    return c.json({
      service: { id: service.id, title: en ? service.titleEn : service.title, description: en ? service.descriptionEn : service.description },
      form: { title: en ? service.form.titleEn : service.form.title, fields: service.form.fields },
      resources: service.calendar.resources.map((r) => ({ id: r.id, title: en ? r.titleEn : r.title })),
      slotMinutes: service.calendar.slotMinutes,
      from,
      to,
      slots,
    });
  });
