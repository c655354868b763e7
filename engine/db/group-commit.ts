// Group commit: write use cases that arrive in the same turn of the event loop
// share one transaction and so one fsync (synchronous=FULL keeps its promise).
//
// A rush of bookings used to pay one fsync each, one after another; every
// waiting request, including the ones refused at once, queued behind them. Now
// a batch holds the connection (SqliteStore.exclusive) inside one BEGIN
// IMMEDIATE and runs each use case in its own savepoint: a refused or failing
// one leaves nothing behind, the others go on, and nobody is answered before
// the COMMIT that makes their work durable has returned. The use cases do not
// change: their own transaction() becomes a nested savepoint of the batch.
// PostgreSQL batches commits itself; this is the SQLite path only.
import type { SqliteStore } from './sqlite';

interface Pending {
  run: () => Promise<unknown>;
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

  constructor(
    private readonly store: SqliteStore,
    private readonly maxBatch = 256,
  ) {}

  /** Runs `fn` in the next batch; settles after the batch commits. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    // Called by the owner of an open transaction: that transaction decides the commit.
    if (this.store.owns()) return this.store.transaction(fn);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after the poll phase: every request already read in this turn joins the batch.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    // Requests arriving while a batch runs wait for the next one.
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    await this.store.exclusive(() => this.runBatch(batch));
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    const client = this.store.client;
    if (!batch.length) return;
    try {
      this.store.control('BEGIN IMMEDIATE');
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    this.stats.batches++;
    this.stats.operations += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    const outcomes: Outcome[] = [];
    for (let i = 0; i < batch.length; i++) {
      outcomes.push(await this.inSavepoint(batch[i].run));
      // SQLite itself rolled the whole transaction back (disk full, I/O error):
      // the earlier operations are lost with it, and the rest go to a new batch.
      if (!client.inTransaction) {
        const error = outcomes[i].ok ? new Error('group commit: transaction rolled back') : (outcomes[i] as { error: unknown }).error;
        for (let k = 0; k <= i; k++) batch[k].reject(error);
        return this.runBatch(batch.slice(i + 1));
      }
    }
    try {
      this.store.control('COMMIT');
    } catch (error) {
      if (client.inTransaction) this.store.control('ROLLBACK');
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, k) => settle(p, outcomes[k]));
  }

  /** One operation: all of its writes or none of them. */
  private async inSavepoint(fn: () => Promise<unknown>): Promise<Outcome> {
    const client = this.store.client;
    this.store.control('SAVEPOINT group_op');
    let o: Outcome;
    try {
      o = { ok: true, value: await fn() };
    } catch (error) {
      o = { ok: false, error };
    }
    if (!client.inTransaction) return o;
    if (!o.ok) this.store.control('ROLLBACK TO group_op');
    this.store.control('RELEASE group_op');
    return o;
  }
}

function settle(p: Pending, o: Outcome): void {
  if (o.ok) p.resolve(o.value);
  else p.reject(o.error);
}
