// DESIGN §8: every folder in tenants/ and examples/ loads with zero issues.
// (Per-block *.valid.json / *.invalid.json fixtures are covered by runBlockContract.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { formatIssue } from '../../engine/config/issues';
import { loadTenantDir } from '../../engine/config/load-tenant';
import { loadTenantFolders } from '../../engine/config/load-folders';
import { repoRoot, tenantFolderNames } from './helpers';

const roots = ['tenants', 'examples'] as const;

/** Blocks written in a folder's *.json files, counted without the loader (a file holds one block or an array of blocks). */
function countBlocksOnDisk(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) n += countBlocksOnDisk(full);
    else if (name.endsWith('.json')) {
      const v = JSON.parse(readFileSync(full, 'utf8')) as unknown;
      n += Array.isArray(v) ? v.length : 1;
    }
  }
  return n;
}

const report = (issues: Parameters<typeof formatIssue>[0][]) => issues.map((i) => formatIssue(i, 'en')).join('\n');

describe('tenant folders', () => {
  it('tenants/ holds at least the demo tenant', () => {
    expect(tenantFolderNames(join(repoRoot, 'tenants'))).toContain('demo-city');
  });

  for (const root of roots) {
    const rootDir = join(repoRoot, root);
    const folders = tenantFolderNames(rootDir);

    describe(`${root}/`, () => {
      for (const name of folders) {
        it(`${root}/${name} loads with zero issues and keeps every block it declares`, () => {
          const dir = join(rootDir, name);
          const r = loadTenantDir(dir, registry, name);
          expect(r.issues, report(r.issues)).toEqual([]);
          expect(r.tenant?.slug).toBe(name);
          // Nothing on disk was silently skipped by the loader.
          expect(r.tenant!.blocks.length).toBe(countBlocksOnDisk(dir));
          expect(r.tenant!.list('site')).toHaveLength(1);
        });
      }

      it(`no JSON file sits directly in ${root}/ (it would never be loaded)`, () => {
        const loose = looseJsonFiles(rootDir);
        expect(loose).toEqual([]);
      });

      it(`loadTenantFolders("${root}"), as the server calls it, finds every folder and no issue`, () => {
        const r = loadTenantFolders(rootDir, registry);
        expect(r.issues, report(r.issues)).toEqual([]);
        expect(r.tenants.map((t) => t.slug)).toEqual(folders);
      });
    });
  }
});

function looseJsonFiles(root: string): string[] {
  try {
    return readdirSync(root).filter((n) => n.endsWith('.json') && statSync(join(root, n)).isFile());
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []; // examples/ may not exist yet
    throw e;
  }
}
