// The PostgreSQL side of the storage port: a node-postgres pool behind
// drizzle's PostgreSQL dialect, for operators who run several app servers on
// one database.
//
// Transactions: use cases were written for SQLite, where one writer runs at a
// time. PostgreSQL runs them concurrently, so a transaction is SERIALIZABLE by
// default and is run again when PostgreSQL reports a serialization failure or a
// deadlock (the function is database work only: running it again is safe). The
// booking paths ask for READ COMMITTED instead: their capacity check is one
// conditional UPDATE (used + n <= capacity) that PostgreSQL re-evaluates on the
// newest row version, so a rush on one slot queues on the row instead of failing
// and retrying.
import { sql, type SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import pgDriver from 'pg';

const { Pool, types } = pgDriver;

// COUNT(*) and SUM() of bigint come back as int8/numeric: numbers, as on SQLite (values stay far below 2^53).
types.setTypeParser(20, (v) => Number(v));
types.setTypeParser(1700, (v) => Number(v));

export const pgMigrationsFolder = fileURLToPath(new URL('./migrations-pg', import.meta.url));

/** Isolation of a transaction on PostgreSQL (SQLite always runs one writer at a time). */
export type Isolation = 'serializable' | 'read committed';

// 23505: a unique key another transaction inserted meanwhile; run again, the use case then finds it (an idempotent replay).
const RETRYABLE = new Set(['40001', '40P01', '23505']);
// Many transactions on the same rows at once (a draw among entries and withdrawals) may collide
// several times in a row; each retry waits a random while that grows, up to 100 ms.
const MAX_ATTEMPTS = 30;
const pgDialect = new PgDialect();

type AnyPgDb = NodePgDatabase<Record<string, unknown>>;
type PgTx = Parameters<Parameters<AnyPgDb['transaction']>[0]>[0];

interface Scope {
  open: boolean;
  tx: PgTx;
}

export class PgStore {
  readonly dialect = 'postgresql' as const;
  readonly root: AnyPgDb;
  private readonly inTx = new AsyncLocalStorage<Scope>();
  /** Set once the database exists and is migrated; every query waits for it. */
  readonly ready: Promise<void>;

  constructor(
    readonly pool: InstanceType<typeof Pool>,
    schema: Record<string, unknown>,
    /** Creates and migrates the database; gets the pool's own connect (queries wait for it). */
    prepare: (connect: () => Promise<pgDriver.PoolClient>) => Promise<void>,
  ) {
    const query = pool.query.bind(pool) as (...a: unknown[]) => Promise<unknown>;
    const connect = pool.connect.bind(pool) as () => Promise<unknown>;
    let readyDone = false;
    // A query on the pool while the caller holds a transaction would run on another connection,
    // outside it, and could wait forever on a row its own transaction locked. It runs on the
    // transaction's connection instead, as on SQLite (one connection, its owner's).
    Object.assign(pool, {
      query: async (...a: unknown[]) => {
        const cur = this.current();
        if (cur) {
          const client = (cur as unknown as { session?: { client?: { query?: (...x: unknown[]) => Promise<unknown> } } }).session?.client;
          if (!client?.query) throw new Error('storage: the database was used inside a transaction; pass the transaction (tx) instead');
          return client.query(...a);
        }
        if (!readyDone) await this.ready;
        return query(...a);
      },
      // pool.query itself checks a client out with a callback: that path has waited already.
      connect: (callback?: unknown) => {
        if (callback) return (connect as (cb: unknown) => unknown)(callback);
        return readyDone ? connect() : this.ready.then(connect);
      },
    });
    this.root = drizzle(pool, { schema }) as AnyPgDb;
    this.ready = prepare(connect as () => Promise<pgDriver.PoolClient>).then(() => {
      readyDone = true;
    });
    // Callers see the failure on their first query; this only keeps it from being unhandled.
    this.ready.catch(() => undefined);
  }

  /** Runs `fn` in a transaction, again on a serialization failure or deadlock; inside one, in a savepoint. */
  async transaction<T>(db: unknown, fn: (tx: PgTx) => Promise<T>, isolation: Isolation = 'serializable'): Promise<T> {
    // Inside a transaction (handed the transaction, or the database by a helper that was): a savepoint of it.
    const outer = isTx(db) ? (db as PgTx) : this.current();
    if (outer) return outer.transaction((tx) => fn(tag(tx, this)));
    for (let attempt = 1; ; attempt++) {
      let scope: Scope | undefined;
      try {
        return await this.root.transaction(
          (tx) => {
            scope = { open: true, tx: tag(tx, this) };
            return this.inTx.run(scope, () => fn(tx));
          },
          { isolationLevel: isolation },
        );
      } catch (e) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(pgCode(e) ?? '')) throw e;
        // Back off a little, more each time, so the colliding transactions do not meet again.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));
      } finally {
        if (scope) scope.open = false;
      }
    }
  }

  async all<T>(db: unknown, text: string, params: unknown[]): Promise<T[]> {
    const r = (await this.exec(db, text, params)) as { rows: T[] };
    return r.rows;
  }

  // Raw SQL answers with the driver's own error (as SQLite's path does), not drizzle's wrapper of it.
  private async exec(db: unknown, text: string, params: unknown[]): Promise<unknown> {
    try {
      return await this.executor(db).execute(toSql(text, params));
    } catch (e) {
      const cause = (e as { cause?: unknown }).cause;
      throw cause instanceof Error ? cause : e;
    }
  }

  async get<T>(db: unknown, text: string, params: unknown[]): Promise<T | undefined> {
    return (await this.all<T>(db, text, params))[0];
  }

  async run(db: unknown, text: string, params: unknown[]): Promise<{ changes: number }> {
    const r = (await this.exec(db, text, params)) as { rowCount: number | null };
    return { changes: r.rowCount ?? 0 };
  }

  private executor(db: unknown): { execute(q: SQL): Promise<unknown> } {
    return isTx(db) ? (db as PgTx) : (this.current() ?? this.root);
  }

  /** The transaction the calling async work runs in, if any. */
  private current(): PgTx | undefined {
    const s = this.inTx.getStore();
    return s?.open ? s.tx : undefined;
  }

  /** Whether the calling async work is inside a transaction. */
  owns(): boolean {
    return this.inTx.getStore()?.open === true;
  }

  private side?: InstanceType<typeof Pool>;

  /**
   * Runs one statement in a transaction of its own, committed at once, even inside another
   * transaction: on a small pool of its own, so it never waits for a connection a transaction
   * holds. For counters whose row would otherwise stay locked until the caller commits.
   */
  async getOwn<T>(text: string, params: unknown[]): Promise<T | undefined> {
    await this.ready;
    this.side ??= new Pool({ connectionString: this.pool.options.connectionString, max: 2 });
    const q = pgDialect.sqlToQuery(toSql(text, params));
    const r = await this.side.query(q.sql, q.params as unknown[]);
    return r.rows[0] as T | undefined;
  }

  async close(): Promise<void> {
    await this.side?.end();
    await this.pool.end();
  }
}

