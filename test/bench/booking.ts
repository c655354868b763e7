// booking-http and booking-rush: the booking endpoint of a real server process,
// loaded from a separate process.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServerProcess } from '../helpers/server-process';
import { jstDay, runLoad, tempDir, writeTenant, type Figure } from './common';

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
  const load = { concurrency: 16, durationMs: 4000, body: bookingBody(start) };
  const measure = (url: string) => runLoad({ ...load, url, durationMs: 800 }).then(() => runLoad({ ...load, url }));
  const engine = await withEngine(100_000, measure);
  const bare = await withBare((url) => measure(`${url}/book`));
  const ok = (engine.statuses['201'] ?? 0) === engine.count && (bare.statuses['201'] ?? 0) === bare.count;
  const ratio = engine.rps / bare.rps;
  return {
    name: 'booking-http',
    value: round(engine.rps),
    unit: 'bookings/s',
    baseline: round(bare.rps),
    ratio: round(ratio, 3),
    target: 'ratio >= 0.5',
    pass: ok && ratio >= 0.5,
    notes: `engine p99 ${round(engine.p99)} ms, bare p99 ${round(bare.p99)} ms, 16 clients`,
  };
}

export async function benchBookingRush(): Promise<Figure> {
  const start = `${jstDay(5)}T10:00:00+09:00`;
  const r = await withEngine(100, async (url) => {
    // Warm the route on another slot first, as a running server would be.
    await runLoad({ url, concurrency: 8, total: 200, body: bookingBody(`${jstDay(5)}T11:00:00+09:00`) });
    return runLoad({ url, concurrency: 200, total: 2000, body: bookingBody(start) });
  });
  const successes = r.statuses['201'] ?? 0;
  const errors5xx = Object.entries(r.statuses).filter(([s]) => Number(s) >= 500 || s === '0').reduce((n, [, c]) => n + c, 0);
  return {
    name: 'booking-rush',
    value: round(r.p99),
    unit: 'ms p99',
    baseline: 50,
    ratio: round(r.p99 / 50, 3),
    target: 'exactly 100 successes, no 5xx, p99 <= 50 ms',
    pass: successes === 100 && errors5xx === 0 && r.p99 <= 50,
    notes: `${successes} successes, ${r.statuses['409'] ?? 0} x 409, ${errors5xx} 5xx/errors of ${r.count}`,
  };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
