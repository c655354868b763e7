// A staff-console engine for integration tests: the demo tenant (tenants/demo-city)
// and a second tenant built from the same blocks, an in-memory database, a fixed
// clock, one staff account per role, and helpers to log in and call the API.
import { join } from 'node:path';
import { registry } from '../../blocks';
import { createFixedClock } from '../../engine/core/clock';
import { loadTenantBlocks, loadTenantDir } from '../../engine/config/load-tenant';
import type { PublishedTenant } from '../../engine/config/tenant';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import { closeToImage, openDb, openImage, type DbImage } from '../../engine/db';
import { eq } from 'drizzle-orm';
import { members, staffAccounts } from '../../engine/db/schema';
import { createApp } from '../../engine/http/app';
import { nameSearchKey } from '../../blocks/form/normalize';
import { bookSlot } from '../../engine/booking/book';
import { ensureAdminAccounts } from '../../engine/staff/bootstrap';
import { createStaff } from '../../engine/staff/accounts';
import { hashPassword } from '../../engine/auth/password';
import { silentLogger } from '../helpers/test-app';
import { repoRoot } from '../helpers/server-process';

// 2026-12-01T01:00Z = Tue 10:00 JST. Card pickup slots of 12-03 are open for booking.
export const NOW = '2026-12-01T01:00:00Z';
export const TODAY = '2026-12-01';
export const ADMIN_PASSWORD = 'admin-pass-2026';
export const STAFF_PASSWORD = 'staff-pass-2026';

export type RoleKey = 'admin' | 'manager' | 'staff' | 'otherStaff' | 'foreign';

/** The demo tenant and the second one, compiled afresh (nothing compiled is shared between tests). */
function loadTenants() {
  const demo = loadTenantDir(join(repoRoot, 'tenants/demo-city'), registry);
  if (!demo.tenant) throw new Error(`demo tenant does not load: ${JSON.stringify(demo.issues, null, 2)}`);
  const other = loadTenantBlocks('other-city', demo.tenant.blocks, registry);
  if (!other.tenant) throw new Error('other tenant does not load');
  return [demo.tenant, other.tenant];
}

interface Template {
  /** The database after publishing, creating the accounts and logging each in (better-sqlite3's serialize). */
  image: DbImage;
  versions: { versionId: string; seq: number }[];
  cookies: Record<RoleKey, string>;
}

// Accounts and logins cost a dozen deliberate password hashes (~1 s): built once per worker and
// instant of the clock, then every test starts from a copy of that database (its sessions included).
const templates = new Map<string, Promise<Template>>();

