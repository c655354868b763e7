// A leasing company's year from files (issue 19, seed 002): the ETC contracts, the card
// operations of 2027 (issuance, a renewal, each re-issue reason, expiries to 解約) and the
// road operators' twelve monthly toll files go through the staff API of tenant k-lease; every
// month's invoices are checked against a calculation written here from the same files,
// independently of the engine's billing code. The lease-contract system is a local HTTP
// server speaking the lookup adapter's API; its data changes when a lease is extended.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import holidayJp from '@holiday-jp/holiday_jp';
import { eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { createFixedClock } from '../../engine/core/clock';
import { loadTenantDir } from '../../engine/config/load-tenant';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import { openDb } from '../../engine/db';
import { staffAccounts } from '../../engine/db/schema';
import { createApp } from '../../engine/http/app';
import { ensureAdminAccounts } from '../../engine/staff/bootstrap';
import { repoRoot } from '../helpers/server-process';
import { silentLogger } from '../helpers/test-app';

const FIX = join(repoRoot, 'test/integration/fixtures/etc-year-2027');
const T = '/api/admin/t/k-lease';
const PASSWORD = 'k-lease-admin-2027';
const ISSUE_FEE = 500;
const ANNUAL_FEE = 1000;
const FEE_EXEMPT = new Set(['magnetic', 'damaged']);

const csvRows = (file: string): Record<string, string>[] =>
  Papa.parse<Record<string, string>>(readFileSync(join(FIX, file), 'utf8'), { header: true, skipEmptyLines: true }).data;
const nfkc = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim();
const yen = (s: string) => Number(nfkc(s).replace(/,/g, ''));
const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const monthsBetween = (a: string, b: string) => (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
const isoTime = (s: string) => nfkc(s).replace(/\//g, '-');

// ── The independent calculation: what the files say each month's invoice must be ──

interface Segment {
  cardNo: string;
  lineage: number;
  customer: string;
  vehicle: string;
  from: string;
  until: string;
  fee: number;
  issuedOn: string;
}

function expectedCards() {
  const leaseEnd = new Map(csvRows('lease-contracts.csv').map((r) => [r['リース契約番号'], r['満了日']]));
  const leaseOf = new Map(csvRows('lease-vehicles.csv').map((r) => [r['自動車登録番号'], r['リース契約番号']]));
  const segments: Segment[] = [];
  const lineageFirst: string[] = [];
  const current = (cardNo: string) => segments.filter((s) => s.cardNo === cardNo).at(-1)!;
  const changes = csvRows('lease-changes.csv');
  for (const e of csvRows('events.csv')) {
    const d = e.date;
    for (const c of changes) if (c.date <= d) leaseEnd.set(c['リース契約番号'], c['満了日']);
    if (e.operation === 'issue') {
      const lease = leaseOf.get(e.vehicle)!;
      lineageFirst.push(d);
      segments.push({ cardNo: e.expectCard, lineage: lineageFirst.length - 1, customer: lease, vehicle: e.vehicle, from: d, until: lastDay(leaseEnd.get(lease)!.slice(0, 7)), fee: ISSUE_FEE, issuedOn: d });
    }
    if (e.operation === 'reissue' || e.operation === 'renew') {
      const old = current(e.card);
      const until = e.operation === 'renew' ? lastDay(leaseEnd.get(old.customer)!.slice(0, 7)) : old.until;
      old.until = old.until < dayBefore(d) ? old.until : dayBefore(d);
      segments.push({ ...old, cardNo: e.expectCard, from: d, until, fee: FEE_EXEMPT.has(e.reason) ? 0 : ISSUE_FEE, issuedOn: d });
    }
  }
  return { segments, lineageFirst };
}

interface ExpectedCard {
  cardNo: string;
  issueFee: number;
  annualFee: number;
  tolls: number;
  lines: { date: string; entryPoint: string; exitPoint: string; amount: number }[];
}

function expectedInvoices(month: string) {
  const { segments, lineageFirst } = expectedCards();
  const customerOf = new Map(segments.map((s) => [s.cardNo, s.customer]));
  const byCustomer = new Map<string, Map<string, ExpectedCard>>();
  const card = (customer: string, cardNo: string) => {
    const cards = byCustomer.get(customer) ?? byCustomer.set(customer, new Map()).get(customer)!;
    return cards.get(cardNo) ?? cards.set(cardNo, { cardNo, issueFee: 0, annualFee: 0, tolls: 0, lines: [] }).get(cardNo)!;
  };
  for (const s of segments) if (s.issuedOn.startsWith(month)) card(s.customer, s.cardNo).issueFee += s.fee;
  const end = lastDay(month);
  lineageFirst.forEach((first, lineage) => {
    const m = monthsBetween(first.slice(0, 7), month);
    if (m < 0 || m % 12 !== 0) return;
    const valid = segments.find((s) => s.lineage === lineage && s.from <= end && end <= s.until);
    if (valid) card(valid.customer, valid.cardNo).annualFee += ANNUAL_FEE;
  });
  for (const r of csvRows(`tolls-${month}.csv`)) {
    const c = card(customerOf.get(r['カード番号'])!, r['カード番号']);
    c.tolls += yen(r['通行料金']);
    c.lines.push({ date: isoTime(r['入口日時']).slice(0, 10), entryPoint: r['入口IC'], exitPoint: r['出口IC'], amount: yen(r['通行料金']) });
  }
  return [...byCustomer.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([customer, cards]) => {
      const list = [...cards.values()].sort((a, b) => a.cardNo.localeCompare(b.cardNo));
      const sum = (f: (c: ExpectedCard) => number) => list.reduce((n, c) => n + f(c), 0);
      const tolls = sum((c) => c.tolls);
      const issueFees = sum((c) => c.issueFee);
      const annualFees = sum((c) => c.annualFee);
      return { customer, tolls, issueFees, annualFees, total: tolls + issueFees + annualFees, cards: list };
    })
    .filter((i) => i.total > 0);
}

// ── The engine, the lease system, and the year ──

let leaseServer: Server;
const leaseEnds = new Map(csvRows('lease-contracts.csv').map((r) => [r['リース契約番号'], r]));

function startLeaseServer(): Promise<string> {
  const vehicles = new Map(csvRows('lease-vehicles.csv').map((r) => [r['自動車登録番号'], r]));
  leaseServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const [, kind, raw] = url.pathname.split('/');
    const key = decodeURIComponent(raw ?? '');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (kind === 'contracts' && leaseEnds.has(key)) {
      const c = leaseEnds.get(key)!;
      return send(200, { leaseNo: key, customerName: c['顧客名'], start: c['開始日'], end: c['満了日'] });
    }
    if (kind === 'vehicles' && vehicles.has(key)) {
      const v = vehicles.get(key)!;
      return send(200, { regNo: key, leaseNo: v['リース契約番号'], name: v['車名'] });
    }
    send(404, { error: 'not found' });
  });
  return new Promise((resolve) => leaseServer.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(leaseServer.address() as AddressInfo).port}`)));
}

async function engine(leaseUrl: string) {
  const clock = createFixedClock('2026-05-01T01:00:00Z');
  const db = openDb(':memory:');
  const loaded = loadTenantDir(join(repoRoot, 'tenants/k-lease'), registry);
  if (!loaded.tenant) throw new Error(JSON.stringify(loaded.issues, null, 2));
  const v = await publishVersion(db, loaded.tenant, { source: 'folder', clock });
  const tenants = createTenantStore([{ versionId: v.id, seq: v.seq, tenant: loaded.tenant }]);
  const app = createApp({ registry, db, clock, tenants, logger: silentLogger, env: { K_LEASE_LOOKUP_URL: leaseUrl } });
  await ensureAdminAccounts({ db, clock }, ['k-lease'], PASSWORD);
  await db.update(staffAccounts).set({ mustChangePassword: false }).where(eq(staffAccounts.loginId, 'admin'));
  let cookie = '';
  let loggedOn = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), cookie }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, text, body: (res.headers.get('content-type') ?? '').includes('json') && text ? (JSON.parse(text) as any) : undefined };
  };
  /** Staff work on `date`: the clock at 10:00 JST that day, a fresh login each day (sessions expire). */
  const on = async (date: string) => {
    clock.set(`${date}T01:00:00Z`);
    if (loggedOn === date) return;
    const r = await app.request(`${T}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId: 'admin', password: PASSWORD }) });
    if (r.status !== 200) throw new Error(`login: ${r.status} ${await r.text()}`);
    cookie = /muni_staff=[^;]+/.exec(r.headers.get('set-cookie') ?? '')![0];
    loggedOn = date;
  };
  return { app, db, clock, call, on };
}

