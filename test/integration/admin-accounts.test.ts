// Staff accounts: first-start administrator, login with rate limiting, temporary
// passwords, validity period and suspension, the last administrator, the access log.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ensureAdminAccounts } from '../../engine/staff/bootstrap';
import { startServerProcess } from '../helpers/server-process';
import { ADMIN_PASSWORD, createAdminTestApp, STAFF_PASSWORD } from './admin-helpers';
import { makeTempDir, removeDir } from './helpers';
import { sqlAll, sqlGet, sqliteClient, sqlRun } from '../../engine/db';

const T = '/api/admin/t/demo-city';

describe('staff accounts', () => {
  it('creates one administrator per tenant on first start, never a second time; a generated password is temporary', async () => {
    const t = await createAdminTestApp();
    expect(await ensureAdminAccounts({ db: t.db, clock: t.clock }, ['demo-city', 'other-city'], 'x')).toEqual([]);
    await sqlRun(t.db, `INSERT INTO tenants (slug, created_at, updated_at) VALUES ('third-town', 0, 0)`);
    const [created] = await ensureAdminAccounts({ db: t.db, clock: t.clock }, ['third-town']);
    expect(created.generatedPassword).toMatch(/^[A-Za-z2-9]{16}$/);
    const row = (await sqlGet<{ must: number; hash: string }>(t.db, `SELECT must_change_password AS must, password_hash AS hash FROM staff_accounts WHERE tenant_slug = 'third-town'`))!;
    expect(Boolean(row.must)).toBe(true); // 1 on SQLite, true on PostgreSQL
    expect(row.hash).not.toContain(created.generatedPassword!);
  });

  it('prints a generated administrator password once, on the first start of a real server, and it works', async () => {
    const dir = makeTempDir('admin-bootstrap');
    const env = { TENANTS_DIR: 'tenants', DATABASE_PATH: join(dir, 'engine.db'), ENGINE_ADMIN_PASSWORD: '', SCRYPT_LOG_N: '12' };
    try {
      const first = await startServerProcess({ env });
      const out = first.output();
      const password = /staff account "admin" created; temporary password \(shown once, change it at first login\): (\S+)/.exec(out)?.[1];
      expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
      const res = await fetch(`${first.url}/api/admin/t/demo-city/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId: 'admin', password }) });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
      expect((await fetch(`${first.url}/admin/demo-city/`)).headers.get('content-type')).toContain('text/html');
      await first.stop();
      const second = await startServerProcess({ env });
      expect(second.output()).not.toContain('staff account "admin" created');
      await second.stop();
    } finally {
      removeDir(dir);
    }
  });

  it('logs in with the session cookie, audits it, and answers the same 401 for an unknown id and a wrong password', async () => {
    const t = await createAdminTestApp();
    const ok = await t.request('POST', `${T}/login`, { body: { loginId: 'admin', password: ADMIN_PASSWORD } });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/muni_staff=[\w-]{40,}/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/api/admin/t/demo-city');
    const unknown = await t.request('POST', `${T}/login`, { body: { loginId: 'nobody', password: 'whatever1' } });
    const wrong = await t.request('POST', `${T}/login`, { body: { loginId: 'admin', password: 'wrong-pass-1' } });
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(unknown.body.error).toEqual(wrong.body.error);
    expect(wrong.body.error.message).toContain('ログインID');
    const actions = await sqlAll<{ action: string; ip: string }>(t.db, `SELECT action, ip FROM audit_log WHERE action LIKE 'staff.login%' ORDER BY id DESC LIMIT 3`);
    expect(actions.map((a) => a.action)).toEqual(['staff.login_failed', 'staff.login_failed', 'staff.login']);
    expect(actions.every((a) => !!a.ip)).toBe(true);
  });

  it('answers 429 with Retry-After after five failures for one login id, even with the right password', async () => {
    const t = await createAdminTestApp();
    for (let i = 0; i < 5; i++) expect((await t.request('POST', `${T}/login`, { body: { loginId: 'manager', password: `bad-${i}-pass` } })).status).toBe(401);
    const blocked = await t.request('POST', `${T}/login`, { body: { loginId: 'manager', password: STAFF_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    t.clock.advance(16 * 60_000);
    expect((await t.request('POST', `${T}/login`, { body: { loginId: 'manager', password: STAFF_PASSWORD } })).status).toBe(200);
  });

  it('makes a temporary password usable only to change it', async () => {
    const t = await createAdminTestApp();
    const created = await t.request('POST', `${T}/staff`, { cookie: t.cookies.admin, body: { loginId: 'sato', name: '佐藤 花子', role: 'facility-staff', scope: ['card-pickup'] } });
    expect(created.status).toBe(201);
    const temp = created.body.temporaryPassword as string;
    expect(temp).toMatch(/^[A-Za-z2-9]{12}$/);
    const login = await t.request('POST', `${T}/login`, { body: { loginId: 'sato', password: temp } });
    expect(login.body.mustChangePassword).toBe(true);
    const cookie = /muni_staff=[^;]+/.exec(login.headers.get('set-cookie')!)![0];
    const grid = await t.request('GET', `${T}/grid`, { cookie });
    expect(grid.status).toBe(403);
    expect(grid.body.error.code).toBe('staff.password_change_required');
    const weak = await t.request('POST', `${T}/password`, { cookie, body: { currentPassword: temp, newPassword: 'short' } });
    expect(weak.status).toBe(422);
    expect(weak.body.error.issues[0]).toMatchObject({ path: '/newPassword', code: 'staff.password_weak' });
    expect((await t.request('POST', `${T}/password`, { cookie, body: { currentPassword: temp, newPassword: 'sakura-2027' } })).status).toBe(204);
    expect((await t.request('GET', `${T}/grid`, { cookie })).status).toBe(200);
    expect((await t.request('POST', `${T}/login`, { body: { loginId: 'sato', password: 'sakura-2027' } })).body.mustChangePassword).toBe(false);
  });

  it('refuses login outside 適用開始日–有効期限 and while suspended, and ends the sessions of a suspended account', async () => {
    const t = await createAdminTestApp();
    const patch = (body: unknown) => t.request('PATCH', `${T}/staff/staff`, { cookie: t.cookies.admin, body });
    expect((await patch({ validFrom: '2026-12-02' })).status).toBe(200);
    const early = await t.request('POST', `${T}/login`, { body: { loginId: 'staff', password: STAFF_PASSWORD } });
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe('staff.account_not_valid');
    expect(early.body.error.message).toContain('2026-12-02');
    const bad = await patch({ validFrom: '2026-12-10', validUntil: '2026-12-01' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0]).toMatchObject({ path: '/validUntil', code: 'staff.date_order' });
    expect((await patch({ validFrom: null, validUntil: '2026-11-30' })).status).toBe(200);
    expect((await t.request('POST', `${T}/login`, { body: { loginId: 'staff', password: STAFF_PASSWORD } })).body.error.code).toBe('staff.account_not_valid');
    // The existing session stopped working as soon as the period ended.
    expect((await t.request('GET', `${T}/me`, { cookie: t.cookies.staff })).status).toBe(401);

    expect((await t.request('GET', `${T}/me`, { cookie: t.cookies.manager })).status).toBe(200);
    expect((await t.request('PATCH', `${T}/staff/manager`, { cookie: t.cookies.admin, body: { suspended: true } })).status).toBe(200);
    expect((await t.request('GET', `${T}/me`, { cookie: t.cookies.manager })).status).toBe(401);
    expect((await t.request('POST', `${T}/login`, { body: { loginId: 'manager', password: STAFF_PASSWORD } })).body.error.code).toBe('staff.account_suspended');
    const audit = await sqlAll<{ action: string }>(t.db, `SELECT action FROM audit_log WHERE target_id = 'manager' AND action = 'staff.suspended'`);
    expect(audit).toHaveLength(1);
  });

  it('validates the account form with located issues and keeps at least one active administrator', async () => {
    const t = await createAdminTestApp();
    const r = await t.request('POST', `${T}/staff`, { cookie: t.cookies.admin, body: { loginId: 'a', name: '', role: 'boss', scope: ['no-such'], email: 'x' } });
    expect(r.status).toBe(422);
    expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['/email', '/loginId', '/name', '/role', '/scope/0']);
    const noScope = await t.request('POST', `${T}/staff`, { cookie: t.cookies.admin, body: { loginId: 'abc', name: '担当', role: 'facility-staff', scope: [] } });
    expect(noScope.body.error.issues[0]).toMatchObject({ path: '/scope', code: 'staff.scope_required' });
    const dup = await t.request('POST', `${T}/staff`, { cookie: t.cookies.admin, body: { loginId: 'staff', name: '重複', role: 'facility-staff', scope: ['gym'] } });
    expect(dup.status).toBe(409);
    const last = await t.request('PATCH', `${T}/staff/admin`, { cookie: t.cookies.admin, body: { role: 'facility-manager', scope: ['*'] } });
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('staff.last_admin');
  });

  it('shows the access log to administrators, filterable, and the database refuses to change or delete it', async () => {
    const t = await createAdminTestApp();
    await t.request('POST', `${T}/login`, { body: { loginId: 'staff', password: 'nope-nope-1' } });
    const log = await t.request('GET', `${T}/audit?action=staff.login_failed`, { cookie: t.cookies.admin });
    expect(log.status).toBe(200);
    expect(log.body.rows.length).toBeGreaterThan(0);
    expect(log.body.rows.every((r: { action: string }) => r.action === 'staff.login_failed')).toBe(true);
    const prefix = await t.request('GET', `${T}/audit?action=staff.&actor=admin`, { cookie: t.cookies.admin });
    expect(prefix.body.rows.every((r: { action: string; actorId: string }) => r.action.startsWith('staff.') && r.actorId === 'admin')).toBe(true);
    await expect(sqlRun(t.db, "UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/);
    await expect(sqlRun(t.db, 'DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    // No route changes or deletes audit rows.
    const writes = t.app.routes.filter((r) => r.path.includes('/audit') && r.method !== 'GET' && r.method !== 'ALL');
    expect(writes).toEqual([]);
  });

  it('exports the access log as CSV with the filters, and records the export', async () => {
    const t = await createAdminTestApp();
    await t.request('POST', `${T}/login`, { body: { loginId: 'staff', password: 'nope-nope-1' } });
    const r = await t.request('GET', `${T}/audit.csv?action=staff.login_failed`, { cookie: t.cookies.admin });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''%E3%82%A2%E3%82%AF%E3%82%BB%E3%82%B9%E5%B1%A5%E6%AD%B4_\d{4}-\d{2}-\d{2}_UTF-8\.csv/);
    const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('日時,操作者種別,操作者,操作,対象種別,対象,接続元,詳細');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2},/.test(l) && l.includes(',staff.login_failed,'))).toBe(true);
    const exported = await t.request('GET', `${T}/audit?action=audit.exported`, { cookie: t.cookies.admin });
    expect(exported.body.rows[0]).toMatchObject({ actorId: 'admin', details: { rows: lines.length - 1 } });
    expect((await t.request('GET', `${T}/audit.csv`, { cookie: t.cookies.staff })).status).toBe(403);
  });
});
