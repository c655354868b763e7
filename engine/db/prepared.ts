// Cached prepared statements for hot paths (booking, counters, audit). Building
// a drizzle query and preparing it again on every call cost more than the
// transaction itself; these run on the same connection, so inside a drizzle
// transaction they take part in it.
import type Database from 'better-sqlite3';
import type { Db } from './index';

type Statement = Database.Statement<unknown[], unknown>;
const cache = new WeakMap<Database.Database, Map<string, Statement>>();

/** The better-sqlite3 connection behind a drizzle database or transaction. */
export function clientOf(db: object): Database.Database {
  const client = (db as Partial<Db>).$client ?? (db as { session?: { client?: Database.Database } }).session?.client;
  // drizzle's transaction object keeps the connection on its session (not public API): fail loudly if that changes.
  if (!client || typeof client.prepare !== 'function') throw new Error('clientOf: no better-sqlite3 connection found');
  return client;
}

export function prepared(db: object, sqlText: string): Statement {
  const client = clientOf(db);
  let stmts = cache.get(client);
  if (!stmts) cache.set(client, (stmts = new Map()));
  let s = stmts.get(sqlText);
  if (!s) stmts.set(sqlText, (s = client.prepare(sqlText)));
  return s;
}
