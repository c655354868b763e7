// Several app servers on one PostgreSQL database (issue #21): a rush split over
// two server processes books exactly the capacity, and kill -9 of one server
// under load loses no booking it acknowledged while the other goes on serving.
// Runs in the PostgreSQL suite (npm run test:pg); SQLite is one process's file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCounters } from '../../engine/booking/counters';
import { closeDb, openDb, sqlAll, sqlGet } from '../../engine/db';
import { isPostgres } from '../../engine/db/dialect';
import { jstDay, writeTenant } from '../bench/common';
import { fireAll, startServerProcess, type ServerProcess } from '../helpers/server-process';

const CAPACITY = 100;
const dir = mkdtempSync(join(tmpdir(), 'two-servers-'));
const tenants = writeTenant(dir, 'twin-town', [
  { kind: 'site', id: 'twin-town', title: 'ツイン町' },
  { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
  {
    kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }, { id: 'ab', title: 'A+B', consumes: ['a', 'b'] }],
    slotMinutes: 60, capacity: CAPACITY, weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '09:00', close: '17:00' }],
  },
  { kind: 'service', id: 's', title: '予約', form: 'f', calendar: 'c' },
]);
const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  rmSync(dir, { recursive: true, force: true });
});

async function twoServers(dbPath: string): Promise<[ServerProcess, ServerProcess]> {
  const env = { TENANTS_DIR: tenants, DATABASE_PATH: dbPath, PG_POOL_SIZE: '8' };
  // Started together: both migrate and publish the same folder at once.
  const pair = await Promise.all([startServerProcess({ env }), startServerProcess({ env })]);
  servers.push(...pair);
  return pair;
}

const url = (s: ServerProcess) => `${s.url}/api/t/twin-town/services/s/reservations`;

describe.skipIf(!isPostgres)('two app servers, one PostgreSQL', () => {
  it(`a rush of 400 split over both servers at one slot of ${CAPACITY} books exactly ${CAPACITY}`, async () => {
    const dbPath = join(dir, 'rush.db');
    const [one, two] = await twoServers(dbPath);
    const start = `${jstDay(3)}T10:00:00+09:00`;
    const results = await fireAll(
      Array.from({ length: 400 }, (_, i) => ({ url: url(i % 2 ? one : two), body: { resource: 'a', start, answers: { name: `住民${i}` } } })),
    );
    const byStatus = new Map<number, number>();
    for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 201: CAPACITY, 409: 400 - CAPACITY });
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'booking.slot_full')).toBe(true);
    // Both servers took part, and receipt numbers stayed unique across them.
    const receipts = results.filter((r) => r.status === 201).map((r) => r.body.receiptNo as string);
    expect(new Set(receipts).size).toBe(CAPACITY);
    await Promise.all([one.stop(), two.stop()]);
    const db = openDb(dbPath);
    try {
      expect(await checkCounters(db, 'twin-town')).toEqual([]);
      expect((await sqlGet<{ n: number }>(db, `SELECT COUNT(*) AS n FROM bookings WHERE status = 'confirmed'`))!.n).toBe(CAPACITY);
    } finally {
      await closeDb(db);
    }
  }, 120_000);

  it('kill -9 of one server under load loses no acknowledged booking; the other keeps serving', async () => {
    const dbPath = join(dir, 'kill.db');
    const [victim, survivor] = await twoServers(dbPath);
    type Outcome = { key: string; name: string; via: ServerProcess; status?: number; receiptNo?: string };
    const outcomes: Outcome[] = [];
    const day = jstDay(4);
    let i = 0;
    let stop = false;
    const send = async (o: Outcome, body: unknown) => {
      try {
        const res = await fetch(url(o.via), { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': o.key }, body: JSON.stringify(body) });
        o.status = res.status;
        if (res.status === 201) o.receiptNo = ((await res.json()) as { receiptNo: string }).receiptNo;
        else await res.text();
      } catch {
        // no answer: the server died mid-request
      }
    };
    const loop = async () => {
      while (!stop) {
        const n = i++;
        const o: Outcome = { key: `k-${n}`, name: `住民${n}`, via: n % 2 ? victim : survivor };
        outcomes.push(o);
        await send(o, { resource: ['a', 'b', 'ab'][n % 3], start: `${day}T${String(9 + (n % 8)).padStart(2, '0')}:00:00+09:00`, answers: { name: o.name } });
      }
    };
    const loops = Array.from({ length: 16 }, loop);
    const ackedBy = (s: ServerProcess) => outcomes.filter((o) => o.via === s && o.status === 201).length;
    while (ackedBy(victim) < 60 || ackedBy(survivor) < 60) await new Promise((r) => setTimeout(r, 10));
    victim.child.kill('SIGKILL');
    // The survivor goes on: wait for more acknowledgements after the kill.
    const afterKill = ackedBy(survivor);
    while (ackedBy(survivor) < afterKill + 40) await new Promise((r) => setTimeout(r, 10));
    stop = true;
    await Promise.all(loops);
    expect(await victim.stop()).toBe('SIGKILL');
    const acked = outcomes.filter((o) => o.status === 201);
    const unanswered = outcomes.filter((o) => o.status === undefined);
    expect(outcomes.every((o) => o.status === undefined || o.status === 201)).toBe(true);
    expect(unanswered.every((o) => o.via === victim)).toBe(true);

    const db = openDb(dbPath);
    try {
      const stored = new Set((await sqlAll<{ r: string }>(db, `SELECT receipt_no AS r FROM bookings WHERE status = 'confirmed'`)).map((x) => x.r));
      for (const o of acked) expect(stored.has(o.receiptNo!), `acknowledged ${o.receiptNo} is missing`).toBe(true);
      expect(await checkCounters(db, 'twin-town')).toEqual([]);
      const count = async (name: string) => (await sqlGet<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM bookings WHERE answers_json = ?', [JSON.stringify({ name })]))!.n;
      // An unanswered request committed at most once; retried through the survivor with its key, exactly once.
      for (const o of unanswered) expect(await count(o.name)).toBeLessThanOrEqual(1);
      for (const o of unanswered.slice(0, 20)) {
        o.via = survivor;
        o.status = undefined;
        await send(o, { resource: ['a', 'b', 'ab'][Number(o.key.slice(2)) % 3], start: `${day}T${String(9 + (Number(o.key.slice(2)) % 8)).padStart(2, '0')}:00:00+09:00`, answers: { name: o.name } });
        expect(o.status).toBe(201);
        expect(await count(o.name)).toBe(1);
      }
      expect(await checkCounters(db, 'twin-town')).toEqual([]);
    } finally {
      await closeDb(db);
      await survivor.stop();
    }
  }, 120_000);
});
