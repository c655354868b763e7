// Real server process, real parallel HTTP requests at one slot (DESIGN §3, §8).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCounters } from '../../engine/booking/counters';
import { openDb } from '../../engine/db';
import { addDays } from '../../engine/schedule/time';
import { fireAll, startServerProcess, type ServerProcess } from '../helpers/server-process';

const CAPACITY = 5;
const ATTEMPTS = 60;
const dir = mkdtempSync(join(tmpdir(), 'race-'));
const tenantDir = join(dir, 'tenants', 'race-town');
const dbPath = join(dir, 'db', 'engine.db');
// A slot a few days ahead in local (JST) time, whatever the machine's clock says.
const jstToday = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const day = addDays(jstToday, 3);
const start = `${day}T10:00:00+09:00`;

function writeTenant() {
  mkdirSync(tenantDir, { recursive: true });
  const blocks = [
    { kind: 'site', id: 'race-town', title: 'レース町' },
    { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
    {
      kind: 'calendar', id: 'desks', title: '窓口', resources: [{ id: 'desk', title: '窓口' }], slotMinutes: 30, capacity: CAPACITY,
      weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '09:00', close: '17:00' }],
    },
    {
      kind: 'calendar', id: 'gym', title: '体育館',
      resources: [{ id: 'court-a', title: 'A面' }, { id: 'court-b', title: 'B面' }, { id: 'whole', title: '全面', consumes: ['court-a', 'court-b'] }],
      slotMinutes: 120, capacity: 1, weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '08:00', close: '20:00' }],
    },
    { kind: 'service', id: 'desk', title: '窓口予約', form: 'f', calendar: 'desks' },
    { kind: 'service', id: 'gym', title: '体育館', form: 'f', calendar: 'gym' },
  ];
  writeFileSync(join(tenantDir, 'blocks.json'), JSON.stringify(blocks, null, 2));
}

let server: ServerProcess;
let naive: ServerProcess;

beforeAll(async () => {
  writeTenant();
  [server, naive] = await Promise.all([
    startServerProcess({ env: { TENANTS_DIR: join(dir, 'tenants'), DATABASE_PATH: dbPath } }),
    startServerProcess({ entry: 'test/integration/fixtures/naive-booking-server.ts', env: { NAIVE_CAPACITY: String(CAPACITY), DATABASE_PATH: join(dir, 'naive.db') } }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([server?.stop(), naive?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const body = (i: number, resource = 'desk', at = start) => ({ resource, start: at, answers: { name: `住民${i}` } });

describe('parallel bookings against a real server process', () => {
  it(`lets exactly ${CAPACITY} of ${ATTEMPTS} simultaneous bookings through; the rest get 409 booking.slot_full`, async () => {
    const results = await fireAll(Array.from({ length: ATTEMPTS }, (_, i) => ({ url: `${server.url}/api/t/race-town/services/desk/reservations`, body: body(i) })));
    const ok = results.filter((r) => r.status === 201);
    const full = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(CAPACITY);
    expect(full).toHaveLength(ATTEMPTS - CAPACITY);
    for (const r of full) expect(r.body.error.code).toBe('booking.slot_full');
    expect(new Set(ok.map((r) => r.body.receiptNo)).size).toBe(CAPACITY);
  });

  it('never lets 全面 and A面 both through for the same slot', async () => {
    for (const [i, time] of ['08:00', '10:00', '12:00', '14:00', '16:00'].entries()) {
      const at = `${day}T${time}:00+09:00`;
      const requests = Array.from({ length: 20 }, (_, j) => ({
        url: `${server.url}/api/t/race-town/services/gym/reservations`,
        body: body(i * 100 + j, j % 2 === 0 ? 'whole' : 'court-a', at),
      }));
      const results = await fireAll(requests);
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status !== 201).every((r) => r.status === 409)).toBe(true);
    }
  });

  it('books once for simultaneous retries with one Idempotency-Key, even when they share a group commit', async () => {
    const at = `${day}T15:00:00+09:00`;
    const requests = Array.from({ length: 20 }, () => ({
      url: `${server.url}/api/t/race-town/services/desk/reservations`,
      body: body(999, 'desk', at),
      headers: { 'idempotency-key': 'race-retry-0001' },
    }));
    const results = await fireAll(requests);
    expect(results.map((r) => r.status)).toEqual(requests.map(() => 201));
    expect(new Set(results.map((r) => r.body.receiptNo)).size).toBe(1);
    const db = openDb(dbPath);
    try {
      const slotStart = Date.parse(at);
      expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM bookings WHERE slot_start = ${slotStart}`).n).toBe(1);
    } finally {
      db.$client.close();
    }
  });

  it('the deliberately naive server overbooks under the same load (the test can see overbooking)', async () => {
    const results = await fireAll(Array.from({ length: ATTEMPTS }, (_, i) => ({ url: `${naive.url}/book`, body: body(i) })));
    const ok = results.filter((r) => r.status === 201).length;
    expect(ok).toBeGreaterThan(CAPACITY);
  });

  it('after shutdown, counters equal a recomputation from the bookings table and the database is intact', async () => {
    expect(await server.stop()).toBe(0);
    const db = openDb(dbPath);
    try {
      expect(checkCounters(db, 'race-town')).toEqual([]);
      expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM bookings WHERE service_id = 'desk' AND status = 'confirmed'`).n).toBe(CAPACITY + 1); // + the idempotent one
      expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM bookings WHERE service_id = 'gym'`).n).toBe(5);
      expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'booking.confirmed'`).n).toBe(CAPACITY + 5 + 1);
      expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.$client.close();
    }
  });
});
