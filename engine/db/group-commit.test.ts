import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';
import { SqliteStore } from './sqlite';

describe('group commit', () => {
  let dir: string;
  let db: Database.Database;
  let store: SqliteStore;
  let other: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gc-'));
    db = new Database(join(dir, 'x.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE t (v TEXT NOT NULL UNIQUE, parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)`);
    store = new SqliteStore(db);
    other = new Database(join(dir, 'x.db'), { readonly: true });
  });
  afterEach(() => {
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const insert =
    (v: string, parent: number | null = null) =>
    async () =>
      (await store.run('INSERT INTO t (v, parent) VALUES (?, ?)', [v, parent])).changes;
  const seen = () => (other.prepare('SELECT v FROM t ORDER BY v').all() as { v: string }[]).map((r) => r.v);

  it('commits the operations of one turn together, each answered with its own result', async () => {
    const gc = new GroupCommit(store);
    const results = await Promise.all(['a', 'b', 'c'].map((v) => gc.run(insert(v))));
    expect(results).toEqual([1, 1, 1]);
    expect(gc.stats).toEqual({ batches: 1, operations: 3, largestBatch: 3 });
    // Settled means committed: another connection sees every row.
    expect(seen()).toEqual(['a', 'b', 'c']);
  });

  it('rolls back only the failing operation, with all of its writes', async () => {
    const gc = new GroupCommit(store);
    const twice = async () => {
      await store.run("INSERT INTO t (v) VALUES ('x')", []);
      await store.run("INSERT INTO t (v) VALUES ('a')", []); // duplicate of the first operation's row
    };
    const [a, x, b] = await Promise.allSettled([gc.run(insert('a')), gc.run(twice), gc.run(insert('b'))]);
    expect(a.status).toBe('fulfilled');
    expect(x.status).toBe('rejected');
    expect(String((x as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(b.status).toBe('fulfilled');
    expect(seen()).toEqual(['a', 'b']);
  });

  it('nests a use case’s own transaction as a savepoint', async () => {
    const gc = new GroupCommit(store);
    const own = (v: string) =>
      store.transaction(async () => {
        await insert(v)();
        if (v === 'bad') throw new Error('refused');
      });
    const out = await Promise.allSettled([gc.run(() => own('ok')), gc.run(() => own('bad'))]);
    expect(out.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(seen()).toEqual(['ok']);
  });

  it('answers nobody when the COMMIT fails, and leaves nothing written', async () => {
    const gc = new GroupCommit(store);
    // A deferred foreign key is checked only at COMMIT.
    const out = await Promise.allSettled([gc.run(insert('a')), gc.run(insert('orphan', 42))]);
    expect(out.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(String((out[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(db.inTransaction).toBe(false);
    expect(seen()).toEqual([]);
    // The next batch starts clean.
    await gc.run(insert('b'));
    expect(seen()).toEqual(['b']);
  });

  it('keeps an operation that awaits between its statements inside the batch, and makes outside statements wait for the COMMIT', async () => {
    const gc = new GroupCommit(store);
    const slow = async () => {
      await insert('s1')();
      await new Promise((r) => setImmediate(r)); // the batch still owns the connection across turns
      await insert('s2')();
      return 'slow';
    };
    const batch = Promise.all([gc.run(slow), gc.run(insert('a'))]);
    // Queued after the batch started: not part of it, it runs once the batch has committed.
    await new Promise((r) => setImmediate(r));
    const outside = store.all<{ v: string }>('SELECT v FROM t ORDER BY v', []);
    expect(await batch).toEqual(['slow', 1]);
    expect((await outside).map((r) => r.v)).toEqual(['a', 's1', 's2']);
    expect(gc.stats.batches).toBe(1);
    expect(seen()).toEqual(['a', 's1', 's2']);
  });

  it('inside a transaction of its caller, keeps each operation all-or-nothing and commits nothing itself', async () => {
    const gc = new GroupCommit(store);
    const twice = async () => {
      await insert('x')();
      await insert('a')(); // duplicate of the first operation's row
    };
    await store.transaction(async () => {
      // One after another: work inside a transaction is sequential (savepoints nest, they do not run side by side).
      await expect(gc.run(insert('a'))).resolves.toBe(1);
      await expect(gc.run(twice)).rejects.toThrow(/UNIQUE/);
      expect(db.inTransaction).toBe(true);
      expect(seen()).toEqual([]); // not committed by the group commit
    });
    expect(gc.stats.batches).toBe(0);
    expect(seen()).toEqual(['a']);
  });

  it('splits a long queue into batches of at most maxBatch', async () => {
    const gc = new GroupCommit(store, 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => gc.run(insert(`v${i}`))));
    expect(gc.stats).toEqual({ batches: 3, operations: 10, largestBatch: 4 });
    expect(seen()).toHaveLength(10);
  });
});
