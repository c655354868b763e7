// Storage: a file database with durable settings, and published tenant
// configurations as immutable versions, so a restart serves exactly what was published.
// The file settings are SQLite's own; published versions are checked on both databases.
import { isPostgres } from '../../engine/db/dialect';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import type { CompiledService } from '../../blocks/service/block';
import { loadTenantDir } from '../../engine/config/load-tenant';
import type { CompiledTenant } from '../../engine/config/tenant';
import { currentVersion, listVersions, loadPublishedTenants, syncFolderTenant } from '../../engine/config/versions';
import { createFixedClock } from '../../engine/core/clock';
import { closeDb, type Db, DEFAULT_DATABASE_PATH, openDb, sqlGet, sqliteClient } from '../../engine/db';
import { makeTempDir, removeDir, repoRoot, runTsx } from './helpers';

const demoDir = join(repoRoot, 'tenants', 'demo-city');
let tmp: string;
const open: Db[] = [];

/** Opens the database like a (re)started server would, and remembers it so afterAll closes it. */
function reopen(path?: string): Db {
  const db = openDb(path);
  open.push(db);
  return db;
}
async function close(db: Db) {
  open.splice(open.indexOf(db), 1);
  await closeDb(db);
}

function loadDemo(dir = demoDir): CompiledTenant {
  const r = loadTenantDir(dir, registry, 'demo-city');
  if (!r.tenant) throw new Error(`${dir} does not load:\n${r.issues.map((i) => `${i.file}:${i.path}: ${i.code}`).join('\n')}`);
  return r.tenant;
}

const pragmas = (db: Db) => ({
  journal_mode: sqliteClient(db).pragma('journal_mode', { simple: true }),
  synchronous: sqliteClient(db).pragma('synchronous', { simple: true }),
  foreign_keys: sqliteClient(db).pragma('foreign_keys', { simple: true }),
});

beforeAll(() => {
  tmp = makeTempDir('versions');
});

afterAll(async () => {
  for (const db of open.splice(0)) await closeDb(db);
  removeDir(tmp);
});

describe.skipIf(isPostgres)('openDb', () => {
  it('creates a missing file and its directories, in WAL mode with synchronous=FULL and foreign keys on', async () => {
    const path = join(tmp, 'pragmas', 'nested', 'engine.db');
    const db = reopen(path);
    expect(existsSync(path)).toBe(true);
    expect(pragmas(db)).toEqual({ journal_mode: 'wal', synchronous: 2, foreign_keys: 1 });
    // and they hold for a reopened connection too
    await close(db);
    expect(pragmas(reopen(path))).toEqual({ journal_mode: 'wal', synchronous: 2, foreign_keys: 1 });
  });

  it(':memory: (tests) keeps synchronous=FULL and enforces foreign keys', () => {
    const db = reopen(':memory:');
    expect(pragmas(db)).toMatchObject({ synchronous: 2, foreign_keys: 1 });
    const orphan = sqliteClient(db).prepare(
      "INSERT INTO tenant_versions (id, tenant_slug, seq, source, content_hash, blocks_json, created_at) VALUES ('x-v1', 'no-such-tenant', 1, 'folder', 'h', '[]', 0)",
    );
    expect(() => orphan.run()).toThrow(/FOREIGN KEY/);
  });

  it('uses DATABASE_PATH when given no path', () => {
    const path = join(tmp, 'from-env', 'engine.db');
    const before = process.env.DATABASE_PATH;
    process.env.DATABASE_PATH = path;
    try {
      reopen();
    } finally {
      if (before === undefined) delete process.env.DATABASE_PATH;
      else process.env.DATABASE_PATH = before;
    }
    expect(existsSync(path)).toBe(true);
  });

  it(`defaults to ${DEFAULT_DATABASE_PATH} below the working directory, creating ./data`, async () => {
    expect(DEFAULT_DATABASE_PATH).toBe('./data/engine.db');
    const cwd = makeTempDir('default-db');
    try {
      const probe = join(cwd, 'probe.ts');
      writeFileSync(probe, `import { closeDb, openDb } from ${JSON.stringify(join(repoRoot, 'engine', 'db', 'index.ts'))};\nvoid closeDb(openDb());\n`);
      // An undefined value removes the variable from the child's environment.
      const r = await runTsx([probe], { cwd, env: { DATABASE_PATH: undefined } });
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(join(cwd, 'data', 'engine.db'))).toBe(true);
    } finally {
      removeDir(cwd);
    }
  });
});

