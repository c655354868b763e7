// Recipes: the folders under examples/ are complete mini tenants. The builder
// adds a recipe's blocks (all but its site) to a draft, with ids renamed so they
// do not collide, and every reference between them rewritten through each
// kind's declared refs().
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RawBlock } from '../core/block';
import type { BlockRegistry } from '../core/registry';
import { loadTenantDir } from './load-tenant';

export interface Recipe {
  id: string;
  title: { ja: string; en: string };
  /** First paragraph of the Japanese part of the README. */
  description: string;
  blocks: RawBlock[];
}

export function listRecipes(dir: string, registry: BlockRegistry): Recipe[] {
  if (!existsSync(dir)) return [];
  const out: Recipe[] = [];
  for (const name of readdirSync(dir).sort()) {
    const folder = join(dir, name);
    if (!statSync(folder).isDirectory()) continue;
    const loaded = loadTenantDir(folder, registry, name);
    if (!loaded.tenant) continue; // the examples test keeps every recipe loadable
    const readme = existsSync(join(folder, 'README.md')) ? readFileSync(join(folder, 'README.md'), 'utf8') : '';
    const heading = /^#\s+(.+)$/m.exec(readme)?.[1] ?? name;
    const [ja, en] = heading.split(' / ');
    const description = /##\s*日本語\s*\n+([^\n]+(?:\n[^\n#-][^\n]*)*)/.exec(readme)?.[1]?.replace(/\s*\n\s*/g, '') ?? '';
    out.push({ id: name, title: { ja: ja.trim(), en: (en ?? ja).trim() }, description, blocks: loaded.tenant.blocks.filter((b) => b.kind !== 'site').map((b) => structuredClone(b)) });
  }
  return out;
}

function setPointer(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const segs = pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = target as Record<string, unknown>;
  for (const s of segs.slice(0, -1)) node = node[s] as Record<string, unknown>;
  node[segs[segs.length - 1]] = value;
}

/**
 * The recipe's blocks, renamed for this tenant: the service gets `serviceId`, the
 * others `<serviceId>-<old id>` (with -2, -3… on collision); references follow.
 */
export function instantiateRecipe(
  recipe: Recipe,
  existing: readonly RawBlock[],
  opts: { serviceId: string; title?: string },
  registry: BlockRegistry,
): RawBlock[] {
  const taken = new Set(existing.map((b) => `${b.kind}/${b.id}`));
  const rename = new Map<string, string>();
  for (const b of recipe.blocks) {
    const wanted = b.kind === 'service' && recipe.blocks.filter((x) => x.kind === 'service').length === 1 ? opts.serviceId : `${opts.serviceId}-${b.id}`;
    let id = wanted.slice(0, 63);
    for (let n = 2; taken.has(`${b.kind}/${id}`); n++) id = `${wanted.slice(0, 60)}-${n}`;
    taken.add(`${b.kind}/${id}`);
    rename.set(`${b.kind}/${b.id}`, id);
  }
  return recipe.blocks.map((b) => {
    const copy = structuredClone(b) as RawBlock;
    for (const ref of registry.get(b.kind)?.refs?.(b) ?? []) {
      const to = rename.get(`${ref.kind}/${ref.id}`);
      if (to) setPointer(copy, ref.path, to);
    }
    copy.id = rename.get(`${b.kind}/${b.id}`)!;
    if (copy.kind === 'service' && opts.title) {
      // The recipe's English title describes the recipe's own service (「2nd and 4th Tuesdays」), not this one.
      copy.title = opts.title;
      delete (copy as Record<string, unknown>).titleEn;
    }
    // Dated exceptions are the example's own calendar (a 2027-03-09 staff training), never the new service's.
    const exceptions = (copy as Record<string, unknown>).exceptions;
    if (copy.kind === 'calendar' && Array.isArray(exceptions)) {
      const kept = exceptions.filter((e) => !(e && typeof e === 'object' && 'date' in e));
      if (kept.length) (copy as Record<string, unknown>).exceptions = kept;
      else delete (copy as Record<string, unknown>).exceptions;
    }
    return copy;
  });
}
