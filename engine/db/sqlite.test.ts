import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite';

describe('SqliteStore: one connection shared by async use cases', () => {
  let dir: string;
  let client: Database.Database;
  let store: SqliteStore;
  let other: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'store-'));
    client = new Database(join(dir, 'x.db'));
    client.pragma('journal_mode = WAL');
    client.exec('CREATE TABLE t (v TEXT NOT NULL UNIQUE)');
    store = new SqliteStore(client);
    other = new Database(join(dir, 'x.db'), { readonly: true });
  });
  afterEach(() => {
    other.close();
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const insert = (v: string) => store.run('INSERT INTO t (v) VALUES (?)', [v]);
  const values = async () => (await store.all<{ v: string }>('SELECT v FROM t ORDER BY v', [])).map((r) => r.v);
  const committed = () => (other.prepare('SELECT v FROM t ORDER BY v').all() as { v: string }[]).map((r) => r.v);
  const nextTurn = () => new Promise((r) => setImmediate(r));

  it('makes a statement outside the transaction wait until it commits, so it never sees uncommitted rows', async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = store.transaction(async () => {
      await insert('inside');
      events.push('inserted');
      await gate; // the transaction is still open across turns of the event loop
      events.push('committing');
    });
    await nextTurn();
    expect(events).toEqual(['inserted']);
    const read = store.all<{ v: string }>('SELECT v FROM t ORDER BY v', []).then((rows) => {
      events.push('read');
      return rows.map((r) => r.v);
    });
    const write = insert('outside').then(() => events.push('wrote'));
    await nextTurn();
    await nextTurn();
    // Both wait for the connection: neither has run in the open transaction.
    expect(events).toEqual(['inserted']);
    expect(client.inTransaction).toBe(true);
    release();
    await tx;
    expect(await read).toEqual(['inside']);
    await write;
    expect(events).toEqual(['inserted', 'committing', 'read', 'wrote']);
    expect(committed()).toEqual(['inside', 'outside']);
  });

  it('rolls back a nested transaction (a savepoint) alone, and the outer one commits the rest', async () => {
    await store.transaction(async () => {
      await insert('outer');
      await expect(
        store.transaction(async () => {
          await insert('inner');
          expect(await values()).toEqual(['inner', 'outer']);
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await values()).toEqual(['outer']);
      await store.transaction(async () => {
        await insert('inner-ok');
      });
      expect(client.inTransaction).toBe(true);
    });
    expect(client.inTransaction).toBe(false);
    expect(committed()).toEqual(['inner-ok', 'outer']);
  });

  it('recognises its owner through async continuations (timers, helpers, awaited promises)', async () => {
    const helper = async (v: string) => {
      await Promise.resolve();
      await new Promise((r) => setTimeout(r, 1));
      expect(store.owns()).toBe(true);
      return insert(v);
    };
    expect(store.owns()).toBe(false);
    await store.transaction(async () => {
      expect(store.owns()).toBe(true);
      await helper('a');
      await new Promise<void>((resolve, reject) => setImmediate(() => helper('b').then(() => resolve(), reject)));
      // Not a deadlock: the owner's statements run at once, not behind the lock it holds.
      expect(await values()).toEqual(['a', 'b']);
      expect(committed()).toEqual([]);
    });
    expect(store.owns()).toBe(false);
    expect(committed()).toEqual(['a', 'b']);
  });

  it('does not let work started inside a transaction keep using the connection after it ended', async () => {
    let late: Promise<unknown> | undefined;
    await store.transaction(async () => {
      await insert('a');
      // Left running by mistake: once the transaction is over it is an outsider and takes the lock.
      late = new Promise((r) => setTimeout(r, 5)).then(() => (expect(store.owns()).toBe(false), insert('late')));
    });
    await late;
    expect(committed()).toEqual(['a', 'late']);
  });

  it('rolls back a failing transaction whole and frees the connection for the next one', async () => {
    await insert('dup');
    await expect(
      store.transaction(async () => {
        await insert('x');
        await insert('dup');
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(client.inTransaction).toBe(false);
    expect(committed()).toEqual(['dup']);
    await expect(
      store.transaction(async () => {
        await insert('y');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(committed()).toEqual(['dup']);
    await store.transaction(async () => {
      await insert('z');
    });
    expect(committed()).toEqual(['dup', 'z']);
  });

  it('serialises transactions that start together: each runs alone from BEGIN to COMMIT', async () => {
    const log: string[] = [];
    const run = (name: string) =>
      store.transaction(async () => {
        log.push(`${name}:begin`);
        await insert(name);
        await nextTurn();
        log.push(`${name}:end`);
      });
    await Promise.all([run('a'), run('b'), run('c')]);
    expect(log).toEqual(['a:begin', 'a:end', 'b:begin', 'b:end', 'c:begin', 'c:end']);
    expect(committed()).toEqual(['a', 'b', 'c']);
  });

  it('drizzle queries go through the same lock (the proxy driver callback)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = store.transaction(async () => {
      await insert('a');
      await gate;
    });
    await nextTurn();
    let done = false;
    const q = store.query('SELECT v FROM t', [], 'all').then((r) => ((done = true), r));
    await nextTurn();
    expect(done).toBe(false);
    release();
    await tx;
    expect((await q).rows).toEqual([['a']]);
  });
});
