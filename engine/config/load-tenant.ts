// read → migrate → validate (one ajv) → semantic check → compile.
// Reports every problem at once; compiles only when there are none.
import type { CompiledKinds, KnownKind } from '../core/kinds';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { AnyBlockKind, BlockRef, CheckContext, RawBlock } from '../core/block';
import type { Issue } from '../core/errors';
import { MAX_BLOCK_DEPTH, tooDeepAt } from '../core/json-depth';
import { makeIssue } from '../core/messages';
import type { BlockRegistry } from '../core/registry';
import { checkRule } from '../rules';
import { resolvedSchema } from './schemas';
import { ajvErrorsToIssues, createAjv } from './ajv';
import { parseJsonSource, type JsonSource } from './json-source';
import { deepFreeze, type CompiledTenant } from './tenant';

export interface SourceFile {
  file: string;
  text: string;
}

export interface LoadResult {
  tenant?: CompiledTenant;
  issues: Issue[];
}

interface Located {
  block: RawBlock;
  file: string;
  /** Pointer of the block inside its file ('' or '/3' for arrays). */
  base: string;
  source?: JsonSource;
  valid: boolean;
}

const validatorCache = new WeakMap<BlockRegistry, Map<string, ValidateFunction>>();

/** Compiles every kind's schema once per registry with one createAjv(). */
function validatorsFor(registry: BlockRegistry): Map<string, ValidateFunction> {
  let v = validatorCache.get(registry);
  if (!v) {
    const ajv = createAjv();
    v = new Map(registry.kinds().map((k) => [k.kind, ajv.compile(resolvedSchema(k, registry))]));
    validatorCache.set(registry, v);
  }
  return v;
}

/** Reads every *.json file below a tenant folder (sorted, so issue order is stable). */
export function readTenantDir(dir: string, labelRoot = process.cwd()): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json')) out.push({ file: relative(labelRoot, full) || name, text: readFileSync(full, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

export function loadTenantDir(dir: string, registry: BlockRegistry, slug = basename(dir)): LoadResult {
  return loadTenantSources(slug, readTenantDir(dir), registry);
}

export function loadTenantSources(slug: string, files: readonly SourceFile[], registry: BlockRegistry): LoadResult {
  const issues: Issue[] = [];
  const located: Located[] = [];
  for (const f of files) {
    const parsed = parseJsonSource(f.file, f.text);
    issues.push(...parsed.issues);
    if (!parsed.source) continue;
    const v = parsed.source.value;
    const list = Array.isArray(v) ? v.map((b, i) => ({ b, base: `/${i}` })) : [{ b: v, base: '' }];
    for (const { b, base } of list) located.push({ block: b as RawBlock, file: f.file, base, source: parsed.source, valid: false });
  }
  if (files.length === 0) issues.push(makeIssue('', 'tenant.empty', {}, slug));
  return loadLocated(slug, located, registry, issues);
}

/** Loads blocks that come from storage or the builder (no files): issues point into the array. */
export function loadTenantBlocks(slug: string, blocks: readonly unknown[], registry: BlockRegistry, label = 'blocks'): LoadResult {
  const located = blocks.map((b, i) => ({ block: b as RawBlock, file: label, base: `/${i}`, valid: false }));
  const issues: Issue[] = blocks.length === 0 ? [makeIssue('', 'tenant.empty', {}, label)] : [];
  return loadLocated(slug, located, registry, issues);
}

