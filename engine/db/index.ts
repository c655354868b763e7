// openDb(): one SQLite database, durable settings, migrations applied at start.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';
import { assertWritable } from './storage';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

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
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
}

export { schema };
