// Scheduled jobs that block kinds contribute (a draw at a set time, an expiry
// sweep). Each job runs once per due time: the run is claimed by inserting
// (job, due time) into job_runs first, so a restart, or a second server on the
// same database, never runs the same due time twice. Jobs must be idempotent
// all the same (a claimed run that crashed is not retried until the next due time).
import type { Clock } from '../core/clock';
import type { BlockRegistry } from '../core/registry';
import type { TenantStore } from '../config/tenant-store';
import type { Db } from '../db';
import { sqlRun } from '../db';

export interface JobDeps {
  db: Db;
  clock: Clock;
  tenants: TenantStore;
  logger: { info(msg: string, f?: Record<string, unknown>): void; error(msg: string, f?: Record<string, unknown>): void };
  /** Environment of the outside services jobs call (payment provider keys); default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Runs every contributed job that is due and not yet claimed; returns the ids it ran. */
export async function runDueJobs(deps: JobDeps, registry: BlockRegistry): Promise<string[]> {
  const now = deps.clock.now().getTime();
  const ran: string[] = [];
  for (const job of registry.behaviour().jobs) {
    const id = `${job.kind}/${job.id}`;
    const due = Math.floor(now / job.everyMs) * job.everyMs;
    const claimed = (await sqlRun(deps.db, 'INSERT INTO job_runs (job_id, due_at, started_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [id, due, now])).changes === 1;
    if (!claimed) continue;
    try {
      await job.run(deps);
      await sqlRun(deps.db, 'UPDATE job_runs SET finished_at = ? WHERE job_id = ? AND due_at = ?', [deps.clock.now().getTime(), id, due]);
      ran.push(id);
    } catch (e) {
      await sqlRun(deps.db, 'UPDATE job_runs SET error = ? WHERE job_id = ? AND due_at = ?', [String(e).slice(0, 500), id, due]);
      deps.logger.error('job failed', { job: id, error: String(e) });
    }
  }
  return ran;
}

/** Checks for due jobs every `pollMs`; returns a stop function. */
export function startJobs(deps: JobDeps, registry: BlockRegistry, pollMs = 30_000): () => void {
  if (registry.behaviour().jobs.length === 0) return () => {};
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runDueJobs(deps, registry)
      .catch((e: unknown) => deps.logger.error('job scheduler failed', { error: String(e) }))
      .finally(() => (running = false));
  };
  const timer = setInterval(tick, pollMs);
  timer.unref();
  tick();
  return () => clearInterval(timer);
}
