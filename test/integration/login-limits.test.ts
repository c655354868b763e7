// Password guessing limits (security probe, issue 13): attempts are counted before
// the password is checked, so a concurrent burst checks at most the limit's number
// of passwords; limits are per (account, address), so a stranger cannot lock the
// real staff member out; own password changes and registrations are throttled too;
// the bootstrap administrator must change an ENGINE_ADMIN_PASSWORD.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyPassword } from '../../engine/auth/password';
import { ensureAdminAccounts } from '../../engine/staff/bootstrap';
import { createTestApp } from '../helpers/test-app';
import { ADMIN_PASSWORD, createAdminTestApp, STAFF_PASSWORD } from './admin-helpers';
import { createClient, hiddenOf, residentApp } from './resident-client';
import { sqlAll, sqlGet, sqlRun } from '../../engine/db';

// Every password check of the engine goes through this spy, so a test counts checks, not time.
vi.mock('../../engine/auth/password', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../engine/auth/password')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});
const checks = vi.mocked(verifyPassword);

const T = '/api/admin/t/demo-city';
const from = (ip: string) => ({ 'x-forwarded-for': ip });

let savedTrust: string | undefined;
beforeEach(() => {
  savedTrust = process.env.TRUST_PROXY;
  process.env.TRUST_PROXY = '1';
});
afterEach(() => {
  if (savedTrust === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = savedTrust;
});

describe('staff login under a concurrent burst', () => {
  it('checks at most five passwords of 100 concurrent attempts (the right one among them), the rest get 429', async () => {
    const t = await createAdminTestApp();
    checks.mockClear();
    const burst = Array.from({ length: 100 }, (_, i) =>
      t.request('POST', `${T}/login`, { body: { loginId: 'manager', password: i === 50 ? STAFF_PASSWORD : `guess-${i}-x` }, headers: from('203.0.113.9') }),
    );
    const statuses = (await Promise.all(burst)).map((r) => r.status);
    expect(checks.mock.calls.length).toBe(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(95);
    // A burst of 400 for an unknown id costs no more than the limit either.
    checks.mockClear();
    const unknown = await Promise.all(Array.from({ length: 400 }, (_, i) => t.request('POST', `${T}/login`, { body: { loginId: 'ghost', password: `p-${i}-x` }, headers: from('203.0.113.10') })));
    expect(checks.mock.calls.length).toBe(5);
    expect(unknown.filter((r) => r.status === 429)).toHaveLength(395);
  });

  it('gives a successful attempt back: five right logins in a row after four failures still work', async () => {
    const t = await createAdminTestApp();
    for (let i = 0; i < 4; i++) expect((await t.request('POST', `${T}/login`, { body: { loginId: 'manager', password: `bad-${i}-pass` } })).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await t.request('POST', `${T}/login`, { body: { loginId: 'manager', password: STAFF_PASSWORD } })).status).toBe(200);
    expect((await t.request('POST', `${T}/login`, { body: { loginId: 'manager', password: 'bad-5-pass' } })).status).toBe(401);
    expect((await t.request('POST', `${T}/login`, { body: { loginId: 'manager', password: 'bad-6-pass' } })).status).toBe(429);
  });
});

describe('staff lock-out per (account, address)', () => {
  it("a stranger's failures from address A do not lock the admin out from address B", async () => {
    const t = await createAdminTestApp();
    for (let i = 0; i < 5; i++) expect((await t.request('POST', `${T}/login`, { body: { loginId: 'admin', password: `wrong-${i}-pw` }, headers: from('198.51.100.7') })).status).toBe(401);
    const attacker = await t.request('POST', `${T}/login`, { body: { loginId: 'admin', password: ADMIN_PASSWORD }, headers: from('198.51.100.7') });
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers.get('retry-after'))).toBeGreaterThan(0);
    const owner = await t.request('POST', `${T}/login`, { body: { loginId: 'admin', password: ADMIN_PASSWORD }, headers: from('192.0.2.20') });
    expect(owner.status).toBe(200);
  });

  it('still caps one address spraying many login ids (20 in the window)', async () => {
    const t = await createAdminTestApp();
    for (let i = 0; i < 20; i++) expect((await t.request('POST', `${T}/login`, { body: { loginId: `user${i}`, password: 'wrong-pw-1' }, headers: from('198.51.100.8') })).status).toBe(401);
    expect((await t.request('POST', `${T}/login`, { body: { loginId: 'manager', password: STAFF_PASSWORD }, headers: from('198.51.100.8') })).status).toBe(429);
    expect((await t.request('POST', `${T}/login`, { body: { loginId: 'manager', password: STAFF_PASSWORD }, headers: from('192.0.2.21') })).status).toBe(200);
  });
});

describe('own password change', () => {
  it('counts a wrong current password as a failed login and audits it', async () => {
    const t = await createAdminTestApp();
    const cookie = t.cookies.manager;
    for (let i = 0; i < 5; i++) {
      const r = await t.request('POST', `${T}/password`, { cookie, body: { currentPassword: `guess-${i}-pw`, newPassword: 'sakura-2027' } });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('staff.wrong_password');
    }
    checks.mockClear();
    const limited = await t.request('POST', `${T}/password`, { cookie, body: { currentPassword: STAFF_PASSWORD, newPassword: 'sakura-2027' } });
    expect(limited.status).toBe(429);
    expect(checks).not.toHaveBeenCalled();
    const rows = await sqlAll<{ action: string; actor: string }>(t.db, `SELECT action, actor_id AS actor FROM audit_log WHERE action = 'staff.password_change_failed'`);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.actor === 'manager')).toBe(true);
  });
});

