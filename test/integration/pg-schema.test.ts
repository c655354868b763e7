// Both databases are built from one schema description (engine/db/dialect.ts):
// the PostgreSQL migrations must give the same tables, columns, nullability
// and indexes as the SQLite ones. Runs in the PostgreSQL suite (npm run test:pg).
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb, sqlAll } from '../../engine/db';
import { isPostgres } from '../../engine/db/dialect';

const sqliteFolder = fileURLToPath(new URL('../../engine/db/migrations', import.meta.url));

interface Shape {
  columns: string[];
  indexes: string[];
}

function sqliteShape(): Map<string, Shape> {
  const c = new Database(':memory:');
  migrate(drizzle(c), { migrationsFolder: sqliteFolder });
  const tables = c.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`).pluck().all() as string[];
  const out = new Map<string, Shape>();
  for (const t of tables) {
    const cols = c.prepare(`SELECT name, "notnull" AS nn, pk FROM pragma_table_info(?)`).all(t) as { name: string; nn: number; pk: number }[];
    const idx = c.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).pluck().all(t) as string[];
    out.set(t, {
      // A primary key column is NOT NULL in PostgreSQL whatever SQLite's pragma says.
      columns: cols.map((x) => `${x.name}${x.nn || x.pk ? ' not null' : ''}`).sort(),
      indexes: idx.sort(),
    });
  }
  c.close();
  return out;
}

describe.skipIf(!isPostgres)('PostgreSQL schema', () => {
  it('has the tables, columns, nullability and indexes of the SQLite schema', async () => {
    const db = openDb(':memory:');
    try {
      const cols = await sqlAll<{ t: string; c: string; n: string }>(
        db,
        `SELECT table_name AS t, column_name AS c, is_nullable AS n FROM information_schema.columns WHERE table_schema = 'public'`,
      );
      const idx = await sqlAll<{ t: string; i: string }>(
        db,
        `SELECT tablename AS t, indexname AS i FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_pk'`,
      );
      const pg = new Map<string, Shape>();
      for (const r of cols) {
        const s = pg.get(r.t) ?? pg.set(r.t, { columns: [], indexes: [] }).get(r.t)!;
        s.columns.push(`${r.c}${r.n === 'NO' ? ' not null' : ''}`);
      }
      for (const r of idx) pg.get(r.t)?.indexes.push(r.i);
      for (const s of pg.values()) {
        s.columns.sort();
        s.indexes.sort();
      }
      const lite = sqliteShape();
      expect([...pg.keys()].sort()).toEqual([...lite.keys()].sort());
      for (const [t, s] of lite) expect({ table: t, ...pg.get(t) }).toEqual({ table: t, ...s });
    } finally {
      await closeDb(db);
    }
  });
});
