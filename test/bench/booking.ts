// booking-http and booking-rush: the booking endpoint of a real server process,
// loaded from a separate process.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServerProcess } from '../helpers/server-process';
import { jstDay, runLoad, tempDir, writeTenant, type Figure, type LoadResult } from './common';

function benchBlocks(capacity: number) {
  return [
    { kind: 'site', id: 'bench-town', title: 'ベンチ町' },
    {
      kind: 'form', id: 'f', title: '申込',
      fields: [{ id: 'name', type: 'text', label: '氏名', required: true }, { id: 'phone', type: 'phone', label: '電話番号', required: true }],
    },
    {
      kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'desk', title: '窓口' }], slotMinutes: 30, capacity,
      weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '09:00', close: '17:00' }],
    },
    { kind: 'service', id: 'desk', title: '窓口予約', form: 'f', calendar: 'c' },
  ];
}

const bookingBody = (start: string) => ({ resource: 'desk', start, answers: { name: '住民{{i}}', phone: '090-1234-5678' } });

async function withEngine<T>(capacity: number, run: (url: string) => Promise<T>): Promise<T> {
  const dir = tempDir('engine');
  const tenants = writeTenant(dir, 'bench-town', benchBlocks(capacity));
  const server = await startServerProcess({ env: { TENANTS_DIR: tenants, DATABASE_PATH: join(dir, 'engine.db') } });
  try {
    return await run(`${server.url}/api/t/bench-town/services/desk/reservations`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function withBare<T>(run: (url: string) => Promise<T>): Promise<T> {
  const dir = tempDir('bare');
  const server = await startServerProcess({ entry: 'test/bench/bare-server.ts', env: { DATABASE_PATH: join(dir, 'bare.db') } });
  try {
    return await run(server.url);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchBookingHttp(): Promise<Figure> {
  const start = `${jstDay(5)}T10:00:00+09:00`;
  const load = { concurrency: 16, durationMs: 1500, body: bookingBody(start) };
  // Both servers stay up; short runs alternate between them so machine noise hits both alike.
  const runs = await withEngine(100_000, (engineUrl) =>
    withBare(async (bareUrl) => {
      await runLoad({ ...load, url: engineUrl, durationMs: 500 });
      await runLoad({ ...load, url: `${bareUrl}/book`, durationMs: 500 });
      const out: { engine: LoadResult; bare: LoadResult }[] = [];
      for (let i = 0; i < 4; i++) out.push({ engine: await runLoad({ ...load, url: engineUrl }), bare: await runLoad({ ...load, url: `${bareUrl}/book` }) });
      return out;
    }),
  );
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const engineRps = median(runs.map((r) => r.engine.rps));
  const bareRps = median(runs.map((r) => r.bare.rps));
  const ok = runs.every((r) => (r.engine.statuses['201'] ?? 0) === r.engine.count && (r.bare.statuses['201'] ?? 0) === r.bare.count);
  const ratio = engineRps / bareRps;
  return {
    name: 'booking-http',
    value: round(engineRps),
    unit: 'bookings/s',
    baseline: round(bareRps),
    ratio: round(ratio, 3),
    target: 'ratio >= 0.5',
    pass: ok && ratio >= 0.5,
    notes: `median of 4 alternating 1.5 s runs, 16 clients; engine p99 ${round(median(runs.map((r) => r.engine.p99)))} ms, bare p99 ${round(median(runs.map((r) => r.bare.p99)))} ms`,
  };
}

export async function benchBookingRush(): Promise<Figure> {
  // Five rushes, each on a fresh slot of capacity 100. Every rush must book exactly
  // 100 with no 5xx; the latency figure is the median of their p99s. On this shared
  // machine about one rush in ten has the first requests of its last-opened ~40
  // connections all answered ~200 ms late while neither process's event loop is
  // busy (seen with a per-request log in the load generator and an event-loop
  // monitor in both processes, and also in rushes on an already full slot, where
  // nothing is written); one such run alone decides a single p99.
  const hours = ['10', '12', '13', '14', '15'];
  const rushes = await withEngine(100, async (url) => {
    // Warm the route on another slot first (its own rush), as a running server would be.
    await runLoad({ url, concurrency: 200, total: 10_000, body: bookingBody(`${jstDay(5)}T11:00:00+09:00`) });
    const out: LoadResult[] = [];
    for (const h of hours) out.push(await runLoad({ url, concurrency: 200, total: 2000, body: bookingBody(`${jstDay(5)}T${h}:00:00+09:00`) }));
    return out;
  });
  const errorsOf = (r: LoadResult) => Object.entries(r.statuses).filter(([s]) => Number(s) >= 500 || s === '0').reduce((n, [, c]) => n + c, 0);
  const exact = rushes.every((r) => r.count === 2000 && (r.statuses['201'] ?? 0) === 100 && errorsOf(r) === 0);
  const p99s = rushes.map((r) => r.p99);
  const p99 = [...p99s].sort((a, b) => a - b)[Math.floor(p99s.length / 2)];
  return {
    name: 'booking-rush',
    value: round(p99),
    unit: 'ms p99',
    baseline: 50,
    ratio: round(p99 / 50, 3),
    target: 'exactly 100 successes, no 5xx, p99 <= 50 ms',
    pass: exact && p99 <= 50,
    notes: `median p99 of ${rushes.length} rushes (p99s ${p99s.map((x) => round(x)).join(', ')} ms); successes ${rushes.map((r) => r.statuses['201'] ?? 0).join('/')}, 5xx ${rushes.map(errorsOf).join('/')}, each of 2000`,
  };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
