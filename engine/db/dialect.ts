// One schema description for both databases. engine/db/schema.ts declares its
// tables with these builders; they make SQLite tables (the embedded default) or,
// when the process runs on PostgreSQL, PostgreSQL tables with the same names,
// columns and indexes. The choice is made once, at start, from DATABASE_URL
// (a process talks to one database). Types follow the SQLite builders, which
// the use cases are checked against; both dialects store the same values:
// epoch-millisecond instants and counts as 64-bit integers, text, booleans.
import { sql, type SQL } from 'drizzle-orm';
import * as pg from 'drizzle-orm/pg-core';
import * as lite from 'drizzle-orm/sqlite-core';

/** Whether this process runs on PostgreSQL (DATABASE_URL=postgres://…). */
export const isPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');
export const dialectName: 'sqlite' | 'postgresql' = isPostgres ? 'postgresql' : 'sqlite';

type IntegerOptions = { mode: 'boolean' } | undefined;

function pgInteger(name: string, opts?: IntegerOptions) {
  if (opts?.mode === 'boolean') return pg.boolean(name);
  const b = pg.bigint(name, { mode: 'number' });
  // SQLite's INTEGER PRIMARY KEY AUTOINCREMENT is an identity column in PostgreSQL.
  const primaryKey = b.primaryKey.bind(b);
  Object.assign(b, {
    primaryKey: (o?: { autoIncrement?: boolean }) => (o?.autoIncrement ? primaryKey().generatedByDefaultAsIdentity() : primaryKey()),
  });
  return b;
}

function pgText(name: string, _opts?: unknown) {
  return pg.text(name);
}

export const table = (isPostgres ? pg.pgTable : lite.sqliteTable) as unknown as typeof lite.sqliteTable;
export const integer = (isPostgres ? pgInteger : lite.integer) as unknown as typeof lite.integer;
export const text = (isPostgres ? pgText : lite.text) as unknown as typeof lite.text;
export const index = (isPostgres ? pg.index : lite.index) as unknown as typeof lite.index;
export const uniqueIndex = (isPostgres ? pg.uniqueIndex : lite.uniqueIndex) as unknown as typeof lite.uniqueIndex;
export const primaryKey = (isPostgres ? pg.primaryKey : lite.primaryKey) as unknown as typeof lite.primaryKey;

/** The current instant in epoch milliseconds, as SQL. */
export const nowMsSql: SQL = isPostgres ? sql`(floor(extract(epoch from clock_timestamp()) * 1000)::bigint)` : sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

// JSON columns are text in both databases; these write the SQL that reads into
// them. Keys are written into the SQL text (they are field ids, not input).
const liteKey = (key: string) => `'$."${key.replace(/["'\\]/g, '')}"'`;
const pgKey = (key: string) => `'${key.replace(/'/g, "''")}'`;

/** A member of a JSON object as text (numbers as their digits; true as JSON_TRUE_TEXT), or NULL. */
export function jsonText(expr: string, key: string): string {
  return isPostgres ? `((${expr})::jsonb ->> ${pgKey(key)})` : `CAST(json_extract(${expr}, ${liteKey(key)}) AS TEXT)`;
}

/** How jsonText() reads a JSON true. */
export const JSON_TRUE_TEXT = isPostgres ? 'true' : '1';

/** A subquery giving the elements of a JSON array (of `expr`, or of its member `key`) as text in a column `value`. */
export function jsonArrayValues(expr: string, key?: string): string {
  if (isPostgres) return `SELECT e.value FROM jsonb_array_elements_text((${expr})::jsonb${key === undefined ? '' : ` -> ${pgKey(key)}`}) AS e(value)`;
  return `SELECT value FROM json_each(${expr}${key === undefined ? '' : `, ${liteKey(key)}`})`;
}

/** The distinct values of `expr` in a group, joined by commas (GROUP_CONCAT on SQLite, string_agg on PostgreSQL). */
export function groupConcatDistinct(expr: string): string {
  return isPostgres ? `string_agg(DISTINCT ${expr}, ',')` : `GROUP_CONCAT(DISTINCT ${expr})`;
}
