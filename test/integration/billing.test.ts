// The billing kind (issue 19) on the k-lease tenant: toll CSV import (report, all-or-nothing,
// duplicates, closed month), invoice computation (issue fees with exempt reasons, annual fees
// once per lineage in the first month and every 12 months, tolls), idempotent issuing, the CSV as
// Excel reads it, the printable invoice, and the two reports.
import Papa from 'papaparse';
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { computeInvoices } from '../../blocks/billing/invoice';
import { encodeCp932 } from '../../engine/export/cp932';
import { decodeCsv } from '../../engine/export/csv-import';
import { CARD, createBillingTestApp, HEADER, K, MAY_CSV, seedScenario, type BillingTestApp } from './billing-helpers';
import { sqlAll, sqlGet } from '../../engine/db';

const B = `${K}/billing/etc-billing`;
let t: BillingTestApp;

beforeEach(async () => {
  t = await createBillingTestApp();
  await seedScenario(t);
});

const count = async (table: string) => (await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM ${table}`))!.n;
const importMay = (csv = MAY_CSV, cookie = t.cookies.manager) => t.request('POST', `${B}/usage/import`, { cookie, body: { month: '2027-05', csvBase64: Buffer.from(encodeCp932(csv)).toString('base64'), fileName: 'toll-202705.csv' } });

describe('toll CSV import', () => {
  it('reports every problem by row and column, in Japanese and English, and writes nothing', async () => {
    const csv = [
      HEADER,
      `${CARD.A},東京IC,2027/05/05 23:30,横浜青葉IC,2027/05/06 00:40,品川 500 あ 12-34,1320`,
      `9101999999999999,東京IC,2027/05/06 08:00,横浜青葉IC,2027/05/06 09:00,品川 500 あ 12-34,1000`,
      `${CARD.A},東京IC,2027/02/30 08:00,横浜青葉IC,2027/05/06 09:00,品川 500 あ 12-34,1000`,
      `${CARD.A},東京IC,2027/05/06 10:00,横浜青葉IC,2027/05/06 09:00,品川 500 あ 12-34,1000`,
      `${CARD.A},東京IC,2027/05/06 11:00,横浜青葉IC,2027/05/06 12:00,品川 500 あ 12-34,-5`,
      `${CARD.A},,2027/05/06 13:00,横浜青葉IC,2027/05/06 14:00,品川 500 あ 12-34,12.5`,
      `${CARD.A},東京IC,2027/06/01 08:00,横浜青葉IC,2027/06/01 09:00,品川 500 あ 12-34,100`,
    ].join('\n');
    const r = await t.request('POST', `${B}/usage/import`, { cookie: t.cookies.manager, body: { month: '2027-05', csv } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('billing.import_invalid');
    const where = r.body.report.map((i: { row: number; column: string; code: string }) => `${i.row}:${i.column}:${i.code}`);
    expect(where).toEqual([
      '3:カード番号:billing.import_unknown_card',
      '4:入口日時:billing.import_bad_time',
      '5:出口日時:billing.import_exit_before_entry',
      '6:通行料金:billing.import_bad_amount',
      '7:入口IC:billing.import_required',
      '7:通行料金:billing.import_bad_amount',
      '8:入口日時:billing.import_after_month',
    ]);
    expect(r.body.report[0].message).toContain('9101999999999999');
    expect(r.body.report[0].messageEn).toContain('never issued');
    expect([await count('usage_records'), await count('usage_imports')]).toEqual([0, 0]);
  });

  it('refuses a file whose header lacks or misnames a column', async () => {
    const r = await t.request('POST', `${B}/usage/import`, { cookie: t.cookies.manager, body: { month: '2027-05', csv: 'カード番号,入口IC,入口日時,出口IC,出口日時,車番,通行料金\n' } });
    expect(r.status).toBe(422);
    expect(r.body.report.map((i: { row: number; column: string; code: string }) => `${i.row}:${i.column}:${i.code}`)).toEqual(['1:車番:billing.import_unknown_column', '1:自動車登録番号:billing.import_missing_column']);
  });

  it('imports a CP932 file with full-width digits and commas; a resent file adds nothing and counts duplicates', async () => {
    const r = await importMay();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ month: '2027-05', rows: 6, added: 6, duplicates: 0, report: [] });
    const amounts = (await sqlAll<{ amount: number; subject: string }>(t.db, `SELECT amount, subject FROM usage_records ORDER BY entry_at`));
    expect(amounts.map((a) => a.amount)).toEqual([1320, 1200, 980, 980, 320, 510]);
    // Stored normalized, as the card's subject.
    expect(amounts[3].subject).toBe('品川 500 あ 12-34');
    const again = await importMay();
    expect(again.body).toMatchObject({ rows: 6, added: 0, duplicates: 6 });
    expect(await count('usage_records')).toBe(6);
    // Both at the same (fixed) instant: the first added the rows, the resend added none.
    const imports = (await sqlAll<{ added: number; duplicates: number; file_name: string; imported_by: string }>(t.db, `SELECT added, duplicates, file_name, imported_by FROM usage_imports ORDER BY imported_at, added DESC`));
    expect(imports).toEqual([
      { added: 6, duplicates: 0, file_name: 'toll-202705.csv', imported_by: 'manager' },
      { added: 0, duplicates: 6, file_name: 'toll-202705.csv', imported_by: 'manager' },
    ]);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'billing.usage_imported'`))!.n).toBe(2);
  });

  it('is for managers: a 施設担当者 gets 403', async () => {
    const r = await importMay(MAY_CSV, t.cookies.clerk);
    expect(r.status).toBe(403);
    expect(await count('usage_records')).toBe(0);
  });
});

