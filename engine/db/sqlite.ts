// The SQLite side of the storage port: one better-sqlite3 connection shared by
// async use cases.
//
// better-sqlite3 runs each statement synchronously, but a use case now awaits
// between its statements (the same code runs on PostgreSQL, whose driver is
// async). Another request could run on the same connection in those gaps and
// see or join an open transaction. So the connection has one owner at a time:
// a transaction (or a group-commit batch) holds the lock from BEGIN to COMMIT,
// and a statement outside any transaction takes the lock for itself. Work of the
// owner is recognised through AsyncLocalStorage, so a use case's helpers may be
// handed either the transaction or the database object.
import type Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';

type Statement = Database.Statement<unknown[], unknown>;

// better-sqlite3 binds no booleans: store them as 1/0, as drizzle's boolean columns do.
const bind = (params: unknown[]) => (params.some((p) => typeof p === 'boolean') ? params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p)) : params);

/** Marks the async work of the lock's current owner; `open` turns false when its transaction ends. */
interface Owner {
  open: boolean;
  depth: number;
  /** Savepoints are a stack in time: siblings started together (Promise.all) take turns. */
  nested?: Lock;
}

/** A FIFO lock; uncontended acquisition costs one resolved promise. */
class Lock {
  private held = false;
  private waiters: (() => void)[] = [];

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}

export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

export class SqliteStore {
  readonly dialect = 'sqlite' as const;
  private readonly lock = new Lock();
  private readonly owner = new AsyncLocalStorage<Owner>();
  private readonly statements = new Map<string, Statement>();
  private readonly begin: Statement;
  private readonly commit: Statement;
  private readonly rollback: Statement;

  constructor(readonly client: Database.Database) {
    this.begin = client.prepare('BEGIN IMMEDIATE');
    this.commit = client.prepare('COMMIT');
    this.rollback = client.prepare('ROLLBACK');
  }

  statement(sqlText: string): Statement {
    let s = this.statements.get(sqlText);
    if (!s) this.statements.set(sqlText, (s = this.client.prepare(sqlText)));
    return s;
  }

  /** A transaction-control statement (savepoints), prepared once: every booking runs two or three. */
  control(sqlText: string): void {
    this.statement(sqlText).run();
  }

  /** Whether the calling async work owns the connection (runs inside a transaction or batch). */
  owns(): boolean {
    return this.owner.getStore()?.open === true;
  }

  /** Runs `fn` on the connection: at once for its owner, otherwise when the lock is free. */
  async use<T>(fn: () => T): Promise<T> {
    if (this.owns()) return fn();
    await this.lock.acquire();
    try {
      return fn();
    } finally {
      this.lock.release();
    }
  }

  // drizzle's sqlite-proxy driver calls this for every query it builds.
  readonly query = (sqlText: string, params: unknown[], method: 'run' | 'all' | 'values' | 'get'): Promise<{ rows: unknown[] }> =>
    this.use(() => {
      const s = this.statement(sqlText);
      params = bind(params);
      if (method === 'run' || !s.reader) {
        const r = s.run(...params);
        return { rows: [], changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
      }
      s.raw(true);
      try {
        return { rows: method === 'get' ? (s.get(...params) as unknown[]) : (s.all(...params) as unknown[]) };
      } finally {
        s.raw(false);
      }
    });

  get<T>(sqlText: string, params: unknown[]): Promise<T | undefined> {
    return this.use(() => this.statement(sqlText).get(...bind(params)) as T | undefined);
  }

  all<T>(sqlText: string, params: unknown[]): Promise<T[]> {
    return this.use(() => this.statement(sqlText).all(...bind(params)) as T[]);
  }

  run(sqlText: string, params: unknown[]): Promise<RunResult> {
    return this.use(() => {
      const r = this.statement(sqlText).run(...bind(params));
      return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
    });
  }

  /**
   * All of `fn`'s writes or none (BEGIN IMMEDIATE … COMMIT); inside another
   * transaction or a batch, a savepoint of it.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const outer = this.owner.getStore();
    if (outer?.open) return this.savepoint(outer, fn);
    await this.lock.acquire();
    const me: Owner = { open: true, depth: 0 };
    try {
      this.begin.run();
      try {
        const value = await this.owner.run(me, fn);
        this.commit.run();
        return value;
      } catch (e) {
        if (this.client.inTransaction) this.rollback.run();
        throw e;
      }
    } finally {
      me.open = false;
      this.lock.release();
    }
  }

  private async savepoint<T>(outer: Owner, fn: () => Promise<T>): Promise<T> {
    const turn = (outer.nested ??= new Lock());
    await turn.acquire();
    const me: Owner = { open: true, depth: outer.depth + 1 };
    const name = `sp${me.depth}`;
    try {
      this.control(`SAVEPOINT ${name}`);
    } catch (e) {
      turn.release();
      throw e;
    }
    try {
      const value = await this.owner.run(me, fn);
      this.control(`RELEASE ${name}`);
      return value;
    } catch (e) {
      // SQLite may have rolled the whole transaction back itself (disk full, I/O error).
      if (this.client.inTransaction) {
        this.control(`ROLLBACK TO ${name}`);
        this.control(`RELEASE ${name}`);
      }
      throw e;
    } finally {
      me.open = false;
      turn.release();
    }
  }

  /**
   * Holds the connection for a group-commit batch: `fn` runs as its owner, so the
   * operations' own transactions become savepoints of the batch.
   */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await this.lock.acquire();
    const me: Owner = { open: true, depth: 0 };
    try {
      return await this.owner.run(me, fn);
    } finally {
      me.open = false;
      this.lock.release();
    }
  }
}
