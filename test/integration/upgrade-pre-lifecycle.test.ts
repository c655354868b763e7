// A database made by the engine before the lifecycle change (commit 341d7a0:
// statuses confirmed/cancelled only, a juki_card_collected column on visits,
// service blocks of version 1) upgrades in place when the current engine opens it.
// fixtures/pre-lifecycle.sql is that database's `sqlite3 .dump`: the demo tenant
// published, three card-pickup bookings (one visited with 住基カード回収, one
// cancelled by staff), staff accounts of test/integration/admin-helpers.ts.
// SQLite only: upgrading a SQLite file made before the lifecycle (PostgreSQL starts from its baseline migration).
import { isPostgres } from '../../engine/db/dialect';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import type { CompiledService } from '../../blocks/service/block';
import { checkCounters } from '../../engine/booking/counters';
import { createFixedClock } from '../../engine/core/clock';
import { createTenantStore } from '../../engine/config/tenant-store';
import { loadPublishedTenants } from '../../engine/config/versions';
import { openDb, sqliteClient } from '../../engine/db';
import { createApp } from '../../engine/http/app';
import { silentLogger } from '../helpers/test-app';
import { STAFF_PASSWORD } from './admin-helpers';

const dir = mkdtempSync(join(tmpdir(), 'upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function oldDatabase(): string {
  const path = join(dir, `old-${Math.random().toString(36).slice(2)}.db`);
  const raw = new Database(path);
  raw.exec(readFileSync(new URL('./fixtures/pre-lifecycle.sql', import.meta.url), 'utf8'));
  raw.close();
  return path;
}

describe.skipIf(isPostgres)('a database of the previous version', () => {
  it('is the old shape before the upgrade (the fixture is what it claims)', () => {
    const raw = new Database(oldDatabase());
    const cols = (t: string) => (raw.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
    expect(cols('bookings')).not.toContain('holds_capacity');
    expect(cols('booking_visits')).toContain('juki_card_collected');
    expect(raw.prepare('SELECT status FROM bookings ORDER BY id').pluck().all()).toEqual(['confirmed', 'confirmed', 'cancelled']);
    raw.close();
  });

  it('upgrades in place: places held, history written, visit items moved, counters agree', async () => {
    const db = openDb(oldDatabase());
    const c = sqliteClient(db);
    expect(c.prepare('SELECT id, status, holds_capacity AS holds FROM bookings ORDER BY id').all()).toEqual([
      { id: 1, status: 'confirmed', holds: 1 },
      { id: 2, status: 'confirmed', holds: 1 },
      { id: 3, status: 'cancelled', holds: 0 },
    ]);
    expect(c.prepare('SELECT booking_id AS b, from_status AS f, to_status AS t, reason FROM booking_history ORDER BY booking_id, id').all()).toEqual([
      { b: 1, f: null, t: 'confirmed', reason: 'migrated' },
      { b: 2, f: null, t: 'confirmed', reason: 'migrated' },
      { b: 3, f: null, t: 'confirmed', reason: 'migrated' },
      { b: 3, f: 'confirmed', t: 'cancelled', reason: 'migrated' },
    ]);
    const visitCols = (c.prepare('PRAGMA table_info(booking_visits)').all() as { name: string }[]).map((x) => x.name);
    expect(visitCols).not.toContain('juki_card_collected');
    expect(JSON.parse(c.prepare('SELECT items_json FROM booking_visits WHERE booking_id = 1').pluck().get() as string)).toEqual({ 'juki-card': true });
    expect(await checkCounters(db, 'demo-city')).toEqual([]);
    c.close();
  });

  it('serves the stored version-1 tenant and its bookings: staff cancel one, the place is given back, a new one is booked', async () => {
    const db = openDb(oldDatabase());
    const published = await loadPublishedTenants(db, registry);
    const demo = published.find((p) => p.tenant.slug === 'demo-city')!;
    expect(demo.tenant.get('service', 'card-pickup')!.admission).toEqual(['immediate']);
    const app = createApp({ registry, db, clock: createFixedClock('2026-12-01T01:00:00Z'), tenants: createTenantStore(published), logger: silentLogger });
    const call = async (method: string, path: string, body?: unknown, cookie?: string) => {
      const res = await app.request(path, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, res, body: (await res.json()) as any };
    };
    const login = await call('POST', '/api/admin/t/demo-city/login', { loginId: 'staff', password: STAFF_PASSWORD });
    expect(login.status).toBe(200);
    const cookie = /muni_staff=[^;]+/.exec(login.res.headers.get('set-cookie') ?? '')![0];
    const T = '/api/admin/t/demo-city';

    const visited = await call('GET', `${T}/bookings/1`, undefined, cookie);
    expect(visited.status).toBe(200);
    expect(JSON.stringify(visited.body)).toContain('juki-card');

    const cancelled = await call('POST', `${T}/bookings/2/cancel`, { reason: '電話で取消' }, cookie);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await call('POST', `${T}/bookings/3/cancel`, {}, cookie);
    expect(again.status).toBe(409);

    const booked = await call('POST', `${T}/bookings`, { service: 'card-pickup', resource: 'honcho', start: '2026-12-03T10:00:00+09:00', answers: { name: '新規 三郎', phone: '0311112222', jukiCard: 'なし' } }, cookie);
    expect(booked.status).toBe(201);
    expect(sqliteClient(db).prepare('SELECT status, holds_capacity AS holds FROM bookings WHERE receipt_no = ?').get(booked.body.receiptNo)).toEqual({ status: 'confirmed', holds: 1 });
    expect(sqliteClient(db).prepare("SELECT from_status AS f, to_status AS t FROM booking_history WHERE booking_id = 2 AND reason IS NOT 'migrated'").all()).toEqual([{ f: 'confirmed', t: 'cancelled' }]);
    expect(await checkCounters(db, 'demo-city')).toEqual([]);
    sqliteClient(db).close();
  });
});
