// The PostgreSQL figures (DATABASE_URL=postgres://… npm run bench): booking throughput and
// a rush on one and on two app servers sharing one database, each as a ratio to the bare
// route (bare-server.ts: the same transaction, READ COMMITTED with the same advisory locks)
// run the same way, on the same PostgreSQL server, in the same run. Engine and bare route
// each get a fresh database of their own, dropped afterwards.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pgDriver from 'pg';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { benchBlocks, bookingBody, round, throughputFigure } from './booking';
import { exactRush, jstDay, median, percentile, runLoad, serverErrors, tempDir, writeTenant, type Figure } from './common';

async function admin<T>(url: string, fn: (c: pgDriver.Client) => Promise<T>): Promise<T> {
  const c = new pgDriver.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Starts `n` servers of one kind on a database of their own; stops them and drops it afterwards. */
async function withServers<T>(pgUrl: string, kind: 'engine' | 'bare', n: number, capacity: number, run: (urls: string[]) => Promise<T>): Promise<T> {
  const name = `bench_${kind}_${randomBytes(6).toString('hex')}`;
  await admin(pgUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const dbUrl = new URL(pgUrl);
  dbUrl.pathname = `/${name}`;
  const dir = tempDir(`pg-${kind}`);
  const servers: ServerProcess[] = [];
  try {
    const env: Record<string, string> =
      kind === 'engine'
        ? { TENANTS_DIR: writeTenant(dir, 'bench-town', benchBlocks(capacity)), DATABASE_URL: dbUrl.toString() }
        : { DATABASE_URL: dbUrl.toString(), DATABASE_PATH: 'unused', BARE_CAPACITY: String(capacity) };
    // Started together, as an operator's servers would be: they migrate (and publish) once between them.
    servers.push(...(await Promise.all(Array.from({ length: n }, () => startServerProcess({ entry: kind === 'bare' ? 'test/bench/bare-server.ts' : undefined, env })))));
    const path = kind === 'engine' ? '/api/t/bench-town/services/desk/reservations' : '/book';
    return await run(servers.map((s) => `${s.url}${path}`));
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
    await admin(pgUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

/** One load split evenly over the servers (a load generator process per server, run at once); latencies merged. */
async function splitLoad(urls: string[], cfg: { concurrency: number; total?: number; durationMs?: number; body: unknown; starts?: string[] }) {
  const parts = await Promise.all(
    urls.map((url) =>
      runLoad({ ...cfg, url, idempotency: true, raw: true, concurrency: cfg.concurrency / urls.length, total: cfg.total === undefined ? undefined : cfg.total / urls.length }),
    ),
  );
  const statuses: Record<string, number> = {};
  for (const p of parts) for (const [s, c] of Object.entries(p.statuses)) statuses[s] = (statuses[s] ?? 0) + c;
  const latencies = parts.flatMap((p) => p.latencies ?? []).sort((a, b) => a - b);
  return { count: latencies.length, rps: parts.reduce((sum, p) => sum + p.rps, 0), statuses, latencies };
}

const serversLabel = (n: number) => (n === 1 ? 'one app server' : `${n} app servers`);

/** Every half-hour slot of five days: bookings spread over slots, as on an opening morning. */
function spreadStarts(): string[] {
  const out: string[] = [];
  for (let d = 5; d < 10; d++) {
    for (let m = 9 * 60; m < 17 * 60; m += 30) out.push(`${jstDay(d)}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00+09:00`);
  }
  return out;
}

/** Throughput on one slot (every booking takes the same counter row), or `spread` over 80 slots. */
export async function benchPgBookingHttp(pgUrl: string, n: number, spread = false): Promise<Figure> {
  const load = spread
    ? { concurrency: 16, durationMs: 1500, body: bookingBody('{{start}}'), starts: spreadStarts() }
    : { concurrency: 16, durationMs: 1500, body: bookingBody(`${jstDay(5)}T10:00:00+09:00`) };
  // Both sides stay up; short runs alternate between them so machine noise hits both alike.
  const runs = await withServers(pgUrl, 'engine', n, 100_000, (engine) =>
    withServers(pgUrl, 'bare', n, 100_000, async (bare) => {
      await splitLoad(engine, { ...load, durationMs: 500 });
      await splitLoad(bare, { ...load, durationMs: 500 });
      const out: { engine: Awaited<ReturnType<typeof splitLoad>>; bare: Awaited<ReturnType<typeof splitLoad>> }[] = [];
      for (let i = 0; i < 4; i++) out.push({ engine: await splitLoad(engine, load), bare: await splitLoad(bare, load) });
      return out;
    }),
  );
  const engineRps = median(runs.map((r) => r.engine.rps));
  const bareRps = median(runs.map((r) => r.bare.rps));
  const ok = runs.every((r) => (r.engine.statuses['201'] ?? 0) === r.engine.count && (r.bare.statuses['201'] ?? 0) === r.bare.count);
  const p99 = (side: 'engine' | 'bare') => round(median(runs.map((r) => percentile(r[side].latencies, 99))));
  return throughputFigure(
    `pg-booking-http${spread ? '-spread' : ''}${n === 1 ? '' : `-${n}`}`,
    engineRps,
    bareRps,
    ok,
    `PostgreSQL, ${serversLabel(n)} (the bare route on as many), ${spread ? 'bookings spread over 80 slots' : 'every booking on one slot'}; median of 4 alternating 1.5 s runs, 16 clients split over the servers, ` +
      `READ COMMITTED, an email outbox row, a quota count and an Idempotency-Key per booking; engine p99 ${p99('engine')} ms, bare p99 ${p99('bare')} ms`,
  );
}

export async function benchPgBookingRush(pgUrl: string, n: number): Promise<Figure> {
  // As booking-rush: five rushes of 2,000 from 200 clients, each on a fresh slot of 100, split over the
  // servers; each must book exactly 100. The same rushes at the bare route give the baseline.
  const hours = ['10', '12', '13', '14', '15'];
  const rushes = (urls: string[]) => async () => {
    await splitLoad(urls, { concurrency: 200, total: 10_000, body: bookingBody(`${jstDay(5)}T11:00:00+09:00`) }); // warm, on its own slot
    const out: Awaited<ReturnType<typeof splitLoad>>[] = [];
    for (const h of hours) out.push(await splitLoad(urls, { concurrency: 200, total: 2000, body: bookingBody(`${jstDay(5)}T${h}:00:00+09:00`) }));
    return out;
  };
  const engine = await withServers(pgUrl, 'engine', n, 100, (urls) => rushes(urls)());
  const bare = await withServers(pgUrl, 'bare', n, 100, (urls) => rushes(urls)());
  const exact = (rs: Awaited<ReturnType<typeof splitLoad>>[]) => rs.every(exactRush);
  const p99Of = (rs: Awaited<ReturnType<typeof splitLoad>>[]) => percentile(rs.flatMap((r) => r.latencies).sort((a, b) => a - b), 99);
  const enginePct = p99Of(engine);
  const barePct = p99Of(bare);
  const ratio = enginePct / barePct;
  const all = engine.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    name: n === 1 ? 'pg-booking-rush' : `pg-booking-rush-${n}`,
    value: round(enginePct),
    unit: 'ms p99',
    baseline: round(barePct),
    ratio: round(ratio, 3),
    target: 'exactly 100 successes and 1,900 × 409 per rush on both sides, no 5xx; p99 ratio <= 2',
    pass: exact(engine) && exact(bare) && ratio <= 2,
    notes:
      `PostgreSQL, ${serversLabel(n)}; p99 of all ${all.length} requests of 5 rushes (200 clients split over the servers, 2,000 each; p50 ${round(percentile(all, 50))} ms, max ${round(all.at(-1) ?? 0)} ms); ` +
      `successes ${engine.map((r) => r.statuses['201'] ?? 0).join('/')}, 5xx ${engine.map((r) => serverErrors(r.statuses)).join('/')}; bare successes ${bare.map((r) => r.statuses['201'] ?? 0).join('/')}, 5xx ${bare.map((r) => serverErrors(r.statuses)).join('/')}`,
  };
}

