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
import { isPostgres } from './dialect';
import { keepAsTemplate, openFromTemplate, openPg } from './open-pg';
import { storeOfTx, type Isolation, type PgStore } from './pg';
import { SqliteStore, type RunResult } from './sqlite';
import { assertWritable } from './storage';

const STORE = Symbol('store');
type Store = SqliteStore | PgStore;

/**
 * A database (or an open transaction: the same type). drizzle's own
 * transaction() is left out: transactions go through transaction() below, which
 * keeps the connection's ownership and the group commit right. The types are
 * SQLite's; on PostgreSQL the same calls run through drizzle's PostgreSQL dialect.
 */
export type Db = Omit<SqliteRemoteDatabase<typeof schema>, 'transaction' | 'batch'> & { readonly [STORE]?: Store };

export const DEFAULT_DATABASE_PATH = './data/engine.db';
const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenDbOptions {
  /** Opens the connection (tests inject a read-only one; the real path and flags otherwise). */
  open?: (path: string) => Database.Database;
}

const drops = new WeakMap<Store, () => Promise<void>>();

/**
 * Opens the database: PostgreSQL when DATABASE_URL says so (the file path then
 * only names a test database, see open-pg.ts), otherwise the SQLite file.
 */
export function openDb(path: string = process.env.DATABASE_PATH ?? DEFAULT_DATABASE_PATH, opts: OpenDbOptions = {}): Db {
  if (isPostgres) {
    const { store, dropOnClose } = openPg(process.env.DATABASE_URL!, schema, path);
    if (dropOnClose) drops.set(store, dropOnClose);
    const db = store.root as unknown as Db;
    Object.defineProperty(db, STORE, { value: store });
    return db;
  }
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

function storeOf(db: Db): Store {
  const s = db[STORE] ?? storeOfTx(db);
  if (!s) throw new Error('storage: not a database opened by openDb()');
  return s;
}

/** Which database `db` is on. */
export function dialectOf(db: Db): 'sqlite' | 'postgresql' {
  return storeOf(db).dialect;
}

/** The SQLite connection, for what only SQLite has (health probe, a streaming reader, tests). */
export function sqliteClient(db: Db): Database.Database {
  const s = storeOf(db);
  if (s.dialect !== 'sqlite') throw new Error('storage: this needs the SQLite database');
  return s.client;
}

/** Waits until the database can be used (PostgreSQL: created and migrated); SQLite is ready when opened. */
export async function dbReady(db: Db): Promise<void> {
  const s = storeOf(db);
  if (s.dialect === 'postgresql') await s.ready;
}

export async function closeDb(db: Db): Promise<void> {
  const s = storeOf(db);
  if (s.dialect === 'sqlite') return void s.client.close();
  await s.ready.catch(() => undefined);
  await s.close();
  await drops.get(s)?.();
}

/** A copy of a whole database, to open again and again (tests start from a prepared state). */
export type DbImage = { dialect: 'sqlite'; image: Buffer } | { dialect: 'postgresql'; template: string };

/** Closes `db` and keeps what it holds as an image; openImage() opens a fresh copy of it each time. */
export async function closeToImage(db: Db): Promise<DbImage> {
  const s = storeOf(db);
  if (s.dialect === 'sqlite') {
    const image = s.client.serialize();
    s.client.close();
    return { dialect: 'sqlite', image };
  }
  return { dialect: 'postgresql', template: await keepAsTemplate(process.env.DATABASE_URL!, s) };
}

export function openImage(img: DbImage): Db {
  if (img.dialect === 'sqlite') return openDb(':memory:', { open: () => new Database(img.image) });
  const { store, dropOnClose } = openFromTemplate(process.env.DATABASE_URL!, schema, img.template);
  drops.set(store, dropOnClose);
  const db = store.root as unknown as Db;
  Object.defineProperty(db, STORE, { value: store });
  return db;
}

export interface TransactionOptions {
  /**
   * PostgreSQL only (SQLite runs one writer at a time): 'read committed' for the
   * booking paths built on conditional updates; the default is serializable,
   * run again on a serialization failure.
   */
  isolation?: Isolation;
}

/**
 * Runs `fn` in one transaction (on SQLite BEGIN IMMEDIATE: the write lock is
 * taken first, so a read-then-write cannot be overtaken); nested calls and calls
 * inside a group-commit batch become savepoints.
 */
export function transaction<T>(db: Db, fn: (tx: Db) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  const s = storeOf(db);
  if (s.dialect === 'sqlite') return s.transaction(() => fn(db));
  return s.transaction(db, (tx) => fn(tx as unknown as Db), opts.isolation);
}

/**
 * Serialises transactions that read and then write what one key stands for (a person's quota):
 * on PostgreSQL a transaction-scoped advisory lock per key, taken in sorted order; on SQLite
 * nothing (one writer at a time already).
 */
export async function lockKeys(tx: Db, keys: readonly string[]): Promise<void> {
  const s = storeOf(tx);
  if (s.dialect === 'sqlite') return;
  for (const k of [...new Set(keys)].sort()) await s.all(tx, 'SELECT pg_advisory_xact_lock(hashtext(?))', [k]);
}

/** Whether the caller runs inside a transaction (or a group-commit batch). */
export function inTransaction(db: Db): boolean {
  return storeOf(db).owns();
}

const groups = new WeakMap<SqliteStore, GroupCommit>();

/**
 * Runs a write use case through its database's group commit; settles once its
 * work is durable. PostgreSQL groups concurrent commits itself: there the use
 * case simply runs.
 */
export function committed<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const store = storeOf(db);
  if (store.dialect !== 'sqlite') return fn();
  let g = groups.get(store);
  if (!g) groups.set(store, (g = new GroupCommit(store)));
  return g.run(fn);
}

// Raw SQL for hot paths and reports: `?` placeholders, portable SQL (no
// INSERT OR …, no json_extract), booleans bound as 1/0 on SQLite.

export function sqlGet<T>(db: Db, text: string, params: unknown[] = []): Promise<T | undefined> {
  const s = storeOf(db);
  return s.dialect === 'sqlite' ? s.get<T>(text, params) : s.get<T>(db, text, params);
}

/**
 * One statement committed on its own, not with the caller's transaction: on PostgreSQL it runs
 * on a connection of its own, so a hot row it updates (a per-tenant sequence) is not held locked
 * until the caller commits, and a caller that rolls back leaves a gap. On SQLite, where one
 * writer runs at a time anyway, it runs in the caller's transaction (no gap).
 */
export function sqlGetOwnTransaction<T>(db: Db, text: string, params: unknown[] = []): Promise<T | undefined> {
  const s = storeOf(db);
  return s.dialect === 'sqlite' ? s.get<T>(text, params) : s.getOwn<T>(text, params);
}

export function sqlAll<T>(db: Db, text: string, params: unknown[] = []): Promise<T[]> {
  const s = storeOf(db);
  return s.dialect === 'sqlite' ? s.all<T>(text, params) : s.all<T>(db, text, params);
}

/** Runs a statement; `changes` is the number of rows it wrote. Use RETURNING for generated ids. */
export async function sqlRun(db: Db, text: string, params: unknown[] = []): Promise<{ changes: number }> {
  const s = storeOf(db);
  if (s.dialect !== 'sqlite') return s.run(db, text, params);
  const r: RunResult = await s.run(text, params);
  return { changes: r.changes };
}

/** Rows written by an awaited drizzle insert/update/delete (SQLite `changes`, PostgreSQL `rowCount`). */
export function affected(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return Number(r.changes ?? r.rowCount ?? 0);
}

export { schema };
