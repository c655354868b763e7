// Composition root: validate tenants/ (before touching the database), open the
// database, publish changed folders, serve.
import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { registry } from '../blocks';
import { systemClock } from './core/clock';
import { EngineError } from './core/errors';
import { messageFor } from './core/messages';
import { formatIssue } from './config/issues';
import { loadTenantFolders } from './config/load-folders';
import type { CompiledTenant } from './config/tenant';
import { createTenantStore } from './config/tenant-store';
import { loadPublishedTenants, refreshPublishedTenants, syncFolderTenant } from './config/versions';
import { startJobs } from './jobs/scheduler';
import { closeDb, dialectOf, openDb } from './db';
import { createApp } from './http/app';
import { consoleLogger } from './http/context';
import { createChannelsFromEnv } from './notify/channels';
import { createNotifier } from './notify/worker';
import { ensureAdminAccounts } from './staff/bootstrap';
import { publicBase } from './http/routes/pages/context';
import { startNoShowSweep } from './staff/no-show';
import { purgeExpiredKeys } from './booking/idempotency';
import { purgeExpiredResidentData } from './members/housekeeping';
import { sendUpdateReminders } from './notify/update-reminders';
import { purgeOldMessages, retentionDays } from './notify/retention';
import { purgeExpiredSnapshots } from './http/routes/pages/snapshots';
import { purgeRateLimits } from './http/middleware/rate-limit';

const tenantsDir = process.env.TENANTS_DIR ?? 'tenants';
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';

if (!existsSync(tenantsDir)) {
  console.error(`テナントのフォルダ ${tenantsDir} がありません / Tenants folder ${tenantsDir} does not exist (set TENANTS_DIR)`);
  process.exitCode = 1;
} else {
  const { tenants, issues } = loadTenantFolders(tenantsDir, registry);
  if (issues.length > 0) {
    console.error(`設定に誤りがあるため起動できません（${issues.length}件）/ Refusing to start: ${issues.length} configuration issue(s)`);
    for (const i of issues) console.error(formatIssue(i));
    process.exitCode = 1;
  } else {
    start(tenants).catch((e: unknown) => {
      // An EngineError (e.g. storage.read_only) has a catalog message for the operator; anything else its stack.
      const why = e instanceof EngineError ? `${messageFor(e.code, e.details, 'ja')} / ${messageFor(e.code, e.details, 'en')}` : e instanceof Error ? (e.stack ?? e.message) : String(e);
      console.error(`起動に失敗しました / Start failed: ${why}`);
      process.exitCode = 1;
    });
  }
}

async function start(tenants: CompiledTenant[]) {
  const db = openDb();
  for (const t of tenants) {
    const r = await syncFolderTenant(db, t, systemClock);
    if (r.published) console.log(`tenant ${t.slug}: published version ${r.id} from ${tenantsDir}/${t.slug}`);
  }
  const store = createTenantStore(await loadPublishedTenants(db, registry));
  const app = createApp({ db, clock: systemClock, tenants: store, registry });
  if (!process.env.PUBLIC_BASE_URL) console.warn(`PUBLIC_BASE_URL is not set: links in emails (password reset, verification) point to ${publicBase()} (README: Configuration)`);
  // Staff console: a system administrator `admin` per tenant on first start (README: Staff console).
  for (const a of await ensureAdminAccounts({ db, clock: systemClock }, store.slugs(), process.env.ENGINE_ADMIN_PASSWORD || undefined)) {
    if (a.generatedPassword) console.log(`tenant ${a.tenant}: staff account "${a.loginId}" created; temporary password (shown once, change it at first login): ${a.generatedPassword}`);
    else console.log(`tenant ${a.tenant}: staff account "${a.loginId}" created with ENGINE_ADMIN_PASSWORD`);
  }
  // Several servers on one PostgreSQL: a version another server published (builder, rollback) is
  // served here within a second. (On SQLite this process is the only writer.)
  if (dialectOf(db) === 'postgresql') {
    const every = Number(process.env.TENANT_REFRESH_MS) || 1000;
    let busy = false;
    setInterval(() => {
      if (busy) return;
      busy = true;
      void refreshPublishedTenants(db, registry, store)
        .then((slugs) => slugs.forEach((slug) => console.log(`tenant ${slug}: now serving version ${store.get(slug)?.versionId}`)))
        .catch((e) => consoleLogger.error('tenant refresh failed', { error: String(e) }))
        .finally(() => (busy = false));
    }, every).unref();
  }
  const stopSweep = startNoShowSweep({ db, clock: systemClock, tenants: store, logger: consoleLogger });
  // Jobs block kinds contribute (draws, expiry sweeps), each due time claimed once in job_runs.
  const stopJobs = startJobs({ db, clock: systemClock, tenants: store, logger: consoleLogger }, registry, Number(process.env.JOBS_POLL_MS) || 30_000);
  // Hourly housekeeping: a failing run is logged and the next hour tries again (a throw in a timer would end the server).
  const hourly = (what: string, job: () => unknown, opts: { atStart?: boolean } = {}) => {
    // Never rejects: a failure is logged here.
    const run = async () => {
      try {
        await job();
      } catch (e) {
        consoleLogger.error(`${what} failed`, { error: String(e) });
      }
    };
    if (opts.atStart) void run();
    setInterval(() => void run(), 3_600_000).unref();
  };
  // Resident accounts: expired sessions and one-time keys (and the held applications behind them).
  hourly('resident data purge', () => purgeExpiredResidentData(db, systemClock.now().getTime()));
  // Sent messages keep their text for NOTIFY_RETENTION_DAYS (default 90), then only the record of delivery (README: Notifications).
  const retention = retentionDays(process.env);
  hourly('message retention', () => purgeOldMessages(db, systemClock.now().getTime(), retention), { atStart: true });
  // Idempotency keys past IDEMPOTENCY_TTL_MS (24 h) are never replayed again; without this the table only grows.
  hourly('idempotency key purge', () => purgeExpiredKeys(db, systemClock.now().getTime()), { atStart: true });
  // Saved screens of the resident forms (back/forward after a post) live SNAPSHOT_TTL_MS (12 h).
  hourly('page snapshot purge', () => purgeExpiredSnapshots(db, systemClock.now().getTime()), { atStart: true });
  hourly('rate limit purge', () => purgeRateLimits(db, systemClock.now().getTime()));
  // 利用者情報の更新勧奨: members not updated for a message's everyDays.
  hourly('update reminders', () => sendUpdateReminders({ db, clock: systemClock, tenants: store }));
  // Notifications: the worker delivers the outbox; unconfigured channels hold their messages (README: Notifications).
  const { channels, report } = createChannelsFromEnv(process.env);
  for (const line of report) console.log(`notifications ${line}`);
  const notifier = createNotifier({ db, clock: systemClock, channels, logger: consoleLogger, pollMs: Number(process.env.NOTIFIER_POLL_MS) || 1000 });

  const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
    const shown = host === '0.0.0.0' ? 'localhost' : host;
    console.log(`listening on http://${shown}:${info.port}/ (tenants: ${store.slugs().join(', ') || 'none'})`);
    notifier.start();
  });

  function shutdown(signal: string) {
    console.log(`${signal}: shutting down`);
    stopSweep();
    stopJobs();
    server.close(() => {
      // The run in progress finishes (or its lease expires and the next start resends it).
      void notifier
        .stop()
        .then(() => closeDb(db))
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  }
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
