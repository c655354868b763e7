import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Issue } from '../core/errors';
import type { BlockRegistry } from '../core/registry';
import { loadTenantDir } from './load-tenant';
import type { CompiledTenant } from './tenant';

/** Loads every tenant folder below root; all issues of all tenants are collected. */
export function loadTenantFolders(root: string, registry: BlockRegistry): { tenants: CompiledTenant[]; issues: Issue[] } {
  const tenants: CompiledTenant[] = [];
  const issues: Issue[] = [];
  if (!existsSync(root)) return { tenants, issues };
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory() || name.startsWith('.')) continue;
    const r = loadTenantDir(dir, registry, name);
    if (r.tenant) tenants.push(r.tenant);
    issues.push(...r.issues);
  }
  return { tenants, issues };
}
