// The storage port. Use cases get a `Db` and write drizzle queries that they
// await (never the SQLite-only .all()/.get()/.run()), raw SQL through
// sqlGet/sqlAll/sqlRun with `?` placeholders, and group their writes with
// transaction(). openDb() opens the embedded default: one SQLite file, durable
// settings, migrations applied at start.
import Database from 'better-sqlite3';
import { drizzle as drizzleSync } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GroupCommit } from './group-commit';
import * as schema from './schema';
import { SqliteStore, type RunResult } from './sqlite';
import { assertWritable } from './storage';

const STORE = Symbol('store');

/**
 * A database (or an open transaction: the same type). drizzle's own
 * transaction() is left out: transactions go through transaction() below, which
 * keeps the connection's ownership and the group commit right.
 */
export type Db = Omit<SqliteRemoteDatabase<typeof schema>, 'transaction' | 'batch'> & { readonly [STORE]: SqliteStore };

export const DEFAULT_DATABASE_PATH = './data/engine.db';
const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenDbOptions {
  /** Opens the connection (tests inject a read-only one; the real path and flags otherwise). */
  open?: (path: string) => Database.Database;
}

export function openDb(path: string = process.env.DATABASE_PATH ?? DEFAULT_DATABASE_PATH, opts: OpenDbOptions = {}): Db {
  if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
  const sqlite = opts.open ? opts.open(path) : new Database(path);
  try {
    // Before anything else writes: a read-only database must stop the start, not every booking.
    assertWritable(sqlite, path);
  } catch (e) {
    sqlite.close();
    throw e;
  }
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  // FULL: a 2xx means the booking survives power loss, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Zero freed space: a scrubbed secret (an access key in a sent notification) must not linger in the file.
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('busy_timeout = 5000');
  migrate(drizzleSync(sqlite), { migrationsFolder });
  const store = new SqliteStore(sqlite);
  const db = drizzle(store.query, { schema }) as unknown as Db;
  Object.defineProperty(db, STORE, { value: store });
  return db;
}

function storeOf(db: Db): SqliteStore {
  const s = db[STORE];
  if (!s) throw new Error('storage: not a database opened by openDb()');
  return s;
}

/** The SQLite connection, for what only SQLite has (health probe, a streaming reader, tests). */
export function sqliteClient(db: Db): Database.Database {
  return storeOf(db).client;
}

export function closeDb(db: Db): void {
  storeOf(db).client.close();
}

/**
 * Runs `fn` in one transaction (on SQLite BEGIN IMMEDIATE: the write lock is
 * taken first, so a read-then-write cannot be overtaken); nested calls and calls
 * inside a group-commit batch become savepoints.
 */
export function transaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return storeOf(db).transaction(() => fn(db));
}

const groups = new WeakMap<SqliteStore, GroupCommit>();

/** Runs a write use case through its database's group commit; settles once its work is durable. */
export function committed<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const store = storeOf(db);
  let g = groups.get(store);
  if (!g) groups.set(store, (g = new GroupCommit(store)));
  return g.run(fn);
}

/** The group commit of a database, for its statistics (benchmarks). */
export function groupCommitOf(db: Db): GroupCommit | undefined {
  return groups.get(storeOf(db));
}

// Raw SQL for hot paths and reports: `?` placeholders, portable SQL (no
// INSERT OR …, no json_extract: see jsonText), booleans bound as 1/0.
const bind = (params: unknown[]) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

export function sqlGet<T>(db: Db, text: string, params: unknown[] = []): Promise<T | undefined> {
  return storeOf(db).get<T>(text, bind(params));
}

export function sqlAll<T>(db: Db, text: string, params: unknown[] = []): Promise<T[]> {
  return storeOf(db).all<T>(text, bind(params));
}

/** Runs a statement; `changes` is the number of rows it wrote. Use RETURNING for generated ids. */
export async function sqlRun(db: Db, text: string, params: unknown[] = []): Promise<{ changes: number }> {
  const r: RunResult = await storeOf(db).run(text, bind(params));
  return { changes: r.changes };
}

/** Rows written by an awaited drizzle insert/update/delete (SQLite `changes`, PostgreSQL `rowCount`). */
export function affected(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return Number(r.changes ?? r.rowCount ?? 0);
}

export { schema };