describe('published tenant versions', () => {
  const clock = createFixedClock('2026-12-01T00:00:00Z');
  let dbPath: string;
  let demo: CompiledTenant;
  let first: Awaited<ReturnType<typeof syncFolderTenant>>;
  let v1Row: unknown;
  const rowOf = (db: Db, id: string) => sqlGet(db, 'SELECT * FROM tenant_versions WHERE id = ?', [id]);
  const countVersions = async (db: Db) => Number((await sqlGet<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM tenant_versions'))!.n);

  beforeAll(async () => {
    dbPath = join(tmp, 'versions', 'engine.db');
    demo = loadDemo();
    const db = reopen(dbPath);
    first = await syncFolderTenant(db, demo, clock);
    v1Row = await rowOf(db, 'demo-city-v1');
    await close(db); // "stop the server"
  });

  it('publishes the folder as version 1', () => {
    expect(first).toEqual({ id: 'demo-city-v1', seq: 1, published: true });
    expect(v1Row).toMatchObject({ tenant_slug: 'demo-city', seq: 1, source: 'folder', content_hash: demo.contentHash, created_at: clock.now().getTime() });
    expect(JSON.parse((v1Row as { blocks_json: string }).blocks_json)).toEqual(demo.blocks);
  });

  it('after a restart, serves exactly the published version', async () => {
    const db = reopen(dbPath);
    const published = await loadPublishedTenants(db, registry);
    expect(published.map((p) => [p.tenant.slug, p.versionId, p.seq])).toEqual([['demo-city', 'demo-city-v1', 1]]);
    expect(published[0].tenant.contentHash).toBe(demo.contentHash);
    expect(published[0].tenant.blocks).toEqual(demo.blocks);
    expect(published[0].tenant.list('service').map((s) => s.id)).toEqual(demo.list('service').map((s) => s.id));
    await close(db);
  });

  it('syncing the unchanged folder again publishes nothing', async () => {
    const db = reopen(dbPath);
    expect(await syncFolderTenant(db, loadDemo(), clock)).toEqual({ id: 'demo-city-v1', seq: 1, published: false });
    expect(await countVersions(db)).toBe(1);
    await close(db);
  });

  it('syncing a changed folder publishes version 2 and makes it current; version 1 is never rewritten', async () => {
    const copy = join(tmp, 'changed', 'demo-city');
    cpSync(demoDir, copy, { recursive: true });
    const file = join(copy, 'card-pickup', 'service.json');
    const service = JSON.parse(readFileSync(file, 'utf8'));
    service.title = '交付予約（改訂版）';
    writeFileSync(file, JSON.stringify(service, null, 2));
    const changed = loadDemo(copy);
    expect(changed.contentHash).not.toBe(demo.contentHash);

    clock.advance(60_000);
    let db = reopen(dbPath);
    expect(await syncFolderTenant(db, changed, clock)).toEqual({ id: 'demo-city-v2', seq: 2, published: true });
    expect((await currentVersion(db, 'demo-city'))?.id).toBe('demo-city-v2');
    expect((await listVersions(db, 'demo-city')).map((v) => v.id)).toEqual(['demo-city-v2', 'demo-city-v1']);
    expect(await rowOf(db, 'demo-city-v1')).toEqual(v1Row);
    await close(db);

    db = reopen(dbPath);
    const [p] = await loadPublishedTenants(db, registry);
    expect([p.versionId, p.seq, p.tenant.contentHash]).toEqual(['demo-city-v2', 2, changed.contentHash]);
    expect(p.tenant.get('service', 'card-pickup')?.title).toBe('交付予約（改訂版）');
    expect(await rowOf(db, 'demo-city-v1')).toEqual(v1Row);
    await close(db);
  });
});