describe('resident login and registration', () => {
  const blocks = [
    { kind: 'site', id: 'test-town', title: 'テスト町', municipality: { name: 'テスト町', phone: '03-0000-0000' }, modes: { loginId: 'login-id' } },
    { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
    { kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'main', title: '本庁舎' }], slotMinutes: 30, capacity: 3, weekly: [{ days: ['mon'], open: '09:00', close: '12:00' }] },
    { kind: 'service', id: 'desk', title: '窓口予約', form: 'f', calendar: 'c' },
  ];
  const register = async (c: ReturnType<typeof createClient>, loginId: string, ip: string) => {
    const page = await c.get('/t/test-town/register', from(ip));
    const fields = { 'a.name': '伊藤 花', 'a.phone': '0312345678', 'a.loginId': loginId, 'a.password': 'correct-horse1', 'a.passwordConfirm': 'correct-horse1' };
    return c.post('/t/test-town/register', { ...hiddenOf(page.html, '/register'), ...fields, action: 'next' }, from(ip));
  };

  it('checks at most five passwords of a concurrent burst of resident logins', async () => {
    const { app } = await residentApp(blocks);
    expect((await register(createClient(app), 'ito01', '192.0.2.1')).status).toBe(201);
    const c = createClient(app);
    const page = await c.get('/t/test-town/login', from('203.0.113.5'));
    const hidden = hiddenOf(page.html, '/login');
    checks.mockClear();
    const burst = await Promise.all(Array.from({ length: 60 }, (_, i) => c.post('/t/test-town/login', { ...hidden, identifier: 'ito01', password: i === 30 ? 'correct-horse1' : `nope-${i}` }, from('203.0.113.5'))));
    expect(checks.mock.calls.length).toBe(5);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(55);
  });

  it('throttles registrations per address (the shared limiter: 10 in the window), not typing mistakes', async () => {
    const { app } = await residentApp(blocks, { accessLimit: 10 });
    const c = createClient(app);
    const page = await c.get('/t/test-town/register', from('203.0.113.6'));
    const mistake = await c.post('/t/test-town/register', { ...hiddenOf(page.html, '/register'), 'a.name': '', action: 'next' }, from('203.0.113.6'));
    expect(mistake.status).toBe(422);
    for (let i = 0; i < 10; i++) expect((await register(createClient(app), `user${i}x`, '203.0.113.6')).status).toBe(201);
    const refused = await register(createClient(app), 'user10x', '203.0.113.6');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await register(createClient(app), 'user11x', '192.0.2.30')).status).toBe(201);
  });
});

describe('access-key changes under a concurrent burst', () => {
  const blocks = [
    { kind: 'site', id: 'test-town', title: 'テスト町' },
    { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }, { id: 'phone', type: 'phone', label: '電話番号', required: true }] },
    { kind: 'calendar', id: 'desks', title: '窓口', resources: [{ id: 'main', title: '本庁舎窓口' }], slotMinutes: 30, capacity: 2, weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '12:00' }] },
    { kind: 'service', id: 'pickup', title: '交付予約', form: 'f', calendar: 'desks' },
  ];

  it.each(['PATCH', 'DELETE'])('%s: at most ten wrong keys of a concurrent burst are tried, the rest get 429', async (method) => {
    const t = await createTestApp(blocks, { now: '2026-12-01T00:00:00Z' });
    const b = await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: '2026-12-03T10:00:00+09:00', answers: { name: '髙橋 一郎', phone: '0312345678' } });
    expect(b.status).toBe(201);
    const body = method === 'PATCH' ? { start: '2026-12-03T10:30:00+09:00' } : undefined;
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => t.json(method, `/api/t/test-town/reservations/${b.body.receiptNo}`, body, { 'x-access-key': `WRONGKEY${String(i).padStart(4, '0')}` })));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
  });
});

describe('bootstrap administrator', () => {
  it('must change a password that came from ENGINE_ADMIN_PASSWORD at the first login', async () => {
    const t = await createAdminTestApp();
    await sqlRun(t.db, `INSERT INTO tenants (slug, created_at, updated_at) VALUES ('third-town', 0, 0)`);
    const [created] = await ensureAdminAccounts({ db: t.db, clock: t.clock }, ['third-town'], 'env-pass-2026');
    expect(created).toEqual({ tenant: 'third-town', loginId: 'admin' });
    const row = (await sqlGet<{ must: number }>(t.db, `SELECT must_change_password AS must FROM staff_accounts WHERE tenant_slug = 'third-town'`))!;
    expect(Boolean(row.must)).toBe(true); // 1 on SQLite, true on PostgreSQL
    // Through the API: demo-city's admin, reset to the state the bootstrap leaves.
    await sqlRun(t.db, `UPDATE staff_accounts SET must_change_password = true WHERE tenant_slug = 'demo-city' AND login_id = 'admin'`);
    const login = await t.request('POST', `${T}/login`, { body: { loginId: 'admin', password: ADMIN_PASSWORD } });
    expect(login.body.mustChangePassword).toBe(true);
    const cookie = /muni_staff=[^;]+/.exec(login.headers.get('set-cookie')!)![0];
    const grid = await t.request('GET', `${T}/grid`, { cookie });
    expect(grid.status).toBe(403);
    expect(grid.body.error.code).toBe('staff.password_change_required');
  });
});