const TX = Symbol('pg-transaction');
const STORE_OF_TX = new WeakMap<object, PgStore>();

function tag<T extends object>(tx: T, store: PgStore): T {
  if (!STORE_OF_TX.has(tx)) {
    Object.defineProperty(tx, TX, { value: true });
    STORE_OF_TX.set(tx, store);
  }
  return tx;
}

function isTx(db: unknown): boolean {
  return typeof db === 'object' && db !== null && (db as { [TX]?: boolean })[TX] === true;
}

/** The store of a transaction object drizzle handed to a use case. */
export function storeOfTx(db: object): PgStore | undefined {
  return STORE_OF_TX.get(db);
}

/** The PostgreSQL error code of `e` or its causes (drizzle wraps driver errors). */
export function pgCode(e: unknown): string | undefined {
  for (let x = e, depth = 0; depth < 5 && x && typeof x === 'object'; depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    x = (x as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Raw SQL with `?` placeholders as a drizzle SQL object (numbered $n for PostgreSQL).
 * A `?` inside a quoted string or identifier is text, not a placeholder.
 */
export function toSql(text: string, params: unknown[]): SQL {
  const out = sql.empty();
  let start = 0;
  let n = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      out.append(sql.raw(text.slice(start, i)));
      if (n >= params.length) throw new Error(`sql: more placeholders than parameters in: ${text}`);
      out.append(sql`${params[n++]}`);
      start = i + 1;
    }
  }
  if (n !== params.length) throw new Error(`sql: ${params.length} parameters for ${n} placeholders in: ${text}`);
  out.append(sql.raw(text.slice(start)));
  return out;
}

/** Applies the PostgreSQL migrations, one server at a time (an advisory lock held meanwhile). */
export async function migratePg(connect: () => Promise<pgDriver.PoolClient>): Promise<void> {
  const client = await connect();
  try {
    await client.query('SELECT pg_advisory_lock(2101)');
    try {
      await migrate(drizzle(client), { migrationsFolder: pgMigrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock(2101)');
    }
  } finally {
    client.release();
  }
}
