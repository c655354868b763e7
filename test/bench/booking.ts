// booking-http and booking-rush: the booking endpoint of a real server process,
// loaded from a separate process.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServerProcess } from '../helpers/server-process';
import { exactRush, jstDay, median, percentile, runLoad, serverErrors, tempDir, writeTenant, type Figure, type LoadResult } from './common';

// A realistic tenant: a confirmation email (an outbox row per booking, the access key
// as a secret), a monthly quota per email address (a count query per booking), and
// an Idempotency-Key on every request (a look-up and a sealed stored response).
export function benchBlocks(capacity: number) {
  return [
    { kind: 'site', id: 'bench-town', title: 'ベンチ町' },
    {
      kind: 'form', id: 'f', title: '申込',
      fields: [{ id: 'name', type: 'text', label: '氏名', required: true }, { id: 'email', type: 'email', label: 'メールアドレス', required: true }],
    },
    {
      kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'desk', title: '窓口' }], slotMinutes: 30, capacity,
      weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '09:00', close: '17:00' }],
    },
    { kind: 'quota', id: 'monthly', title: '月3回まで', scope: 'service', perPeriod: { period: 'month', max: 3 } },
    {
      kind: 'notification', id: 'notices', title: '予約の通知',
      messages: [
        {
          id: 'confirmed', event: 'booking.confirmed', channels: ['email'],
          subject: '【{{site.title}}】予約を受け付けました（受付番号 {{booking.receiptNo}}）',
          body: '{{answers.name}} 様\n\n{{booking.serviceTitle}}のご予約を受け付けました。\n\n受付番号: {{booking.receiptNo}}\n{{#if booking.accessKey}}アクセスキー: {{booking.accessKey}}\n{{/if}}場所: {{booking.resourceTitle}}\n日時: {{booking.datetime}}\n',
        },
      ],
    },
    { kind: 'service', id: 'desk', title: '窓口予約', form: 'f', calendar: 'c', quotas: ['monthly'] },
  ];
}

// Every request a new resident (so the quota counts but never refuses) and a new key.
export const bookingBody = (start: string) => ({ resource: 'desk', start, answers: { name: '住民{{i}}', email: 'r{{i}}-{{run}}@example.jp' } });

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

export async function withBare<T>(run: (url: string) => Promise<T>, capacity?: number): Promise<T> {
  const dir = tempDir('bare');
  const server = await startServerProcess({ entry: 'test/bench/bare-server.ts', env: { DATABASE_PATH: join(dir, 'bare.db'), ...(capacity ? { BARE_CAPACITY: String(capacity) } : {}) } });
  try {
    return await run(server.url);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchBookingHttp(): Promise<Figure> {
  const start = `${jstDay(5)}T10:00:00+09:00`;
  const load = { concurrency: 16, durationMs: 1500, body: bookingBody(start), idempotency: true };
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
    const engineRps = median(runs.map((r) => r.engine.rps));
  const bareRps = median(runs.map((r) => r.bare.rps));
  const ok = runs.every((r) => (r.engine.statuses['201'] ?? 0) === r.engine.count && (r.bare.statuses['201'] ?? 0) === r.bare.count);
  return throughputFigure('booking-http', engineRps, bareRps, ok, `median of 4 alternating 1.5 s runs, 16 clients, both with group commit, an email outbox row, a quota count and an Idempotency-Key per booking; engine p99 ${round(median(runs.map((r) => r.engine.p99)))} ms, bare p99 ${round(median(runs.map((r) => r.bare.p99)))} ms`);
}

/** A throughput figure: the engine's bookings per second against the bare route's, target ratio 0.5. */
export function throughputFigure(name: string, engineRps: number, bareRps: number, ok: boolean, notes: string): Figure {
  const ratio = engineRps / bareRps;
  return { name, value: round(engineRps), unit: 'bookings/s', baseline: round(bareRps), ratio: round(ratio, 3), target: 'ratio >= 0.5', pass: ok && ratio >= 0.5, notes };
}

export async function benchBookingRush(): Promise<Figure> {
  // Five rushes, each on a fresh slot of capacity 100: every rush must book exactly
  // 100 with no 5xx, and the figure is the p99 over all 10,000 requests of the five.
  const hours = ['10', '12', '13', '14', '15'];
  const rush = (start: string) => ({ concurrency: 200, total: 2000, body: bookingBody(start), idempotency: true, raw: true });
  const rushesAt = async (url: string) => {
    // Warm the route on another slot first (its own rush), as a running server would be.
    await runLoad({ ...rush(`${jstDay(5)}T11:00:00+09:00`), url, total: 10_000, raw: false });
    const out: LoadResult[] = [];
    for (const h of hours) out.push(await runLoad({ ...rush(`${jstDay(5)}T${h}:00:00+09:00`), url }));
    return out;
  };
  const rushes = await withEngine(100, rushesAt);
  // The floor on this machine: the same rushes at the bare route (same transaction, same group commit, capacity 100).
  const bare = await withBare((url) => rushesAt(`${url}/book`), 100);
  const exact = rushes.every(exactRush) && bare.every(exactRush);
  const all = rushes.flatMap((r) => r.latencies ?? []).sort((a, b) => a - b);
  const p99 = percentile(all, 99);
  const bareAll = bare.flatMap((r) => r.latencies ?? []).sort((a, b) => a - b);
  return {
    name: 'booking-rush',
    value: round(p99),
    unit: 'ms p99',
    baseline: 30,
    ratio: round(p99 / 30, 3),
    target: 'exactly 100 successes and 1,900 × 409 per rush, no 5xx, p99 over all requests <= 30 ms',
    pass: exact && all.length === 10_000 && p99 <= 30,
    notes:
      `p99 of all ${all.length} requests of ${rushes.length} rushes (200 clients, 2,000 each; p50 ${round(percentile(all, 50))} ms, max ${round(all.at(-1) ?? 0)} ms); ` +
      `per-rush p99s ${rushes.map((r) => round(r.p99)).join(', ')} ms; successes ${rushes.map((r) => r.statuses['201'] ?? 0).join('/')}, 5xx ${rushes.map((r) => serverErrors(r.statuses)).join('/')}; ` +
      `the bare route, same rushes: p99 ${round(percentile(bareAll, 99))} ms, p50 ${round(percentile(bareAll, 50))} ms, successes ${bare.map((r) => r.statuses['201'] ?? 0).join('/')}`,
  };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