const cardNoOf = (body: any): string => body?.cardNo ?? body?.card?.cardNo;

describe('ETC service: a year of cards and invoices from files', () => {
  let E: Awaited<ReturnType<typeof engine>>;
  const issued = new Map<string, any>();

  beforeAll(async () => {
    E = await engine(await startLeaseServer());
  });
  afterAll(() => new Promise<void>((r) => leaseServer.close(() => r())));

  it('registers the contracts checked against the lease system, then plays 2027 month by month', async () => {
    await E.on('2026-05-01');
    const reg = await E.call('POST', `${T}/cards/etc-card/contracts/import`, { csv: readFileSync(join(FIX, 'contracts.csv'), 'utf8') });
    expect([200, 201], reg.text).toContain(reg.status);

    const changes = csvRows('lease-changes.csv');
    for (const e of csvRows('events.csv')) {
      await E.on(e.date);
      for (const c of changes) if (c.date <= e.date) leaseEnds.get(c['リース契約番号'])!['満了日'] = c['満了日'];
      let r;
      if (e.operation === 'issue') {
        r = await E.call('POST', `${T}/cards/etc-card/issue`, { subject: e.vehicle, cardType: e.cardType, date: e.date });
      } else if (e.operation === 'reissue') {
        r = await E.call('POST', `${T}/cards/etc-card/${e.card}/reissue`, { reason: e.reason, ...(e.cardType ? { cardType: e.cardType } : {}), date: e.date });
      } else if (e.operation === 'renew') {
        r = await E.call('POST', `${T}/cards/etc-card/${e.card}/renew`, { date: e.date });
      } else {
        r = await E.call('POST', `${T}/cards/etc-card/month-end`, { date: e.date });
        expect(r.status, r.text).toBe(200);
        const again = await E.call('POST', `${T}/cards/etc-card/month-end`, { date: e.date });
        expect(again.body.cancelled, 'a second run of the batch changes nothing').toBe(0);
        const month = e.date.slice(0, 7);
        const imp = await E.call('POST', `${T}/billing/etc-billing/usage/import`, { month, csv: readFileSync(join(FIX, `tolls-${month}.csv`), 'utf8'), fileName: `tolls-${month}.csv` });
        expect(imp.status, imp.text).toBe(200);
        const run = await E.call('POST', `${T}/billing/etc-billing/invoices`, { month });
        expect(run.status, run.text).toBe(201);
        issued.set(month, (await E.call('GET', `${T}/invoices?month=${month}`)).body);
        continue;
      }
      expect([200, 201], `${e.date} ${e.operation}: ${r.text}`).toContain(r.status);
      expect(cardNoOf(r.body), `${e.date} ${e.operation}`).toBe(e.expectCard);
    }
  });

  it('cancels at month end exactly the cards whose expiry month it is (A2 in June, B1 in August)', async () => {
    const list = await E.call('GET', `${T}/cards/etc-card?state=cancelled`);
    expect(list.status, list.text).toBe(200);
    const cancelled = (list.body.cards ?? list.body.rows).map((c: any) => c.cardNo).sort();
    expect(cancelled).toEqual(['9101000000000025', '9101000000000041']);
  });

  for (let m = 1; m <= 12; m++) {
    const month = `2027-${String(m).padStart(2, '0')}`;
    it(`bills ${month} as the independent calculation does`, () => {
      const got = issued.get(month);
      expect(got, 'the year ran').toBeDefined();
      const want = expectedInvoices(month);
      const invoices = [...got.invoices].sort((a: any, b: any) => a.customer.localeCompare(b.customer));
      expect(invoices.map((i: any) => ({ customer: i.customer, tolls: i.tolls, issueFees: i.issueFees, annualFees: i.annualFees, total: i.total }))).toEqual(
        want.map((i) => ({ customer: i.customer, tolls: i.tolls, issueFees: i.issueFees, annualFees: i.annualFees, total: i.total })),
      );
      for (const [k, inv] of invoices.entries()) {
        const cards = [...inv.cards].sort((a: any, b: any) => a.cardNo.localeCompare(b.cardNo));
        expect(cards.map((c: any) => c.cardNo)).toEqual(want[k].cards.map((c) => c.cardNo));
        for (const [j, c] of cards.entries()) {
          const w = want[k].cards[j];
          if ('issueFee' in c) expect({ issueFee: c.issueFee, annualFee: c.annualFee }).toEqual({ issueFee: w.issueFee, annualFee: w.annualFee });
          const lines = c.lines.map((l: any) => ({ date: l.date, entryPoint: l.entryPoint, exitPoint: l.exitPoint, amount: l.amount }));
          const sortKey = (l: { date: string; entryPoint: string; amount: number }) => `${l.date}|${l.entryPoint}|${l.amount}`;
          expect([...lines].sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual([...w.lines].sort((a, b) => sortKey(a).localeCompare(sortKey(b))));
        }
      }
    });
  }

  it('adds up over the year to the fees the operations imply', () => {
    const year = [...issued.values()].flatMap((m) => m.invoices);
    // Issue fees: C1 (Jan), A2 (Feb), 紛失 (Mar), C2 (Apr), the renewal (May), カード種類変更 (Jul); 磁気不良 (Apr) and 破損 (Sep) are free.
    expect(year.reduce((n: number, i: any) => n + i.issueFees, 0)).toBe(6 * ISSUE_FEE);
    // Annual fees: C1 (Jan), A2 (Feb), C2 (Apr), and あおば運輸's first card's anniversary (May); さくら建設's (Nov) falls after its 解約.
    expect(year.reduce((n: number, i: any) => n + i.annualFees, 0)).toBe(4 * ANNUAL_FEE);
    const lines = year.flatMap((i: any) => i.cards.flatMap((c: any) => c.lines)).length;
    const rows = Array.from({ length: 12 }, (_, k) => csvRows(`tolls-2027-${String(k + 1).padStart(2, '0')}.csv`).length).reduce((a, b) => a + b, 0);
    expect(lines).toBe(rows);
  });

  it('charges the annual fee on the first-issue anniversary to the card valid then, after a re-issue and a renewal', () => {
    // あおば運輸's first card was issued 2026-05-11, re-issued (磁気不良) and renewed since: May 2027 carries the fee.
    const may = issued.get('2027-05').invoices.find((i: any) => i.customer === 'L-2024-0001');
    expect(may.annualFees).toBe(ANNUAL_FEE);
    const nov = issued.get('2027-11').invoices.find((i: any) => i.customer === 'L-2025-0002');
    expect(nov, 'さくら建設 has no valid card after August: no invoice in November').toBeUndefined();
  });

  it('re-running an issued month gives the same invoices, and the month takes no more tolls', async () => {
    await E.on('2028-01-05');
    const again = await E.call('POST', `${T}/billing/etc-billing/invoices`, { month: '2027-07' });
    expect(again.status, again.text).toBe(200);
    expect((await E.call('GET', `${T}/invoices?month=2027-07`)).body.invoices).toEqual(issued.get('2027-07').invoices);
    const late = await E.call('POST', `${T}/billing/etc-billing/usage/import`, { month: '2027-07', csv: readFileSync(join(FIX, 'tolls-2027-07.csv'), 'utf8') });
    expect(late.status).toBe(409);
  });

  it('lists in the 利用日確認帳票 the uses that entered on a day off, by the entry day', async () => {
    const r = await E.call('GET', `${T}/billing/etc-billing/reports/off-days?month=2027-01&customer=L-2024-0001`);
    expect(r.status, r.text).toBe(200);
    const aoba = new Set(['9101000000000017', '9101000000000041', '9101000000000066']);
    const want = csvRows('tolls-2027-01.csv')
      .filter((t) => aoba.has(t['カード番号']))
      .filter((t) => {
        const day = isoTime(t['入口日時']).slice(0, 10);
        const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
        return dow === 0 || dow === 6 || holidayJp.isHoliday(new Date(`${day}T00:00:00`)) // the library reads the local calendar date;
      })
      .map((t) => isoTime(t['入口日時']))
      .sort();
    expect(want, 'the fixture has the 成人の日 passage').toContain('2027-01-11 23:40');
    const rows = r.body.rows ?? r.body.uses;
    expect(rows.map((x: any) => x.entryAt).sort()).toEqual(want);
  });

  it('lists in the 利用車両確認帳票 the uses in another vehicle, not the same one written in full width', async () => {
    const jan = await E.call('GET', `${T}/billing/etc-billing/reports/other-vehicles?month=2027-01&customer=L-2024-0001`);
    expect(jan.status, jan.text).toBe(200);
    expect(jan.body.rows ?? jan.body.uses).toEqual([]);
    const mar = await E.call('GET', `${T}/billing/etc-billing/reports/other-vehicles?month=2027-03&customer=L-2024-0001`);
    const rows = mar.body.rows ?? mar.body.uses;
    expect(rows.map((x: any) => [x.cardNo, nfkc(x.subject ?? x.vehicle)])).toEqual([['9101000000000041', '品川 500 あ 12-34']]);
  });
});