describe('invoices', () => {
  it('computes tolls, issue fees (none for a fee-exempt re-issue) and annual fees once per lineage in its first month and 12 months later', async () => {
    await importMay();
    const r = await t.request('GET', `${K}/invoices?month=2027-05`, { cookie: t.cookies.clerk });
    expect(r.status).toBe(200);
    expect(r.body.issued).toBe(false);
    const [l1, l2, ...rest] = r.body.invoices;
    expect(rest).toEqual([]); // L-003 has nothing to bill
    expect(l1).toMatchObject({ customer: 'L-001', customerName: '港運輸株式会社', tolls: 4800, issueFees: 500, annualFees: 2000, total: 7300 });
    expect(l1.cards.map((c: { cardNo: string; issueFee: number; annualFee: number; tolls: number }) => [c.cardNo, c.issueFee, c.annualFee, c.tolls])).toEqual([
      [CARD.A, 0, 1000, 4480], // renewed in April: its lineage's first month was May 2026
      [CARD.B1, 500, 0, 0], // issued in May, replaced: the fee, not the annual fee
      [CARD.B2, 0, 1000, 320], // 磁気不良: no issue fee; the lineage's annual fee on the valid card
    ]);
    expect(l1.cards[0].lines).toEqual([
      { date: '2027-05-05', entryPoint: '東京IC', exitPoint: '横浜青葉IC', subject: '品川 500 あ 12-34', exitTime: '05/06 00:40', amount: 1320 },
      { date: '2027-05-06', entryPoint: '横浜青葉IC', exitPoint: '東京IC', subject: '品川 500 あ 12-34', exitTime: '09:10', amount: 1200 },
      { date: '2027-05-07', entryPoint: '用賀IC', exitPoint: '厚木IC', subject: '練馬 500 か 99-99', exitTime: '10:45', amount: 980 },
      { date: '2027-05-07', entryPoint: '厚木IC', exitPoint: '用賀IC', subject: '品川 500 あ 12-34', exitTime: '18:50', amount: 980 },
    ]);
    // 紛失 re-issue: both fees; D's lineage is 24 months old; E was cancelled at the end of March.
    expect(l2).toMatchObject({ customer: 'L-002', tolls: 510, issueFees: 1000, annualFees: 2000, total: 3510 });
    expect(l2.cards.map((c: { cardNo: string; issueFee: number; annualFee: number }) => [c.cardNo, c.issueFee, c.annualFee])).toEqual([
      [CARD.C1, 500, 0],
      [CARD.C2, 500, 1000],
      [CARD.D, 0, 1000],
    ]);
  });

  it('charges no annual fee 11 months after the first issue, and again 24 months after; a card no longer valid pays none', async () => {
    const b = t.published.tenant.get('billing', 'etc-billing')!;
    const april = await computeInvoices(t.db, t.published, b, '2027-04');
    expect(april.map((i) => [i.customer, i.issueFees, i.annualFees, i.total])).toEqual([['L-001', 500, 0, 500]]);
    const may2028 = await computeInvoices(t.db, t.published, b, '2028-05');
    expect(may2028.map((i) => [i.customer, i.annualFees, i.cards.map((c) => c.cardNo)])).toEqual([
      ['L-001', 2000, [CARD.A, CARD.B2]],
      ['L-002', 1000, [CARD.C2]], // D expired in March 2028
    ]);
  });

  it('issues the month once: stored invoices, an audit row; issuing again returns them unchanged and the month is closed to imports', async () => {
    await importMay();
    const first = await t.request('POST', `${B}/invoices`, { cookie: t.cookies.manager, body: { month: '2027-05' } });
    expect(first.status).toBe(201);
    expect(first.body.created).toBe(true);
    expect(first.body.invoices.map((i: { total: number }) => i.total)).toEqual([7300, 3510]);
    // A card issued afterwards (in May) changes nothing already issued.
    await t.addCard({ cardNo: '9101000000000086', holder: 'L-001', subject: '品川 600 な 1', issuedOn: '2027-05-31', expiryMonth: '2029-05' });
    const again = await t.request('POST', `${B}/invoices`, { cookie: t.cookies.manager, body: { month: '2027-05' } });
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(again.body.invoices).toEqual(first.body.invoices);
    const view = await t.request('GET', `${K}/invoices?month=2027-05&billing=etc-billing`, { cookie: t.cookies.clerk });
    expect(view.body.issued).toBe(true);
    expect(view.body.invoices).toEqual(first.body.invoices);
    expect(await count('invoices')).toBe(2);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'billing.invoices_issued'`))!.n).toBe(1);
    const closed = await importMay();
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('billing.month_closed');
    expect(await count('usage_records')).toBe(6);
    // Issuing is for managers; a month with nobody to bill is not issued.
    expect((await t.request('POST', `${B}/invoices`, { cookie: t.cookies.clerk, body: { month: '2027-06' } })).status).toBe(403);
    const empty = await t.request('POST', `${B}/invoices`, { cookie: t.cookies.manager, body: { month: '2027-07' } });
    expect([empty.status, empty.body.error.code]).toEqual([409, 'billing.nothing_to_issue']);
    expect(await count('invoices')).toBe(2);
  });

  it('tells the console the tenant has a billing block (its menu shows 請求)', async () => {
    const me = await t.request('GET', `${K}/me`, { cookie: t.cookies.clerk });
    expect(me.body.tenant.kinds).toEqual(expect.arrayContaining(['billing', 'record', 'site']));
  });

  it('refuses a malformed month and an unknown billing', async () => {
    const bad = await t.request('GET', `${K}/invoices?month=2027-5`, { cookie: t.cookies.clerk });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'billing.bad_month']);
    const none = await t.request('GET', `${K}/billing/nope/invoices.csv?month=2027-05`, { cookie: t.cookies.clerk });
    expect([none.status, none.body.error.code]).toEqual([404, 'billing.not_found']);
  });

  it('exports a CSV that Excel opens: BOM, one row per line with the summary columns, card numbers kept as text', async () => {
    await importMay();
    const r = await t.request('GET', `${B}/invoices.csv?month=2027-05`, { cookie: t.cookies.clerk });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toContain('invoices_2027-05_UTF-8.csv');
    expect([...r.raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<string[]>(decodeCsv(r.raw), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['請求月', '顧客番号', '顧客名', '通行料金合計', 'カード発行費合計', 'カード年会費合計', '合計請求金額', 'カード番号', 'カードの自動車登録番号', 'カード発行費', 'カード年会費', 'カード別通行料金', '利用日', '入口IC', '出口IC', '自動車登録番号', '出口時刻', '通行料金']);
    // A: 4 lines, B1: none, B2: 1, C1: none, C2: 1, D: none.
    expect(rows).toHaveLength(1 + 4 + 1 + 1 + 1 + 1 + 1);
    expect(rows[1]).toEqual(['2027-05', 'L-001', '港運輸株式会社', '4800', '500', '2000', '7300', `="${CARD.A}"`, '品川 500 あ 12-34', '0', '1000', '4480', '2027-05-05', '東京IC', '横浜青葉IC', '品川 500 あ 12-34', '05/06 00:40', '1320']);
    expect(rows[5].slice(7, 13)).toEqual([`="${CARD.B1}"`, '品川 300 い 56-78', '500', '0', '0', '']);
    const sjis = await t.request('GET', `${B}/invoices.csv?month=2027-05&encoding=cp932`, { cookie: t.cookies.clerk });
    expect(sjis.headers.get('content-type')).toContain('Shift_JIS');
    expect(decodeCsv(sjis.raw)).toContain('港運輸株式会社');
  });

  it('prints an invoice: the summary and the details per card with subtotals', async () => {
    await importMay();
    const r = await t.request('GET', `${B}/invoices/L-001/print?month=2027-05`, { cookie: t.cookies.clerk });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    const html = r.text;
    for (const s of ['請求書サマリ', '請求書明細', '港運輸株式会社', '通行料金', 'カード発行費', 'カード年会費', '合計請求金額', '7,300円', '4,480円', '05/06 00:40', '入口IC', '出口時刻', '（発行前の確認用）', 'href="/billing/print.css"']) expect(html).toContain(s);
    expect(html.match(/data-card="/g)).toHaveLength(3);
    const css = await t.request('GET', '/billing/print.css');
    expect(css.text).toContain('@page');
    const missing = await t.request('GET', `${B}/invoices/L-003/print?month=2027-05`, { cookie: t.cookies.clerk });
    expect(missing.status).toBe(404);
  });
});

describe('reports', () => {
  it('利用日確認帳票: uses whose entry day is a day off of the customer (a holiday entry exiting after midnight included)', async () => {
    await importMay();
    const r = await t.request('GET', `${B}/reports/off-days?month=2027-05`, { cookie: t.cookies.clerk });
    expect(r.status).toBe(200);
    expect(r.body.rows.map((x: { customer: string; cardNo: string; entryAt: string; reason: string }) => [x.customer, x.cardNo, x.entryAt, x.reason])).toEqual([
      ['L-001', CARD.A, '2027-05-05 23:30', '祝日（こどもの日）'],
      ['L-001', CARD.B2, '2027-05-16 09:00', '日曜日'],
    ]);
    const own = await t.request('GET', `${B}/reports/off-days?month=2027-05&customer=L-002`, { cookie: t.cookies.clerk });
    expect(own.body.rows).toEqual([]); // L-002 works on Saturdays
  });

  it('利用車両確認帳票: uses by another vehicle than the card’s (the same one in full-width is not another)', async () => {
    await importMay();
    const r = await t.request('GET', `${B}/reports/other-vehicles?month=2027-05&customer=L-001`, { cookie: t.cookies.clerk });
    expect(r.body.rows.map((x: { cardNo: string; entryAt: string; subject: string; cardSubject: string }) => [x.cardNo, x.entryAt, x.subject, x.cardSubject])).toEqual([[CARD.A, '2027-05-07 10:00', '練馬 500 か 99-99', '品川 500 あ 12-34']]);
  });

  it('comes as CSV and as a printable page too', async () => {
    await importMay();
    const csv = await t.request('GET', `${B}/reports/off-days?month=2027-05&format=csv`, { cookie: t.cookies.clerk });
    const rows = Papa.parse<string[]>(decodeCsv(csv.raw), { skipEmptyLines: true }).data;
    expect(rows[0][0]).toBe('顧客番号');
    expect(rows.slice(1).map((x) => x[x.length - 1])).toEqual(['祝日（こどもの日）', '日曜日']);
    const page = await t.request('GET', `${B}/reports/other-vehicles?month=2027-05&format=print`, { cookie: t.cookies.clerk });
    expect(page.text).toContain('利用車両確認帳票');
    expect(page.text).toContain('練馬 500 か 99-99');
    const bad = await t.request('GET', `${B}/reports/nope?month=2027-05`, { cookie: t.cookies.clerk });
    expect(bad.status).toBe(404);
  });
});