async function buildTemplate(now: string): Promise<Template> {
  const clock = createFixedClock(now);
  const db = openDb(':memory:');
  const published: PublishedTenant[] = [];
  for (const t of loadTenants()) {
    const v = await publishVersion(db, t, { source: 'folder', clock });
    published.push({ versionId: v.id, seq: v.seq, tenant: t });
  }
  const tenants = createTenantStore(published);
  const app = createApp({ registry, db, clock, tenants, logger: silentLogger });
  await ensureAdminAccounts({ db, clock }, tenants.slugs(), ADMIN_PASSWORD);
  // The bootstrap admin must change its password first (admin-accounts.test.ts checks that); the other tests start after it did.
  await db.update(staffAccounts).set({ mustChangePassword: false }).where(eq(staffAccounts.loginId, 'admin'));
  const sys = { type: 'system' as const };
  const mk = (tenant: PublishedTenant, loginId: string, role: string, scope: string[]) =>
    createStaff({ db, clock }, { published: tenant, actor: sys, body: { loginId, name: `職員 ${loginId}`, role, scope, password: STAFF_PASSWORD, temporary: false } });
  await mk(published[0], 'manager', 'facility-manager', ['*']);
  await mk(published[0], 'staff', 'facility-staff', ['card-pickup']);
  await mk(published[0], 'other-staff', 'facility-staff', ['gym']);
  await mk(published[1], 'foreign', 'facility-manager', ['*']);
  const login = async (loginId: string, password: string, tenant = 'demo-city') => {
    const r = await app.request(`/api/admin/t/${tenant}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId, password }) });
    if (r.status !== 200) throw new Error(`login ${loginId} failed: ${r.status} ${await r.text()}`);
    return /muni_staff=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')![0];
  };
  const cookies: Record<RoleKey, string> = {
    admin: await login('admin', ADMIN_PASSWORD),
    manager: await login('manager', STAFF_PASSWORD),
    staff: await login('staff', STAFF_PASSWORD),
    otherStaff: await login('other-staff', STAFF_PASSWORD),
    foreign: await login('foreign', STAFF_PASSWORD, 'other-city'),
  };
  const image = await closeToImage(db);
  return { image, versions: published.map((p) => ({ versionId: p.versionId, seq: p.seq })), cookies };
}

export async function createAdminTestApp(opts: { now?: string; env?: Record<string, string | undefined> } = {}) {
  const now = opts.now ?? NOW;
  if (!templates.has(now)) templates.set(now, buildTemplate(now));
  const tpl = await templates.get(now)!;
  const clock = createFixedClock(now);
  const db = openImage(tpl.image);
  const published: PublishedTenant[] = loadTenants().map((tenant, i) => ({ ...tpl.versions[i], tenant }));
  const tenants = createTenantStore(published);
  const app = createApp({ registry, db, clock, tenants, logger: silentLogger, ...(opts.env ? { env: opts.env } : {}) });

  const request = async (method: string, path: string, o: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await app.request(path, {
      method,
      headers: { ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(o.cookie ? { cookie: o.cookie } : {}), ...o.headers },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const type = res.headers.get('content-type') ?? '';
    const raw = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(raw);
    return { status: res.status, headers: res.headers, raw, text, body: type.includes('json') && text ? (JSON.parse(text) as any) : undefined };
  };
  const login = async (loginId: string, password: string, tenant = 'demo-city') => {
    const r = await request('POST', `/api/admin/t/${tenant}/login`, { body: { loginId, password } });
    if (r.status !== 200) throw new Error(`login ${loginId} failed: ${r.status} ${r.text}`);
    return /muni_staff=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')![0];
  };
  const cookies: Record<RoleKey, string> = { ...tpl.cookies };
  let memberSeq = 0;
  const addMember = async (m: { name: string; phone: string; email?: string; lineUserId?: string; tenant?: string }) => {
    memberSeq++;
    const id = `m-${memberSeq}`;
    const at = clock.now().getTime();
    await db
      .insert(members)
      .values({ id, tenantSlug: m.tenant ?? 'demo-city', memberNo: String(100000 + memberSeq), name: m.name, nameKey: nameSearchKey(m.name), phone: m.phone, phoneKey: m.phone, email: m.email ?? null, lineUserId: m.lineUserId ?? null, createdAt: at, updatedAt: at });
    return { id, memberNo: String(100000 + memberSeq) };
  };
  /** Gives a member a resident login (login id and password). */
  const setMemberLogin = async (memberId: string, loginId: string, password: string) => {
    await db.update(members).set({ loginId, passwordHash: await hashPassword(password) }).where(eq(members.id, memberId));
  };
  /** Books as a resident would, at another instant if given (e.g. days before, to fill today's grid). */
  const residentBook = async (o: { service?: string; resource?: string; start: string; answers: Record<string, unknown>; at?: string; memberId?: string; tenant?: number }) => {
    const saved = clock.now();
    if (o.at) clock.set(o.at);
    try {
      const r = await bookSlot(
        { db, clock },
        { published: published[o.tenant ?? 0], serviceId: o.service ?? 'card-pickup', resource: o.resource ?? 'honcho', start: o.start, answers: o.answers, actor: { type: 'resident' }, channel: 'web', ...(o.memberId ? { memberId: o.memberId } : {}) },
      );
      return r.body;
    } finally {
      clock.set(saved);
    }
  };
  return { app, db, clock, tenants, published, request, login, cookies, addMember, setMemberLogin, residentBook };
}

export type AdminTestApp = Awaited<ReturnType<typeof createAdminTestApp>>;
