// An engine serving the k-lease tenant (ETC cards, billing) for the billing tests: an
// in-memory database, a fixed clock, a manager and a staff account, the contract records
// (records of etc-contract) and issued cards written directly as the card register would.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { registry } from '../../blocks';
import { insertRecords } from '../../blocks/record/store';
import { createFixedClock } from '../../engine/core/clock';
import { loadTenantDir } from '../../engine/config/load-tenant';
import type { PublishedTenant } from '../../engine/config/tenant';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import { openDb, transaction } from '../../engine/db';
import { issuedCards } from '../../engine/db/schema';
import { createApp } from '../../engine/http/app';
import { createStaff } from '../../engine/staff/accounts';
import { silentLogger } from '../helpers/test-app';
import { repoRoot } from '../helpers/server-process';

export const K = '/api/admin/t/k-lease';
export const PASSWORD = 'staff-pass-2026';

export interface CardInput {
  cardNo: string;
  holder: string;
  subject: string;
  issuedOn: string;
  firstIssuedOn?: string;
  expiryMonth: string;
  validUntil?: string;
  state?: string;
  reason?: string;
  issueFee?: number;
  previousId?: string;
  endedOn?: string;
}

export async function createBillingTestApp(now = '2027-06-01T01:00:00Z') {
  const loaded = loadTenantDir(join(repoRoot, 'tenants/k-lease'), registry);
  if (!loaded.tenant) throw new Error(`k-lease does not load: ${JSON.stringify(loaded.issues, null, 2)}`);
  const clock = createFixedClock(now);
  const db = openDb(':memory:');
  const v = await publishVersion(db, loaded.tenant, { source: 'folder', clock });
  const published: PublishedTenant = { versionId: v.id, seq: v.seq, tenant: loaded.tenant };
  const tenants = createTenantStore([published]);
  const app = createApp({ registry, db, clock, tenants, logger: silentLogger });
  const sys = { type: 'system' as const };
  await createStaff({ db, clock }, { published, actor: sys, body: { loginId: 'manager', name: '職員 manager', role: 'facility-manager', scope: ['*'], password: PASSWORD, temporary: false } });
  await createStaff({ db, clock }, { published, actor: sys, body: { loginId: 'clerk', name: '職員 clerk', role: 'facility-staff', scope: ['*'], password: PASSWORD, temporary: false } });

  const request = async (method: string, path: string, o: { cookie?: string; body?: unknown } = {}) => {
    const res = await app.request(path, {
      method,
      headers: { ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(o.cookie ? { cookie: o.cookie } : {}) },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const type = res.headers.get('content-type') ?? '';
    const raw = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(raw);
    return { status: res.status, headers: res.headers, raw, text, body: type.includes('json') && text ? (JSON.parse(text) as any) : undefined };
  };
  const login = async (loginId: string) => {
    const r = await request('POST', `${K}/login`, { body: { loginId, password: PASSWORD } });
    if (r.status !== 200) throw new Error(`login ${loginId} failed: ${r.status} ${r.text}`);
    return /muni_staff=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')![0];
  };
  const cookies = { manager: await login('manager'), clerk: await login('clerk') };

  const rt = loaded.tenant.get('record', 'etc-contract')!;
  const wf = loaded.tenant.list('workflow').find((w) => w.record === 'etc-contract')!;
  /** Contract records (the card holders), as the record import writes them. */
  const addContracts = (rows: { key: string; name: string; daysOff?: string; holidaysOff?: 'off' | 'open' }[]) =>
    transaction(db, (tx) =>
      insertRecords(tx, {
        tenant: 'k-lease',
        rt,
        wf,
        actor: sys,
        at: clock.now().getTime(),
        rows: rows.map((r) => ({
          key: r.key,
          fields: { 'lease-no': r.key, name: r.name, 'name-alpha': 'CUSTOMER', address: '東京都港区', phone: '0300000000', representative: '代表 者', 'bank-account': '0000000', 'days-off': r.daysOff ?? '', 'holidays-off': r.holidaysOff ?? 'open' },
        })),
      }),
    );
  /** One issued_cards row as the card register writes it; its id. */
  const addCard = async (c: CardInput): Promise<string> => {
    const id = randomUUID();
    const at = clock.now().getTime();
    const [y, m] = c.expiryMonth.split('-').map(Number);
    const end = `${c.expiryMonth}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
    await db
      .insert(issuedCards)
      .values({
        id,
        tenantSlug: 'k-lease',
        register: 'etc-card',
        cardNo: c.cardNo,
        holderKey: c.holder,
        subject: c.subject,
        leaseNo: c.holder,
        cardType: 'standard',
        expiryMonth: c.expiryMonth,
        state: c.state ?? 'in-use',
        firstIssuedOn: c.firstIssuedOn ?? c.issuedOn,
        issuedOn: c.issuedOn,
        reason: c.reason ?? 'new',
        issueFee: c.issueFee ?? 500,
        validUntil: c.validUntil ?? end,
        previousId: c.previousId ?? null,
        endedOn: c.endedOn ?? null,
        renewalNoticeOn: null,
        createdAt: at,
        updatedAt: at,
      });
    return id;
  };
  return { app, db, clock, published, request, cookies, addContracts, addCard };
}

export type BillingTestApp = Awaited<ReturnType<typeof createBillingTestApp>>;

// ── the scenario of the billing tests (May 2027) ──
export const CARD = { A: '9101000000000011', B1: '9101000000000029', B2: '9101000000000037', C1: '9101000000000045', C2: '9101000000000052', D: '9101000000000060', E: '9101000000000078' };

/**
 * L-001 港運輸 (closed 土日 and holidays): card A renewed on 2027-04-20 (first issued 2026-05-10), card B1
 *   issued 2027-05-02 and re-issued as B2 on 05-15 for 磁気不良 (fee-exempt).
 * L-002 芝浦商事 (closed 日, open on holidays): card C1 issued 2027-05-20, re-issued as C2 on 05-25 after
 *   紛失 (fee); card D first issued 2025-05-01; card E first issued 2026-05-03, cancelled at the end of March 2027.
 * L-003 休眠商会: no card.
 */
export async function seedScenario(t: BillingTestApp) {
  await t.addContracts([
    { key: 'L-001', name: '港運輸株式会社', daysOff: '土日', holidaysOff: 'off' },
    { key: 'L-002', name: '芝浦商事株式会社', daysOff: '日', holidaysOff: 'open' },
    { key: 'L-003', name: '休眠商会', daysOff: '', holidaysOff: 'open' },
  ]);
  const a1 = await t.addCard({ cardNo: CARD.A, holder: 'L-001', subject: '品川 500 あ 12-34', issuedOn: '2026-05-10', expiryMonth: '2027-04', validUntil: '2027-04-19', state: 'renewed', endedOn: '2027-04-20' });
  await t.addCard({ cardNo: CARD.A, holder: 'L-001', subject: '品川 500 あ 12-34', issuedOn: '2027-04-20', firstIssuedOn: '2026-05-10', expiryMonth: '2029-04', reason: 'renewal', previousId: a1 });
  const b1 = await t.addCard({ cardNo: CARD.B1, holder: 'L-001', subject: '品川 300 い 56-78', issuedOn: '2027-05-02', expiryMonth: '2029-03', validUntil: '2027-05-14', state: 'invalid', endedOn: '2027-05-15' });
  await t.addCard({ cardNo: CARD.B2, holder: 'L-001', subject: '品川 300 い 56-78', issuedOn: '2027-05-15', firstIssuedOn: '2027-05-02', expiryMonth: '2029-03', reason: 'magnetic', issueFee: 0, previousId: b1 });
  const c1 = await t.addCard({ cardNo: CARD.C1, holder: 'L-002', subject: '横浜 100 う 1', issuedOn: '2027-05-20', expiryMonth: '2028-12', validUntil: '2027-05-24', state: 'invalid', endedOn: '2027-05-25' });
  await t.addCard({ cardNo: CARD.C2, holder: 'L-002', subject: '横浜 100 う 1', issuedOn: '2027-05-25', firstIssuedOn: '2027-05-20', expiryMonth: '2028-12', reason: 'lost', previousId: c1 });
  await t.addCard({ cardNo: CARD.D, holder: 'L-002', subject: '横浜 200 え 2', issuedOn: '2025-05-01', expiryMonth: '2028-03' });
  await t.addCard({ cardNo: CARD.E, holder: 'L-002', subject: '横浜 300 お 3', issuedOn: '2026-05-03', expiryMonth: '2027-03', state: 'cancelled', endedOn: '2027-03-31' });
}

export const HEADER = 'カード番号,入口IC,入口日時,出口IC,出口日時,自動車登録番号,通行料金';

/** The road operators' file for May 2027 (full-width digits, commas and both time forms on purpose). */
export const MAY_CSV = [
  HEADER,
  // A holiday (こどもの日) entry at 23:30, exit after midnight on a business day: 利用日確認帳票 lists it.
  `${CARD.A},東京IC,2027/05/05 23:30,横浜青葉IC,2027/05/06 00:40,品川 500 あ 12-34,"1,320"`,
  // A Thursday: a business day, the card's own vehicle.
  `${CARD.A},横浜青葉IC,2027-05-06 08:00,東京IC,2027-05-06 09:10,品川 500 あ 12-34,１２００`,
  // Another vehicle: 利用車両確認帳票 lists it.
  `${CARD.A},用賀IC,2027/05/07 10:00,厚木IC,2027/05/07 10:45,練馬 500 か 99-99,980`,
  // The card's vehicle written with full-width digits and spaces: not another vehicle.
  `${CARD.A},厚木IC,2027/05/07 18:00,用賀IC,2027/05/07 18:50,品川　５００　あ　１２－３４,９８０`,
  // A Sunday on the re-issued card.
  `${CARD.B2},首都高速 芝浦,2027/05/16 09:00,首都高速 大井,2027/05/16 09:20,品川 300 い 56-78,"３２０"`,
  // L-002 works on Saturdays.
  `${CARD.C2},浦和IC,2027/05/29 07:00,川口JCT,2027/05/29 07:30,横浜 100 う 1,510`,
].join('\n');
