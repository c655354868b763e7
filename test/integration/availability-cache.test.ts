// The resident availability API serves a cached grid only while nothing it depends
// on changed: a booking or cancellation here, a commit by another connection to the
// same database file, the minute (slot states depend on now), the published version.
// SQLite only: the month-grid cache checks the file's data_version; on PostgreSQL there is no cache.
import { isPostgres } from '../../engine/db/dialect';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { createFixedClock } from '../../engine/core/clock';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import { openDb, sqliteClient } from '../../engine/db';
import { createApp } from '../../engine/http/app';
import { silentLogger } from '../helpers/test-app';

const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
  { kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'desk', title: '窓口' }], slotMinutes: 30, capacity: 2, weekly: [{ days: ['tue'], open: '09:00', close: '10:00' }], publicAvailability: true },
  { kind: 'service', id: 's', title: '相談', form: 'f', calendar: 'c' },
];
const dir = mkdtempSync(join(tmpdir(), 'avail-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function setup() {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.db`);
  const clock = createFixedClock('2026-12-01T00:00:00Z'); // Tue 09:00 JST
  const tenant = loadTenantBlocks('test-town', blocks, registry).tenant!;
  const db = openDb(path);
  const v = await publishVersion(db, tenant, { source: 'folder', clock });
  const app = createApp({ registry, db, clock, tenants: createTenantStore([{ versionId: v.id, seq: v.seq, tenant }]), logger: silentLogger });
  const grid = async () => {
    const res = await app.request('/api/t/test-town/services/s/availability?from=2026-12-08&to=2026-12-08');
    expect(res.headers.get('content-type')).toContain('application/json');
    return ((await res.json()) as { slots: { start: string; remaining: number; status: string }[] }).slots;
  };
  const book = (start: string) =>
    app.request('/api/t/test-town/services/s/reservations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resource: 'desk', start, answers: { name: '山田' } }) });
  return { path, clock, db, app, grid, book };
}

describe.skipIf(isPostgres)('cached availability', () => {
  it('shows a booking and a cancellation made here at once', async () => {
    const t = await setup();
    expect((await t.grid())[0].remaining).toBe(2);
    expect((await t.grid())[0].remaining).toBe(2); // served from the cache
    const b = (await (await t.book('2026-12-08T09:00:00+09:00')).json()) as { receiptNo: string; accessKey: string };
    expect((await t.grid())[0].remaining).toBe(1);
    const refused = await t.book('2026-12-08T09:99:00+09:00');
    expect(refused.status).toBe(422);
    expect((await t.grid())[0].remaining).toBe(1);
    const cancel = await t.app.request(`/api/t/test-town/reservations/${b.receiptNo}`, { method: 'DELETE', headers: { 'x-access-key': b.accessKey } });
    expect(cancel.status).toBe(200);
    expect((await t.grid())[0].remaining).toBe(2);
    sqliteClient(t.db).close();
  });

  it('shows a commit made by another connection to the same file', async () => {
    const t = await setup();
    expect((await t.grid())[0].remaining).toBe(2);
    const other = new Database(t.path);
    const start = Date.parse('2026-12-08T09:00:00+09:00');
    other.prepare("INSERT INTO slot_counters (tenant_slug, calendar_id, unit, slot_start, used) VALUES ('test-town', 'c', 'desk', ?, 2)").run(start);
    other.close();
    expect((await t.grid())[0]).toMatchObject({ remaining: 0, status: 'full' });
    sqliteClient(t.db).close();
  });

  it('follows the clock: a slot that has begun is no longer offered', async () => {
    const t = await setup();
    t.clock.set('2026-12-08T00:29:00Z'); // 09:29 JST on the day
    const before = await t.grid();
    t.clock.set('2026-12-08T00:30:00Z'); // 09:30: the second slot has begun
    const after = await t.grid();
    expect(before[1].status).not.toBe(after[1].status);
    sqliteClient(t.db).close();
  });
});
