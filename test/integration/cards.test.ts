// The card register (blocks/card-register) through the staff API of tenant k-lease:
// contracts checked against the lease files, issue, renewal, re-issue, the month-end
// cancellation (route and job), renewal notices, lists and lineage, and the refusals.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { luhnDigit, runMonthEnd } from '../../blocks/card-register/store';
import { auditLog, ediOutbox, issuedCards, records } from '../../engine/db/schema';
import { runDueJobs } from '../../engine/jobs/scheduler';
import { silentLogger } from '../helpers/test-app';
import { C, contractOf, createCardsApp, K, type CardsApp } from './cards-helpers';

const AOBA = contractOf('L-2024-0001', '株式会社あおば運輸', 'AOBA UNYU');
const SAKURA = contractOf('L-2025-0002', 'さくら建設株式会社', 'SAKURA KENSETSU');
const V1 = '品川 500 あ 12-34';
const V2 = '品川 500 あ 56-78';
const V3 = '練馬 300 さ 11-22';

const luhnOk = (no: string) => luhnDigit(no.slice(0, -1)) === no.slice(-1);

describe('contracts (契約管理)', () => {
  let t: CardsApp;
  beforeAll(async () => {
    t = await createCardsApp();
  });

  it('registers a contract found in the lease system, in the workflow’s first state, and refuses it twice', async () => {
    // The name may differ in width and spaces only.
    const r = await t.as('clerk', 'POST', `${C}/contracts`, { fields: { ...AOBA, name: '株式会社 あおば運輸', 'days-off': '土 日' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ key: 'L-2024-0001', lease: { customerName: '株式会社あおば運輸', end: '2027-06-30' } });
    const row = (await t.db.select().from(records).where(eq(records.key, 'L-2024-0001')).limit(1))[0]!;
    expect(row).toMatchObject({ type: 'etc-contract', state: 'active' });
    expect(JSON.parse(row.fieldsJson)['days-off']).toBe('土日');
    const again = await t.as('clerk', 'POST', `${C}/contracts`, { fields: AOBA });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('card.contract_exists');
  });

  it('refuses an unknown lease, a different customer name, bad days off and a missing field, each located', async () => {
    const unknown = await t.as('clerk', 'POST', `${C}/contracts`, { fields: { ...AOBA, 'lease-no': 'L-9999-0000' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.issues[0]).toMatchObject({ path: '/fields/lease-no', code: 'card.lease_not_found' });
    const name = await t.as('clerk', 'POST', `${C}/contracts`, { fields: { ...SAKURA, name: 'さくら建設' } });
    expect(name.status).toBe(422);
    expect(name.body.error.issues[0]).toMatchObject({ path: '/fields/name', code: 'card.lease_name_mismatch' });
    expect(name.body.error.issues[0].message).toContain('さくら建設株式会社');
    const days = await t.as('clerk', 'POST', `${C}/contracts`, { fields: { ...SAKURA, 'days-off': '土曜' } });
    expect(days.body.error.issues).toEqual([expect.objectContaining({ path: '/fields/days-off', code: 'card.bad_days_off' })]);
    const { phone: _p, ...noPhone } = SAKURA;
    const missing = await t.as('clerk', 'POST', `${C}/contracts`, { fields: { ...noPhone, 'holidays-off': 'maybe' } });
    expect(missing.status).toBe(422);
    expect(missing.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['/fields/phone', '/fields/holidays-off']);
    expect((await t.db.select().from(records).where(eq(records.key, 'L-2025-0002')).limit(1))[0]).toBeUndefined();
  });

  it('imports contracts from CSV all or nothing, reporting every row’s problem', async () => {
    const head = 'リース契約番号,顧客名,顧客アルファベット名,住所,電話番号,代表者名,口座振替の預金口座,休業曜日（例: 土日）,祝日';
    const bad = `${head}\nL-2025-0002,さくら建設株式会社,SAKURA,港区1,03-1,代表,口座1,日曜,休業\nL-2026-0003,みどり食品,MIDORI,港区2,03-2,代表,口座2,,営業\nL-0000-0000,誰か,X,港区3,03-3,代表,口座3,水,営業\n`;
    const r = await t.as('clerk', 'POST', `${C}/contracts/import`, { csv: bad });
    expect(r.status).toBe(422);
    expect(r.body.issues.map((i: { row: number; column: string; code: string }) => [i.row, i.column, i.code])).toEqual([
      [2, '休業曜日（例: 土日）', 'card.bad_days_off'],
      [3, '顧客名', 'card.lease_name_mismatch'],
      [4, 'リース契約番号', 'card.lease_not_found'],
    ]);
    expect(r.body.issues[1].message).toContain('みどり食品株式会社');
    expect(r.body.issues[2].messageEn).toContain('L-0000-0000');
    expect((await t.db.select().from(records).where(eq(records.key, 'L-2025-0002')).limit(1))[0]).toBeUndefined();
    const good = `${head}\nL-2025-0002,さくら建設株式会社,SAKURA,港区1,03-1,代表,口座1,日,休業\nL-2026-0003,みどり食品株式会社,MIDORI,港区2,03-2,代表,口座2,,営業\n`;
    const ok = await t.as('clerk', 'POST', `${C}/contracts/import`, { csv: good });
    expect(ok.body).toEqual({ imported: 2, issues: [] });
    expect((await t.db.select().from(auditLog)).some((a) => a.action === 'card.contracts_imported')).toBe(true);
  });
});

describe('cards: issue, renewal, re-issue, month end', () => {
  let t: CardsApp;
  let first: string;
  beforeAll(async () => {
    t = await createCardsApp();
    await t.as('admin', 'POST', `${C}/contracts`, { fields: AOBA });
  });

  it('refuses a vehicle whose lease has no registered contract, and an unknown vehicle', async () => {
    const r = await t.as('clerk', 'POST', `${C}/issue`, { subject: V3, cardType: 'standard', date: '2026-12-01' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('card.no_contract');
    const u = await t.as('clerk', 'POST', `${C}/issue`, { subject: '品川 999 ん 00-00', cardType: 'standard' });
    expect(u.body.error.issues[0]).toMatchObject({ path: '/subject', code: 'card.subject_not_found' });
    const type = await t.as('clerk', 'POST', `${C}/issue`, { subject: V1, cardType: 'gold' });
    expect(type.body.error.issues[0]).toMatchObject({ path: '/cardType', code: 'card.bad_card_type' });
  });

  it('issues a card: prefix, sequence and Luhn digit, expiry month of the lease end, fee, EDI row and audit', async () => {
    // Full-width and doubled spaces are the same vehicle.
    const r = await t.as('clerk', 'POST', `${C}/issue`, { subject: '品川　500  あ 12-34', cardType: 'standard', date: '2026-12-01' });
    expect(r.status).toBe(201);
    const card = r.body.card;
    first = card.cardNo;
    expect(card).toMatchObject({ subject: V1, holderKey: 'L-2024-0001', holderName: '株式会社あおば運輸', expiryMonth: '2027-06', validUntil: '2027-06-30', state: 'in-use', stateLabel: '利用中', reason: 'new', issueFee: 500, firstIssuedOn: '2026-12-01', issuedOn: '2026-12-01' });
    expect(first).toBe(`910100000000001${luhnDigit('910100000000001')}`);
    expect(first).toHaveLength(16);
    expect(luhnOk(first)).toBe(true);
    const edi = await t.db.select().from(ediOutbox);
    expect(edi).toHaveLength(1);
    expect(edi[0]).toMatchObject({ channel: 'card-register/etc-card', ref: card.id, status: 'pending' });
    expect(JSON.parse(edi[0].payload)).toEqual({ kind: 'new', alphaName: 'AOBA UNYU', subject: V1, cardType: 'standard', cardNo: first, expiry: '202706' });
    expect((await t.db.select().from(auditLog)).find((a) => a.action === 'card.issued')?.targetId).toBe(first);
    const second = await t.as('clerk', 'POST', `${C}/issue`, { subject: V2, cardType: 'blue', date: '2026-12-01' });
    expect(second.body.card.cardNo).toBe(`910100000000002${luhnDigit('910100000000002')}`);
  });

  it('refuses a second card for a vehicle with one in use, and the database refuses it even past the check', async () => {
    const r = await t.as('clerk', 'POST', `${C}/issue`, { subject: V1, cardType: 'blue', date: '2026-12-02' });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'card.subject_in_use', details: { cardNo: first } });
    const row = (await t.db.select().from(issuedCards).where(eq(issuedCards.cardNo, first)).limit(1))[0]!;
    // The driver wraps the database's refusal: its message is the cause's.
    await expect(t.db.insert(issuedCards).values({ ...row, id: 'race', cardNo: '9101999999999999' })).rejects.toHaveProperty('cause.message', expect.stringMatching(/UNIQUE|duplicate key/));
  });

  it('refuses a card when the lease has ended by the processing date', async () => {
    const r = await t.as('clerk', 'POST', `${C}/issue`, { subject: V1, cardType: 'standard', date: '2027-07-01' });
    expect(r.status).toBe(422);
    expect(r.body.error.issues[0]).toMatchObject({ path: '/date', code: 'card.lease_ended' });
    expect((await t.as('clerk', 'POST', `${C}/issue`, { subject: V1, cardType: 'standard', date: '2027-02-30' })).body.error.issues[0].path).toBe('/date');
  });

  it('renews only when the lease was extended: same number, later expiry, the old row ends the day before', async () => {
    const no = await t.as('clerk', 'POST', `${C}/${first}/renew`, { date: '2027-04-10' });
    expect(no.status).toBe(422);
    expect(no.body.error.code).toBe('card.lease_not_extended');
    t.writeContracts([['L-2024-0001', '株式会社あおば運輸', '2024-04-01', '2030-06-30']]);
    const r = await t.as('clerk', 'POST', `${C}/${first}/renew`, { date: '2027-04-10' });
    expect(r.status).toBe(201);
    expect(r.body.card).toMatchObject({ cardNo: first, expiryMonth: '2030-06', validUntil: '2030-06-30', reason: 'renewal', reasonLabel: '更新', issueFee: 500, firstIssuedOn: '2026-12-01', issuedOn: '2027-04-10', state: 'in-use' });
    const lineage = await t.as('clerk', 'GET', `${C}/${first}`);
    expect(lineage.body.rows.map((x: { state: string; validUntil: string; endedOn: string | null; expiryMonth: string }) => [x.state, x.expiryMonth, x.validUntil, x.endedOn])).toEqual([
      ['renewed', '2027-06', '2027-04-09', '2027-04-10'],
      ['in-use', '2030-06', '2030-06-30', null],
    ]);
    expect(JSON.parse((await t.db.select().from(ediOutbox)).at(-1)!.payload)).toMatchObject({ kind: 'renewal', cardNo: first, expiry: '203006' });
    // The card number is not in use any more as the old row: renewing it again is judged on the new row.
    expect((await t.as('clerk', 'POST', `${C}/${first}/renew`, { date: '2027-04-11' })).body.error.code).toBe('card.lease_not_extended');
  });

  it('re-issues under a new number: old card 無効, fee by the reason, first issue date carried, lineage both ways', async () => {
    const bad = await t.as('clerk', 'POST', `${C}/${first}/reissue`, { reason: 'stolen', date: '2027-05-01' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0]).toMatchObject({ path: '/reason', code: 'card.bad_reason' });
    const early = await t.as('clerk', 'POST', `${C}/${first}/reissue`, { reason: 'magnetic', date: '2027-04-09' });
    expect(early.body.error.issues[0]).toMatchObject({ path: '/date', code: 'card.date_before_issue' });
    const r = await t.as('clerk', 'POST', `${C}/${first}/reissue`, { reason: 'magnetic', date: '2027-05-01' });
    expect(r.status).toBe(201);
    const next = r.body.card;
    expect(next.cardNo).not.toBe(first);
    expect(luhnOk(next.cardNo)).toBe(true);
    expect(next).toMatchObject({ reason: 'magnetic', reasonLabel: '磁気不良', issueFee: 0, firstIssuedOn: '2026-12-01', expiryMonth: '2030-06', cardType: 'standard' });
    const lost = await t.as('clerk', 'POST', `${C}/${next.cardNo}/reissue`, { reason: 'type-change', cardType: 'blue', date: '2027-05-02' });
    expect(lost.body.card).toMatchObject({ issueFee: 500, cardType: 'blue', firstIssuedOn: '2026-12-01' });
    const mid = await t.as('clerk', 'GET', `${C}/${next.cardNo}`);
    expect(mid.body.rows[0]).toMatchObject({ state: 'invalid', stateLabel: '無効', endedOn: '2027-05-02', validUntil: '2027-05-01' });
    expect(mid.body.previous.cardNo).toBe(first);
    expect(mid.body.next.cardNo).toBe(lost.body.card.cardNo);
    const old = await t.as('clerk', 'POST', `${C}/${first}/reissue`, { reason: 'lost', date: '2027-05-03' });
    expect(old.status).toBe(409);
    expect(old.body.error.code).toBe('card.not_in_use');
    expect((await t.as('clerk', 'POST', `${C}/9101000000009999/renew`, {})).status).toBe(404);
  });

  it('lists cards by state, holder and search words, with holder name and state label', async () => {
    const all = await t.as('clerk', 'GET', C);
    expect(all.body.cards.length).toBe(5);
    const inUse = await t.as('clerk', 'GET', `${C}?state=in-use`);
    expect(inUse.body.cards.map((c: { subject: string }) => c.subject).sort()).toEqual([V1, V2]);
    expect(inUse.body.cards.every((c: { holderName: string; stateLabel: string }) => c.holderName === '株式会社あおば運輸' && c.stateLabel === '利用中')).toBe(true);
    expect((await t.as('clerk', 'GET', `${C}?q=${encodeURIComponent('56-78')}`)).body.cards).toHaveLength(1);
    expect((await t.as('clerk', 'GET', `${C}?holder=L-2025-0002`)).body.cards).toHaveLength(0);
    expect(all.body.edi).toMatchObject({ pending: 5, sent: 0 });
    expect((await t.as('clerk', 'GET', `${K}/cards/none`)).status).toBe(404);
  });

  it('cancels at month end the cards expiring that month (on its last day only), once; managers only', async () => {
    // V2's card expires 2027-06 (the lease end before the extension).
    expect((await t.as('clerk', 'POST', `${C}/month-end`, { date: '2027-06-30' })).status).toBe(403);
    expect((await t.as('admin', 'POST', `${C}/month-end`, { date: '2027-06' })).body.error.issues[0].path).toBe('/date');
    const early = await t.as('admin', 'POST', `${C}/month-end`, { date: '2027-06-29' });
    expect(early.body).toEqual({ date: '2027-06-29', cancelled: 0 });
    const r = await t.as('admin', 'POST', `${C}/month-end`, { date: '2027-06-30' });
    expect(r.body.cancelled).toBe(1);
    const v2 = (await t.as('clerk', 'GET', `${C}?q=${encodeURIComponent('56-78')}`)).body.cards[0];
    expect(v2).toMatchObject({ state: 'cancelled', stateLabel: '解約', endedOn: '2027-06-30', validUntil: '2027-06-30' });
    expect((await t.as('admin', 'POST', `${C}/month-end`, { date: '2027-06-30' })).body.cancelled).toBe(0);
    // A card past its last day is cancelled on any later date (a missed month end).
    await t.db.update(issuedCards).set({ validUntil: '2027-07-01' }).where(eq(issuedCards.state, 'in-use'));
    expect(await runMonthEnd(t.db, t.published, t.published.tenant.get('card-register', 'etc-card')!, '2027-07-02')).toBe(1);
    expect((await t.db.select().from(auditLog)).filter((a) => a.action === 'card.month_end')).toHaveLength(2);
  });
});

describe('two clerks at once', () => {
  it('issues one card per vehicle and distinct numbers when requests arrive together', async () => {
    const t = await createCardsApp();
    await t.as('admin', 'POST', `${C}/contracts`, { fields: AOBA });
    const rs = await Promise.all([V1, V1, V2, V1].map((subject) => t.as('clerk', 'POST', `${C}/issue`, { subject, cardType: 'standard', date: '2026-12-01' })));
    expect(rs.map((r) => r.status).sort()).toEqual([201, 201, 409, 409]);
    const nos = rs.filter((r) => r.status === 201).map((r) => r.body.card.cardNo as string);
    expect(new Set(nos).size).toBe(2);
    expect(await t.db.select().from(issuedCards)).toHaveLength(2);
    expect(await t.db.select().from(ediOutbox)).toHaveLength(2);
  });
});

describe('the processing date', () => {
  it('defaults to today in JST (the clock is on the previous UTC day)', async () => {
    const t = await createCardsApp({ now: '2026-11-30T15:30:00Z' });
    await t.as('admin', 'POST', `${C}/contracts`, { fields: AOBA });
    const r = await t.as('clerk', 'POST', `${C}/issue`, { subject: V1, cardType: 'blue' });
    expect(r.body.card).toMatchObject({ issuedOn: '2026-12-01', firstIssuedOn: '2026-12-01', cardType: 'blue', cardTypeLabel: 'ブルー' });
  });
});

describe('month-end job and renewal notices', () => {
  it('runs the month-end cancellation by itself on the JST date', async () => {
    // 2027-06-29T15:30Z = 2027-06-30 00:30 JST, the last day of June.
    const t = await createCardsApp({ now: '2027-06-29T15:30:00Z' });
    await t.as('admin', 'POST', `${C}/contracts`, { fields: AOBA });
    await t.as('clerk', 'POST', `${C}/issue`, { subject: V1, cardType: 'standard', date: '2027-06-01' });
    const ran = await runDueJobs({ db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger, env: t.env }, registry);
    expect(ran).toContain('card-register/month-end');
    expect((await t.db.select().from(issuedCards).limit(1))[0]).toMatchObject({ state: 'cancelled', endedOn: '2027-06-30' });
  });

  it('lists in month M the cards expiring in M+2 and marks the first printing of the letters', async () => {
    const t = await createCardsApp();
    await t.as('admin', 'POST', `${C}/contracts`, { fields: AOBA });
    await t.as('clerk', 'POST', `${C}/issue`, { subject: V1, cardType: 'standard', date: '2026-12-01' });
    expect((await t.as('clerk', 'GET', `${C}/renewal-notices?month=2027-03`)).body.cards).toEqual([]);
    const list = await t.as('clerk', 'GET', `${C}/renewal-notices?month=2027-04`);
    expect(list.body).toMatchObject({ month: '2027-04', expiryMonth: '2027-06' });
    expect(list.body.cards.map((c: { subject: string; renewalNoticeOn: string | null }) => [c.subject, c.renewalNoticeOn])).toEqual([[V1, null]]);
    expect((await t.as('clerk', 'GET', `${C}/renewal-notices?month=2027-4`)).status).toBe(422);
    const html = await t.as('admin', 'GET', `${C}/renewal-notices/print?month=2027-04&date=2027-04-01`);
    expect(html.status).toBe(200);
    expect(html.text).toContain('有効期限更新の案内書');
    expect(html.text).toContain('株式会社あおば運輸');
    expect(html.text).toContain('2027年6月');
    expect(html.text).toContain('東京都港区海岸1-1-1');
    // A 施設担当者 may print the letters, without the customer's address (a personal field of the contract).
    const clerk = await t.as('clerk', 'GET', `${C}/renewal-notices/print?month=2027-04&date=2027-04-01`);
    expect(clerk.text).toContain('株式会社あおば運輸');
    expect(clerk.text).not.toContain('東京都港区海岸1-1-1');
    expect(html.text.match(/class="letter"/g)).toHaveLength(1);
    await t.as('clerk', 'GET', `${C}/renewal-notices/print?month=2027-04&date=2027-04-05`);
    expect((await t.db.select().from(issuedCards).limit(1))[0]!.renewalNoticeOn).toBe('2027-04-01');
    expect((await t.db.select().from(auditLog)).filter((a) => a.action === 'card.notices_printed')).toHaveLength(3);
  });
});

describe('who may call the card routes (tenant k-lease)', () => {
  it('answers 401 without a session on every card route, lets any staff role through but the month end', async () => {
    const t = await createCardsApp();
    const routes = [...new Set(t.app.routes.filter((r) => r.path.startsWith('/api/admin/t/:tenant/cards') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
    expect(routes).toHaveLength(14);
    const fill = (p: string) => p.replace(':tenant', 'k-lease').replace(':register', 'etc-card').replace(':cardNo', '9101000000000017').replace(':leaseNo', 'L-2024-0001');
    for (const route of routes) {
      const [method, path] = route.split(' ');
      const body = method === 'POST' ? {} : undefined;
      const anon = await t.request(method, fill(path), body ? { body } : {});
      expect(anon.status, route).toBe(401);
      const clerk = await t.as('clerk', method, fill(path), body);
      expect([401, 403].includes(clerk.status), `${route} ${clerk.status}`).toBe(route.endsWith('/month-end'));
    }
  });
});
