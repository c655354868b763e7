// availability-grid: a month for 50 resources with 30-minute slots through the
// availability endpoint of a real server, against one indexed query returning
// the same cells as JSON from a bare server (both over HTTP, one request at a time).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServerProcess } from '../helpers/server-process';
import { round, withBare } from './booking';
import { jstDay, runLoad, tempDir, writeTenant, type Figure } from './common';

const RESOURCES = 50;

function gridBlocks() {
  return [
    { kind: 'site', id: 'grid-town', title: 'グリッド町' },
    { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
    {
      kind: 'calendar', id: 'rooms', title: '施設',
      resources: Array.from({ length: RESOURCES }, (_, i) => ({ id: `room-${i + 1}`, title: `会議室${i + 1}` })),
      slotMinutes: 30, capacity: 3,
      weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '09:00', close: '21:00' }],
      exclusions: [{ from: '12:00', to: '13:00' }],
      closures: { weekdays: [{ days: ['mon'], holidayShift: true }] },
    },
    { kind: 'service', id: 'rooms', title: '会議室予約', form: 'f', calendar: 'rooms' },
  ];
}

export async function benchAvailabilityGrid(): Promise<Figure> {
  const from = jstDay(1);
  const to = jstDay(30);
  const dir = tempDir('grid');
  const tenants = writeTenant(dir, 'grid-town', gridBlocks());
  const server = await startServerProcess({ env: { TENANTS_DIR: tenants, DATABASE_PATH: join(dir, 'engine.db') } });
  let engine;
  let slots: unknown[] = [];
  try {
    const base = `${server.url}/api/t/grid-town/services/rooms`;
    // Some bookings so counters are read, not only expanded.
    for (let i = 1; i <= 20; i++) {
      await fetch(`${base}/reservations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ resource: `room-${i}`, start: `${jstDay(3)}T10:00:00+09:00`, answers: { name: '住民' } }),
      });
    }
    const url = `${base}/availability?from=${from}&to=${to}`;
    slots = ((await (await fetch(url)).json()) as { slots: unknown[] }).slots;
    engine = await runLoad({ url, method: 'GET', concurrency: 1, total: 60, body: {} });
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const bare = await withBare(async (url) => {
    await fetch(`${url}/cells`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ slots }) });
    return runLoad({ url: `${url}/cells?from=${from}&to=${to}T99`, method: 'GET', concurrency: 1, total: 60, body: {} });
  });
  const ratio = engine.p95 / bare.p95;
  return {
    name: 'availability-grid',
    value: round(engine.p95, 2),
    unit: 'ms p95',
    baseline: round(bare.p95, 2),
    ratio: round(ratio, 3),
    target: 'ratio <= 2 (or within 2 ms of 2x)',
    pass: (engine.statuses['200'] ?? 0) === engine.count && engine.p95 <= 2 * bare.p95 + 2,
    notes: `${slots.length} cells, ${RESOURCES} resources, ${from}..${to}`,
  };
}
