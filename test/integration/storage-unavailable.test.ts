// A database that cannot take writes (disk full, read-only) answers 503
// storage.unavailable with Retry-After, /healthz fails, and a read-only file
// stops the start. Tests run as root, where chmod protects nothing, so they use
// SQLite's own switches: max_page_count (full), query_only and readonly opens.
// SQLite only: a full disk, a read-only file and a read-only connection of the SQLite file.
import { isPostgres } from '../../engine/db/dialect';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFixedClock } from '../../engine/core/clock';
import { EngineError } from '../../engine/core/errors';
import { createTenantStore } from '../../engine/config/tenant-store';
import { closeDb, openDb, sqliteClient } from '../../engine/db';
import { createApp } from '../../engine/http/app';
import { registry } from '../../blocks';
import { createTestApp, silentLogger } from '../helpers/test-app';
import { NOW, slot } from './fixtures/notify-blocks';

const dir = mkdtempSync(join(tmpdir(), 'storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }, { id: 'note', type: 'textarea', label: '備考', maxLength: 5000 }] },
  { kind: 'calendar', id: 'desks', title: '窓口', resources: [{ id: 'main', title: '本庁舎窓口' }], slotMinutes: 30, capacity: 5, weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '12:00' }] },
  { kind: 'service', id: 'pickup', title: 'カード交付', form: 'f', calendar: 'desks' },
];
const book = (t: Awaited<ReturnType<typeof createTestApp>>, time: string, note = '') =>
  t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', time), answers: { name: '山田 花子', ...(note ? { note } : {}) } });

function expectUnavailable(r: { status: number; headers: Headers; body: any }) {
  expect(r.status).toBe(503);
  expect(r.headers.get('retry-after')).toBe('60');
  expect(r.body.error).toMatchObject({ code: 'storage.unavailable', details: expect.any(Object) });
  expect(r.body.error.message).toContain('申込みは完了していません');
}

describe.skipIf(isPostgres)('storage unavailable', () => {
  it('disk full: a booking is answered 503 with Retry-After and not recorded; /healthz fails', async () => {
    const t = await createTestApp(blocks, { now: NOW });
    expect((await book(t, '10:00')).status).toBe(201);
    expect((await t.json('GET', '/healthz')).status).toBe(200);
    const client = sqliteClient(t.db);
    client.exec('VACUUM'); // no free pages left to reuse
    client.pragma(`max_page_count = ${client.pragma('page_count', { simple: true })}`);
    // 15 kB of answers need overflow pages the file may not grow to: SQLITE_FULL.
    const r = await book(t, '10:30', 'あ'.repeat(5000));
    expectUnavailable(r);
    expect(client.prepare('SELECT count(*) AS n FROM bookings').get()).toEqual({ n: 1 }); // nothing half-written
    const h = await t.json('GET', '/healthz');
    expectUnavailable(h);
    expect(h.body.error.details).toEqual({ reason: 'database-full' });
  });

  it('read-only: a booking is answered 503 with Retry-After; /healthz fails; it recovers when writable again', async () => {
    const t = await createTestApp(blocks, { now: NOW });
    sqliteClient(t.db).pragma('query_only = 1');
    expectUnavailable(await book(t, '10:00'));
    const h = await t.json('GET', '/healthz');
    expectUnavailable(h);
    expect(h.body.error.details).toEqual({ reason: 'read-only' });
    sqliteClient(t.db).pragma('query_only = 0');
    // A request met the failure a moment ago: /healthz stays failed for a minute, then recovers.
    expect((await t.json('GET', '/healthz')).body.error.details).toEqual({ reason: 'recent-write-failure' });
    t.clock.advance(61_000);
    expect((await t.json('GET', '/healthz')).status).toBe(200);
    expect((await book(t, '10:00')).status).toBe(201);
  });

  it('healthz fails on a connection opened read-only', async () => {
    const path = join(dir, 'ro-health.db');
    await closeDb(openDb(path));
    // The connection made read-only after opening (openDb itself refuses a read-only file).
    const db = openDb(path);
    sqliteClient(db).pragma('query_only = ON');
    const app = createApp({ registry, db, clock: createFixedClock(NOW), tenants: createTenantStore([]), logger: silentLogger });
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.json()).toMatchObject({ error: { code: 'storage.unavailable', details: { reason: 'read-only' } } });
    sqliteClient(db).close();
  });

  it('refuses to open a database it cannot write, with a Japanese and English message', async () => {
    const path = join(dir, 'ro-start.db');
    await closeDb(openDb(path));
    let err: unknown;
    try {
      openDb(path, { open: (p) => new Database(p, { readonly: true }) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('storage.read_only');
    expect((err as EngineError).details).toEqual({ path, reason: 'SQLITE_READONLY' });
    // A writable file opens as before.
    const db = openDb(path);
    expect(sqliteClient(db).readonly).toBe(false);
    sqliteClient(db).close();
  });
});
