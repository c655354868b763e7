// kill -9 of the server under booking load, then restart (issue: reliability suite).
// Every booking that got a 2xx must be there, the database intact, counters equal a
// recomputation, and an idempotent retry of an unanswered request books at most once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCounters } from '../../engine/booking/counters';
import { closeDb, dialectOf, openDb, sqlAll, sqlGet, sqliteClient } from '../../engine/db';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { jstDay, writeTenant } from '../bench/common';

const dir = mkdtempSync(join(tmpdir(), 'kill9-'));
const dbPath = join(dir, 'engine.db');
const tenants = writeTenant(dir, 'kill-town', [
  { kind: 'site', id: 'kill-town', title: 'キル町' },
  { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
  {
    kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }, { id: 'ab', title: 'A+B', consumes: ['a', 'b'] }],
    slotMinutes: 60, capacity: 100000, weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '09:00', close: '17:00' }],
  },
  { kind: 'service', id: 's', title: '予約', form: 'f', calendar: 'c' },
]);
const env = { TENANTS_DIR: tenants, DATABASE_PATH: dbPath };
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

type Outcome = { key: string; name: string; body: unknown; status?: number; receiptNo?: string };

function request(url: string, o: Outcome): Promise<void> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': o.key }, body: JSON.stringify(o.body) })
    .then(async (res) => {
      o.status = res.status;
      if (res.status === 201) o.receiptNo = ((await res.json()) as { receiptNo: string }).receiptNo;
      else await res.text();
    })
    .catch(() => undefined); // no answer: the server died mid-request
}

describe('kill -9 under load', () => {
  it('loses no acknowledged booking and never books an idempotent retry twice', async () => {
    server = await startServerProcess({ env });
    const url = `${server.url}/api/t/kill-town/services/s/reservations`;
    const outcomes: Outcome[] = [];
    let i = 0;
    let stop = false;
    const day = jstDay(4);
    const loop = async () => {
      while (!stop) {
        const n = i++;
        const o: Outcome = {
          key: `k-${n}`,
          name: `住民${n}`,
          body: { resource: ['a', 'b', 'ab'][n % 3], start: `${day}T${String(9 + (n % 8)).padStart(2, '0')}:00:00+09:00`, answers: { name: `住民${n}` } },
        };
        outcomes.push(o);
        await request(url, o);
      }
    };
    const loops = Array.from({ length: 24 }, loop);
    // Kill once a good number of bookings has been acknowledged.
    while (outcomes.filter((o) => o.status === 201).length < 150) await new Promise((r) => setTimeout(r, 10));
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    expect(await server.stop()).toBe('SIGKILL');

    const acked = outcomes.filter((o) => o.status === 201);
    const unanswered = outcomes.filter((o) => o.status === undefined);
    expect(acked.length).toBeGreaterThanOrEqual(150);
    expect(unanswered.length).toBeGreaterThan(0); // the kill really cut requests short
    expect(outcomes.every((o) => o.status === undefined || o.status === 201)).toBe(true);

    server = await startServerProcess({ env });
    const db = openDb(dbPath);
    try {
      // The file's own check (PostgreSQL has no such file).
      if (dialectOf(db) === 'sqlite') expect(sqliteClient(db).pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set((await sqlAll<{ r: string }>(db, `SELECT receipt_no AS r FROM bookings WHERE status = 'confirmed'`)).map((x) => x.r));
      for (const o of acked) expect(stored.has(o.receiptNo!), `acknowledged ${o.receiptNo} is missing`).toBe(true);
      expect(await checkCounters(db, 'kill-town')).toEqual([]);
      const count = async (name: string) => (await sqlGet<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM bookings WHERE answers_json = ?', [JSON.stringify({ name })]))!.n;
      // A request that got no answer may or may not have committed, never twice.
      for (const o of unanswered) expect(await count(o.name)).toBeLessThanOrEqual(1);
      // Retrying it with its key books it at most once; acknowledged ones replay the same receipt.
      const retryUrl = `${server.url}/api/t/kill-town/services/s/reservations`;
      const sample = [...unanswered, ...acked.slice(0, 20)];
      const before = new Map(sample.map((o) => [o.key, o.receiptNo]));
      for (const o of sample) {
        o.status = undefined;
        await request(retryUrl, o);
        expect(o.status).toBe(201);
        if (before.get(o.key)) expect(o.receiptNo).toBe(before.get(o.key));
        expect(await count(o.name)).toBe(1);
      }
      expect(await checkCounters(db, 'kill-town')).toEqual([]);
    } finally {
      await closeDb(db);
    }
  }, 90_000);
});
