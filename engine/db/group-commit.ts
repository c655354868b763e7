// Group commit: write use cases that arrive in the same turn of the event loop
// share one transaction and so one fsync (synchronous=FULL keeps its promise).
//
// A rush of bookings used to pay one fsync each, one after another, with the
// event loop blocked meanwhile; every waiting request, including the ones
// refused at once, queued behind them. Now each use case runs in its own
// savepoint inside the batch's BEGIN IMMEDIATE: a refused or failing one leaves
// nothing behind, the others go on, and nobody is answered before the COMMIT
// that makes their work durable has returned. The use cases themselves do not
// change: better-sqlite3 turns their own transaction into a nested savepoint.
import type Database from 'better-sqlite3';
import { clientOf } from './prepared';

interface Pending {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Settled results of the operations of one batch, answered only after it commits. */
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface GroupCommitStats {
  batches: number;
  operations: number;
  largestBatch: number;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  readonly stats: GroupCommitStats = { batches: 0, operations: 0, largestBatch: 0 };
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackTo: Database.Statement;

  constructor(
    private readonly client: Database.Database,
    private readonly maxBatch = 256,
  ) {
    this.begin = client.prepare('BEGIN IMMEDIATE');
    this.commit = client.prepare('COMMIT');
    this.rollback = client.prepare('ROLLBACK');
    this.savepoint = client.prepare('SAVEPOINT group_op');
    this.release = client.prepare('RELEASE group_op');
    this.rollbackTo = client.prepare('ROLLBACK TO group_op');
  }

  /** Runs `fn` (synchronous, may open its own transaction) in the next batch; settles after the batch commits. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after the poll phase: every request already read in this turn joins the batch.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length) this.runBatch(this.queue.splice(0, this.maxBatch));
  }

  private runBatch(batch: Pending[]): void {
    // Flushed inside someone else's open transaction: that transaction decides the
    // commit; each operation is still all-or-nothing within it.
    if (this.client.inTransaction) {
      for (const p of batch) settle(p, this.inSavepoint(p.run));
      return;
    }
    try {
      this.begin.run();
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    this.stats.batches++;
    this.stats.operations += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    const outcomes: Outcome[] = [];
    let i = 0;
    for (; i < batch.length; i++) {
      outcomes.push(this.inSavepoint(batch[i].run));
      // SQLite itself rolled the whole transaction back (disk full, I/O error):
      // the earlier operations are lost with it, and the rest go to a new batch.
      if (!this.client.inTransaction) {
        const error = outcomes[i].ok ? new Error('group commit: transaction rolled back') : (outcomes[i] as { error: unknown }).error;
        for (let k = 0; k <= i; k++) batch[k].reject(error);
        this.runBatch(batch.slice(i + 1));
        return;
      }
    }
    try {
      this.commit.run();
    } catch (error) {
      if (this.client.inTransaction) this.rollback.run();
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, k) => settle(p, outcomes[k]));
  }

  /** One operation: all of its writes or none of them. */
  private inSavepoint(fn: () => unknown): Outcome {
    this.savepoint.run();
    let o = attempt(fn);
    // Work left running after the COMMIT would escape the batch.
    if (o.ok && isThenable(o.value)) o = { ok: false, error: new TypeError('group commit: the operation must be synchronous') };
    if (!this.client.inTransaction) return o;
    if (!o.ok) this.rollbackTo.run();
    this.release.run();
    return o;
  }
}

const isThenable = (v: unknown) => typeof (v as { then?: unknown } | null)?.then === 'function';

function attempt(fn: () => unknown): Outcome {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

function settle(p: Pending, o: Outcome): void {
  if (o.ok) p.resolve(o.value);
  else p.reject(o.error);
}

const instances = new WeakMap<Database.Database, GroupCommit>();

/** Runs a write use case through its connection's group commit (one per connection). */
export function committed<T>(db: object, fn: () => T): Promise<T> {
  const client = clientOf(db);
  let g = instances.get(client);
  if (!g) instances.set(client, (g = new GroupCommit(client)));
  return g.run(fn);
}
