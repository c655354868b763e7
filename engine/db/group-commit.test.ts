import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';

describe('group commit', () => {
  let dir: string;
  let db: Database.Database;
  let other: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gc-'));
    db = new Database(join(dir, 'x.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE t (v TEXT NOT NULL UNIQUE, parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)`);
    other = new Database(join(dir, 'x.db'), { readonly: true });
  });
  afterEach(() => {
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const insert = (v: string, parent: number | null = null) => () => db.prepare('INSERT INTO t (v, parent) VALUES (?, ?)').run(v, parent).changes;
  const seen = () => (other.prepare('SELECT v FROM t ORDER BY v').all() as { v: string }[]).map((r) => r.v);

  it('commits the operations of one turn together, each answered with its own result', async () => {
    const gc = new GroupCommit(db);
    const results = await Promise.all(['a', 'b', 'c'].map((v) => gc.run(insert(v))));
    expect(results).toEqual([1, 1, 1]);
    expect(gc.stats).toEqual({ batches: 1, operations: 3, largestBatch: 3 });
    // Settled means committed: another connection sees every row.
    expect(seen()).toEqual(['a', 'b', 'c']);
  });

  it('rolls back only the failing operation, with all of its writes', async () => {
    const gc = new GroupCommit(db);
    const twice = () => {
      db.prepare("INSERT INTO t (v) VALUES ('x')").run();
      db.prepare("INSERT INTO t (v) VALUES ('a')").run(); // duplicate of the first operation's row
    };
    const [a, x, b] = await Promise.allSettled([gc.run(insert('a')), gc.run(twice), gc.run(insert('b'))]);
    expect(a.status).toBe('fulfilled');
    expect(x.status).toBe('rejected');
    expect(String((x as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(b.status).toBe('fulfilled');
    expect(seen()).toEqual(['a', 'b']);
  });

  it('nests a use case’s own transaction as a savepoint', async () => {
    const gc = new GroupCommit(db);
    const own = db.transaction((v: string) => {
      insert(v)();
      if (v === 'bad') throw new Error('refused');
    });
    const out = await Promise.allSettled([gc.run(() => own.immediate('ok')), gc.run(() => own.immediate('bad'))]);
    expect(out.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(seen()).toEqual(['ok']);
  });

  it('answers nobody when the COMMIT fails, and leaves nothing written', async () => {
    const gc = new GroupCommit(db);
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

  it('refuses an asynchronous operation (its work would outlive the batch)', async () => {
    const gc = new GroupCommit(db);
    const out = await Promise.allSettled([gc.run(async () => insert('late')()), gc.run(insert('a'))]);
    expect(out[0].status).toBe('rejected');
    expect(out[1].status).toBe('fulfilled');
    expect(seen()).toEqual(['a']);
  });

  it('inside a transaction left open by its caller, keeps each operation all-or-nothing and commits nothing itself', async () => {
    const gc = new GroupCommit(db);
    db.exec('BEGIN');
    const twice = () => {
      insert('x')();
      insert('a')(); // duplicate of the first operation's row
    };
    const out = await Promise.allSettled([gc.run(insert('a')), gc.run(twice)]);
    expect(out.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(db.inTransaction).toBe(true);
    expect(seen()).toEqual([]); // not committed by the group commit
    db.exec('COMMIT');
    expect(seen()).toEqual(['a']);
  });

  it('splits a long queue into batches of at most maxBatch', async () => {
    const gc = new GroupCommit(db, 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => gc.run(insert(`v${i}`))));
    expect(gc.stats).toEqual({ batches: 3, operations: 10, largestBatch: 4 });
    expect(seen()).toHaveLength(10);
  });
});