function loadLocated(slug: string, located: Located[], registry: BlockRegistry, issues: Issue[]): LoadResult {
  const validators = validatorsFor(registry);
  // Rebases an issue found inside a block onto its file and line.
  const pushIssue = (loc: Pick<Located, 'file' | 'base' | 'source'>, issue: Issue) => {
    const path = loc.base + issue.path;
    const where = loc.source?.locate(path);
    issues.push({ ...issue, file: loc.file, path, ...where });
  };
  const push = (loc: Pick<Located, 'file' | 'base' | 'source'>, path: string, code: string, params: Record<string, unknown> = {}) =>
    pushIssue(loc, makeIssue(path, code, params));

  // 1. shape, kind, migration, schema
  for (const loc of located) {
    const b = loc.block;
    if (b === null || typeof b !== 'object' || Array.isArray(b)) {
      push(loc, '', 'block.not_object');
      continue;
    }
    // Migrations, ajv, the rule checker and structuredClone all recurse: refuse depth first.
    const deep = tooDeepAt(b, MAX_BLOCK_DEPTH);
    if (deep !== undefined) {
      push(loc, deep, 'block.too_deep', { limit: MAX_BLOCK_DEPTH });
      continue;
    }
    if (typeof b.kind !== 'string') {
      push(loc, '/kind', 'block.missing_kind');
      continue;
    }
    const kind = registry.get(b.kind);
    if (!kind) {
      push(loc, '/kind', 'block.unknown_kind', { kind: b.kind, known: registry.names().join(', ') });
      continue;
    }
    const migrated = migrate(kind, b, (code, params) => push(loc, '/version', code, params));
    if (!migrated) continue;
    loc.block = migrated;
    const validate = validators.get(kind.kind)!;
    if (validate(migrated)) loc.valid = true;
    else for (const i of ajvErrorsToIssues(validate.errors)) pushIssue(loc, i);
  }

  // 2. ids unique per kind, cardinality
  const byKind = new Map<string, Map<string, Located>>();
  for (const loc of located) {
    const b = loc.block;
    if (!b || typeof b !== 'object' || typeof b.kind !== 'string' || typeof b.id !== 'string' || !registry.get(b.kind)) continue;
    const ids = byKind.get(b.kind) ?? new Map<string, Located>();
    byKind.set(b.kind, ids);
    const other = ids.get(b.id);
    if (other) push(loc, '/id', 'block.duplicate_id', { kind: b.kind, id: b.id, other: `${other.file}#${other.base || '/'}` });
    else ids.set(b.id, loc);
  }
  for (const kind of registry.kinds()) {
    const count = byKind.get(kind.kind)?.size ?? 0;
    if (kind.cardinality === 'one' && count !== 1 && located.length > 0) {
      issues.push(makeIssue('', 'block.cardinality', { kind: kind.kind, count }, slug));
    }
  }

  // 3. references and semantic checks (schema-valid blocks only: their shape is known)
  const valid = located.filter((l) => l.valid);
  // References resolve against every block with an id (an invalid block is reported once, where it is);
  // checks only see schema-valid blocks, so they can rely on their shape.
  const exists = (kind: string, id: string) => byKind.get(kind)?.has(id) ?? false;
  const find = (kind: string, id: string) => {
    const l = byKind.get(kind)?.get(id);
    return l?.valid ? l.block : undefined;
  };
  const all = (kind: string) => [...(byKind.get(kind)?.values() ?? [])].filter((l) => l.valid).map((l) => l.block);
  const refsOf = new Map<Located, BlockRef[]>();
  for (const loc of valid) {
    const kind = registry.get(loc.block.kind)!;
    const refs = kind.refs?.(loc.block) ?? [];
    refsOf.set(loc, refs);
    for (const r of refs) if (!exists(r.kind, r.id)) push(loc, r.path, 'block.missing_ref', { kind: r.kind, id: r.id });
    const ctx: CheckContext = {
      issue: (path, code, params) => push(loc, path, code, params),
      checkRule: (rule, path, variables) => {
        for (const p of checkRule(rule, variables)) push(loc, path + p.path, p.code, p.params);
      },
      find,
      all,
      behaviour: registry.behaviour(),
      tenant: { slug },
    };
    kind.check?.(loc.block, ctx);
  }

  if (issues.length > 0) return { issues };

  // 4. compile in reference order
  const site = all('site')[0] as RawBlock & { timezone?: string };
  const compiled = new Map<string, unknown>();
  const key = (kind: string, id: string) => `${kind}\u0000${id}`;
  const locOf = (kind: string, id: string) => byKind.get(kind)!.get(id)!;
  const visiting = new Set<Located>();
  const tenantFacts = { slug, timezone: site?.timezone ?? 'Asia/Tokyo' };
  const compileOne = (loc: Located, chain: string[]): void => {
    const k = key(loc.block.kind, loc.block.id);
    if (compiled.has(k)) return;
    if (visiting.has(loc)) {
      push(loc, '', 'block.ref_cycle', { cycle: [...chain, `${loc.block.kind}:${loc.block.id}`].join(' → ') });
      return;
    }
    visiting.add(loc);
    for (const r of refsOf.get(loc) ?? []) compileOne(locOf(r.kind, r.id), [...chain, `${loc.block.kind}:${loc.block.id}`]);
    visiting.delete(loc);
    if (compiled.has(k)) return;
    const kind = registry.get(loc.block.kind) as AnyBlockKind;
    try {
      compiled.set(
        k,
        kind.compile(loc.block, {
          get: <K extends KnownKind>(kd: K, id: string) => {
            const c = compiled.get(key(kd, id));
            if (c === undefined) throw new Error(`${kd} "${id}" is not compiled (declare it in refs())`);
            return c as CompiledKinds[K];
          },
          tenant: tenantFacts,
          behaviour: registry.behaviour(),
        }),
      );
    } catch (e) {
      push(loc, '', 'block.compile_failed', { reason: e instanceof Error ? e.message : String(e) });
    }
  };
  for (const loc of valid) compileOne(loc, []);
  if (issues.length > 0) return { issues };

  const blocks = valid.map((l) => l.block);
  const listCache = new Map<string, unknown[]>();
  for (const b of blocks) {
    const arr = listCache.get(b.kind) ?? [];
    arr.push(compiled.get(key(b.kind, b.id)));
    listCache.set(b.kind, arr);
  }
  for (const v of compiled.values()) deepFreeze(v);
  const tenant: CompiledTenant = Object.freeze({
    slug,
    contentHash: hashBlocks(blocks),
    blocks: deepFreeze(structuredClone(blocks)),
    get: <K extends KnownKind>(kind: K, id: string) => compiled.get(key(kind, id)) as CompiledKinds[K] | undefined,
    list: <K extends KnownKind>(kind: K) => (listCache.get(kind) ?? []) as CompiledKinds[K][],
    registry,
  });
  return { tenant, issues: [] };
}

function migrate(kind: AnyBlockKind, block: RawBlock, fail: (code: string, params: Record<string, unknown>) => void): RawBlock | undefined {
  const from = block.version ?? 1;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) return block; // the schema reports it
  if (from > kind.version) {
    fail('block.version_unsupported', { version: from, current: kind.version });
    return undefined;
  }
  let b = structuredClone(block);
  for (let v = from; v < kind.version; v++) {
    const m = kind.migrations.find((x) => x.from === v);
    if (!m) {
      fail('block.migration_failed', { reason: `no migration from version ${v}` });
      return undefined;
    }
    try {
      b = { ...m.up(b), version: v + 1 };
    } catch (e) {
      fail('block.migration_failed', { reason: `${m.name}: ${e instanceof Error ? e.message : String(e)}` });
      return undefined;
    }
  }
  if (from < kind.version) b.version = kind.version;
  return b;
}

/** Stable hash of a list of blocks (key order normalised). */
export function hashBlocks(blocks: readonly unknown[]): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]))
        : v;
  const sorted = [...blocks].map(canon).sort((a, b) => {
    const ka = `${(a as RawBlock).kind}/${(a as RawBlock).id}`;
    const kb = `${(b as RawBlock).kind}/${(b as RawBlock).id}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}
