// Real server process, real parallel HTTP requests at one slot (DESIGN §3, §8).
// Each test starts its own server on its own tenant folder and database, so no
// test depends on what another one left behind.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCounters } from '../../engine/booking/counters';
import { closeDb, dialectOf, openDb, sqlGet, sqliteClient, type Db } from '../../engine/db';
import { addDays } from '../../engine/schedule/time';
import { fireAll, startServerProcess, type ServerProcess } from '../helpers/server-process';

const CAPACITY = 5;
const ATTEMPTS = 60;
// A slot a few days ahead in local (JST) time, whatever the machine's clock says.
const jstToday = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const day = addDays(jstToday, 3);
const start = `${day}T10:00:00+09:00`;

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

interface RaceServer {
  server: ServerProcess;
  dbPath: string;
  url(service: string): string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** A fresh tenant folder, database and server process for one test. */
async function startRace(env: Record<string, string> = {}): Promise<RaceServer> {
  const dir = mkdtempSync(join(tmpdir(), 'race-'));
  mkdirSync(join(dir, 'tenants', 'race-town'), { recursive: true });
  writeFileSync(join(dir, 'tenants', 'race-town', 'blocks.json'), JSON.stringify(blocks, null, 2));
  const dbPath = join(dir, 'db', 'engine.db');
  const server = await startServerProcess({ env: { TENANTS_DIR: join(dir, 'tenants'), DATABASE_PATH: dbPath, ...env } });
  cleanups.push(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { server, dbPath, url: (service) => `${server.url}/api/t/race-town/services/${service}/reservations` };
}

/** Stops the server and checks the database it leaves: counters agree with the bookings, file intact. */
async function stopAndCheck(race: RaceServer, check: (db: Db) => Promise<void> = async () => {}) {
  expect(await race.server.stop()).toBe(0);
  const db = openDb(race.dbPath);
  try {
    expect(await checkCounters(db, 'race-town')).toEqual([]);
    // The file's own check (PostgreSQL has no such file).
    if (dialectOf(db) === 'sqlite') expect(sqliteClient(db).pragma('integrity_check', { simple: true })).toBe('ok');
    await check(db);
  } finally {
    await closeDb(db);
  }
}

const count = async (db: Db, q: string, params: unknown[] = []) => (await sqlGet<{ n: number }>(db, q, params))!.n;
const body = (i: number, resource = 'desk', at = start) => ({ resource, start: at, answers: { name: `住民${i}` } });

describe('parallel bookings against a real server process', () => {
  it(`lets exactly ${CAPACITY} of ${ATTEMPTS} simultaneous bookings through; the rest get 409 booking.slot_full`, async () => {
    const race = await startRace();
    const results = await fireAll(Array.from({ length: ATTEMPTS }, (_, i) => ({ url: race.url('desk'), body: body(i) })));
    const ok = results.filter((r) => r.status === 201);
    const full = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(CAPACITY);
    expect(full).toHaveLength(ATTEMPTS - CAPACITY);
    for (const r of full) expect(r.body.error.code).toBe('booking.slot_full');
    expect(new Set(ok.map((r) => r.body.receiptNo)).size).toBe(CAPACITY);
    await stopAndCheck(race, async (db) => {
      expect(await count(db, `SELECT COUNT(*) AS n FROM bookings WHERE status = 'confirmed'`)).toBe(CAPACITY);
      expect(await count(db, `SELECT used AS n FROM slot_counters WHERE slot_start = ?`, [Date.parse(start)])).toBe(CAPACITY);
      expect(await count(db, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'booking.confirmed'`)).toBe(CAPACITY);
    });
  });

  it('never lets 全面 and A面 both through for the same slot', async () => {
    const race = await startRace();
    for (const [i, time] of ['08:00', '10:00', '12:00', '14:00', '16:00'].entries()) {
      const at = `${day}T${time}:00+09:00`;
      const requests = Array.from({ length: 20 }, (_, j) => ({ url: race.url('gym'), body: body(i * 100 + j, j % 2 === 0 ? 'whole' : 'court-a', at) }));
      const results = await fireAll(requests);
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status !== 201).every((r) => r.status === 409)).toBe(true);
    }
    await stopAndCheck(race, async (db) => {
      expect(await count(db, `SELECT COUNT(*) AS n FROM bookings WHERE service_id = 'gym'`)).toBe(5);
    });
  });

  it('books once for simultaneous retries with one Idempotency-Key, even when they share a group commit', async () => {
    const race = await startRace();
    const requests = Array.from({ length: 20 }, () => ({ url: race.url('desk'), body: body(999), headers: { 'idempotency-key': 'race-retry-0001' } }));
    const results = await fireAll(requests);
    expect(results.map((r) => r.status)).toEqual(requests.map(() => 201));
    expect(new Set(results.map((r) => r.body.receiptNo)).size).toBe(1);
    await stopAndCheck(race, async (db) => {
      expect(await count(db, `SELECT COUNT(*) AS n FROM bookings WHERE slot_start = ?`, [Date.parse(start)])).toBe(1);
    });
  });

  it('the same engine with its capacity guard switched off overbooks (the test can see a missing guard)', async () => {
    // Test-only seam read by engine/booking/counters.ts. With the guard off every
    // attempt is let through, so the overbooking does not depend on timing.
    const race = await startRace({ ENGINE_TEST_DISABLE_CAPACITY_GUARD: '1', NODE_ENV: 'test' });
    const results = await fireAll(Array.from({ length: ATTEMPTS }, (_, i) => ({ url: race.url('desk'), body: body(i) })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(ATTEMPTS);
    expect(await race.server.stop()).toBe(0);
    const db = openDb(race.dbPath);
    try {
      // What the guarded tests above assert never happens: more places taken than the slot has.
      expect(await count(db, `SELECT used AS n FROM slot_counters WHERE slot_start = ?`, [Date.parse(start)])).toBe(ATTEMPTS);
      expect(await count(db, `SELECT COUNT(*) AS n FROM bookings WHERE status = 'confirmed'`)).toBeGreaterThan(CAPACITY);
    } finally {
      await closeDb(db);
    }
  });

  it('ignores the seam outside tests: without NODE_ENV=test or VITEST the guard stays on', async () => {
    const race = await startRace({ ENGINE_TEST_DISABLE_CAPACITY_GUARD: '1', NODE_ENV: 'production', VITEST: '' });
    const results = await fireAll(Array.from({ length: ATTEMPTS }, (_, i) => ({ url: race.url('desk'), body: body(i) })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(CAPACITY);
    await stopAndCheck(race);
  });
});
