// The k-lease tenant (tenants/k-lease) in an in-memory engine for the card register's tests:
// its lease files copied into a temporary TENANTS_DIR (tests rewrite them to extend a lease),
// a fixed clock, the bootstrap administrator and a 施設担当者, both logged in.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { registry } from '../../blocks';
import { createFixedClock } from '../../engine/core/clock';
import { loadTenantDir } from '../../engine/config/load-tenant';
import type { PublishedTenant } from '../../engine/config/tenant';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import { openDb } from '../../engine/db';
import { staffAccounts } from '../../engine/db/schema';
import { createApp } from '../../engine/http/app';
import { createStaff } from '../../engine/staff/accounts';
import { ensureAdminAccounts } from '../../engine/staff/bootstrap';
import { repoRoot } from '../helpers/server-process';
import { silentLogger } from '../helpers/test-app';

export const K = '/api/admin/t/k-lease';
export const C = `${K}/cards/etc-card`;
export const PASSWORD = 'card-pass-2026';

export async function createCardsApp(o: { now?: string; env?: Record<string, string | undefined> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cards-'));
  cpSync(join(repoRoot, 'tenants/k-lease'), join(dir, 'k-lease'), { recursive: true });
  const env: Record<string, string | undefined> = { TENANTS_DIR: dir, ...o.env };
  const loaded = loadTenantDir(join(dir, 'k-lease'), registry);
  if (!loaded.tenant) throw new Error(`k-lease does not load: ${JSON.stringify(loaded.issues, null, 2)}`);
  const clock = createFixedClock(o.now ?? '2026-12-01T01:00:00Z');
  const db = openDb(':memory:');
  const v = await publishVersion(db, loaded.tenant, { source: 'folder', clock });
  const published: PublishedTenant = { versionId: v.id, seq: v.seq, tenant: loaded.tenant };
  const tenants = createTenantStore([published]);
  const app = createApp({ registry, db, clock, tenants, logger: silentLogger, env });
  await ensureAdminAccounts({ db, clock }, ['k-lease'], PASSWORD);
  await db.update(staffAccounts).set({ mustChangePassword: false }).where(eq(staffAccounts.loginId, 'admin'));
  await createStaff({ db, clock }, { published, actor: { type: 'system' }, body: { loginId: 'clerk', name: '職員 clerk', role: 'facility-staff', scope: ['*'], password: PASSWORD, temporary: false } });
  const request = async (method: string, path: string, opts: { cookie?: string; body?: unknown } = {}) => {
    const res = await app.request(path, {
      method,
      headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.cookie ? { cookie: opts.cookie } : {}) },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, text, body: (res.headers.get('content-type') ?? '').includes('json') && text ? (JSON.parse(text) as any) : undefined };
  };
  const login = async (loginId: string) => {
    const r = await app.request(`${K}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId, password: PASSWORD }) });
    if (r.status !== 200) throw new Error(`login ${loginId}: ${r.status} ${await r.text()}`);
    return /muni_staff=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')![0];
  };
  const cookies = { admin: await login('admin'), clerk: await login('clerk') };
  const as = (who: keyof typeof cookies, method: string, path: string, body?: unknown) => request(method, path, { cookie: cookies[who], ...(body !== undefined ? { body } : {}) });
  /** Rewrites the outside system's contracts file (e.g. a lease extended). */
  const writeContracts = (rows: string[][]) => writeFileSync(join(dir, 'k-lease/lease/contracts.csv'), ['リース契約番号,顧客名,開始日,満了日', ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return { app, db, clock, tenants, published, env, dir, request, as, cookies, writeContracts };
}

export type CardsApp = Awaited<ReturnType<typeof createCardsApp>>;

/** A complete etc-contract for a lease of the demo files. */
export const contractOf = (leaseNo: string, name: string, alpha: string) => ({
  'lease-no': leaseNo,
  name,
  'name-alpha': alpha,
  address: '東京都港区海岸1-1-1',
  phone: '03-1111-2222',
  representative: '代表 太郎',
  'bank-account': 'みなと銀行 本店 普通 1234567',
  'days-off': '土日',
  'holidays-off': 'off',
});
