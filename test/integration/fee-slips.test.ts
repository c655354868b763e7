// 納付書, 入金消込, 窓口現金 with 領収書, the fee reports and the ledger's fee columns,
// through the HTTP API of a tenant whose meeting room is paid by slip or at the counter.
import { isPostgres } from '../../engine/db/dialect';
import Encoding from 'encoding-japanese';
import Papa from 'papaparse';
import { beforeEach, describe, expect, it } from 'vitest';
import { normalizeSlipNo, validSlipNo } from '../../blocks/fee/slip-number';
import { sqlAll, sqlGet, sqliteClient } from '../../engine/db';
import { A, createFeeTown } from './fixtures/fee-town';
import { createClient, hiddenOf } from './resident-client';

let t: Awaited<ReturnType<typeof createFeeTown>>;
let cookie: string;
beforeEach(async () => {
  t = await createFeeTown();
  cookie = await t.staffCookie();
});

const slipNoOf = (html: string) => /data-slip-no="(\d+)"/.exec(html)?.[1] ?? '';
const statusOf = async (receiptNo: string) => (await sqlGet<{ s: string }>(t.db, 'SELECT status AS s FROM bookings WHERE receipt_no = ?', [receiptNo]))!.s;
const sjis = (text: string) => Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }) as number[]).toString('base64');
const csvOf = (bytes: Uint8Array, encoding: 'utf8' | 'sjis' = 'utf8') => {
  const text = encoding === 'sjis' ? (Encoding.convert(bytes, { to: 'UNICODE', from: 'SJIS', type: 'string' }) as string) : new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  return Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
};

describe('納付書', () => {
  it('numbers each booking once with a check digit, the next booking the next number; staff and resident print the same slip', async () => {
    const a = await t.book({ date: '2026-12-10', time: '09:00' });
    const b = await t.book({ date: '2026-12-10', time: '18:00', residence: 'outside' });
    const first = await t.staff(cookie, 'GET', `${A}/bookings/${a.receiptNo}/slip`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/html');
    const no = slipNoOf(first.text);
    expect(no).toMatch(/^2026000000\d{2}$/);
    expect(validSlipNo(no)).toBe(true);
    // What a slip must say: the amount, 納付期限, the account, a barcode and a QR code (inline SVG).
    expect(first.text).toContain('￥1,200');
    expect(first.text).toContain('2026年12月8日（火） 09:00');
    expect(first.text).toContain('ふくろう銀行 市役所支店');
    expect(first.text).toContain('フクロウシカイケイカンリシャ');
    expect(first.text).toContain('山田 1郎 様');
    expect((first.text.match(/<svg/g) ?? []).length).toBe(2);
    const again = await t.staff(cookie, 'GET', `${A}/bookings/${a.receiptNo}/slip`);
    expect(slipNoOf(again.text)).toBe(no);
    const second = slipNoOf((await t.staff(cookie, 'GET', `${A}/bookings/${b.receiptNo}/slip`)).text);
    expect(Number(second.slice(4, 11))).toBe(Number(no.slice(4, 11)) + 1);
    expect(validSlipNo(second)).toBe(true);
    // A digit read wrong is not a slip number.
    expect(validSlipNo(`${no.slice(0, 5)}${(Number(no[5]) + 1) % 10}${no.slice(6)}`)).toBe(false);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'payment.slip_issued'`))!.n).toBe(2);

    // The resident: 納付書を印刷 on the booking page posts the holder and gets the same slip.
    const client = createClient(t.app);
    const lookup = await client.get('/t/fee-town/lookup');
    const details = await client.post('/t/fee-town/lookup', { ...hiddenOf(lookup.html, '/lookup'), receiptNo: a.receiptNo, accessKey: a.accessKey });
    expect(details.html).toContain('納付書を印刷');
    const printed = await client.post('/t/fee-town/r/slip', hiddenOf(details.html, '/r/slip'));
    expect(printed.status).toBe(200);
    expect(slipNoOf(printed.html)).toBe(no);
    const wrongKey = await client.post('/t/fee-town/r/slip', { ...hiddenOf(details.html, '/r/slip'), accessKey: 'AAAAAAAAAAAA' });
    expect(wrongKey.status).toBe(404);
  });

  it('is refused for a booking with nothing to pay, and for residents of a service without slips', async () => {
    const hall = await t.book({ service: 'hall', date: '2026-12-10', time: '09:00' });
    const client = createClient(t.app);
    const lookup = await client.get('/t/fee-town/lookup');
    const details = await client.post('/t/fee-town/lookup', { ...hiddenOf(lookup.html, '/lookup'), receiptNo: hall.receiptNo, accessKey: hall.accessKey });
    expect(details.html).not.toContain('納付書を印刷');
    const forced = await client.post('/t/fee-town/r/slip', { ...hiddenOf(details.html, '/r/cancel'), receiptNo: hall.receiptNo, accessKey: hall.accessKey });
    expect(forced.status).toBe(409);
    expect(forced.html).toContain('窓口でお渡しします');
    // Staff may still print one for the hall (the account line is then left out).
    expect((await t.staff(cookie, 'GET', `${A}/bookings/${hall.receiptNo}/slip`)).status).toBe(200);
    const a = await t.book({ date: '2026-12-10', time: '12:00' });
    await t.staff(cookie, 'POST', `${A}/bookings/${a.receiptNo}/payments`, { method: 'cash', amount: 1600 });
    const paid = await t.staff(cookie, 'GET', `${A}/bookings/${a.receiptNo}/slip`);
    expect(paid.status).toBe(409);
    expect(paid.body.error.code).toBe('fee.nothing_to_pay');
  });
});

describe('入金消込 (bank file import)', () => {
  async function threeSlips() {
    const a = await t.book({ date: '2026-12-10', time: '09:00' }); // 1,200
    const b = await t.book({ date: '2026-12-10', time: '12:00' }); // 1,600
    const c = await t.book({ date: '2026-12-11', time: '09:00', resource: 'room-2', residence: 'outside' }); // 1,800
    const no: Record<string, string> = {};
    for (const x of [a, b, c]) no[x.receiptNo] = slipNoOf((await t.staff(cookie, 'GET', `${A}/bookings/${x.receiptNo}/slip`)).text);
    return { a, b, c, no };
  }

  it('confirms matched rows and reports unknown, wrong-amount, badly written, repeated and already-paid rows with their line numbers', async () => {
    const { a, b, c, no } = await threeSlips();
    const d = await t.book({ date: '2026-12-12', time: '09:00' });
    const dNo = slipNoOf((await t.staff(cookie, 'GET', `${A}/bookings/${d.receiptNo}/slip`)).text);
    await t.staff(cookie, 'POST', `${A}/bookings/${d.receiptNo}/payments`, { method: 'slip', amount: 1200 });
    const unknown = '202600009999'.slice(0, 11);
    const unknownNo = `${unknown}${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((x) => validSlipNo(`${unknown}${x}`))}`;
    const csv = [
      '入金日,納付番号,金額,金融機関', // extra columns are ignored, order is free
      `2026/11/30,${no[a.receiptNo]},"1,200",ふくろう銀行`, // 2 matched (2026/11/30, a thousands separator)
      `2026-11-30,${no[b.receiptNo]},1000,ふくろう銀行`, // 3 wrong amount
      `2026-11-30,${unknownNo},1200,ふくろう銀行`, // 4 no such slip
      `2026-11-30,${no[c.receiptNo].slice(0, -1)}${(Number(no[c.receiptNo].slice(-1)) + 1) % 10},1800,ふくろう銀行`, // 5 check digit
      `2026-11-30,${no[a.receiptNo]},1200,ふくろう銀行`, // 6 repeated in the file
      `2026-11-30,${dNo},1200,ふくろう銀行`, // 7 already paid at the counter
      `2026-12-01,${no[c.receiptNo].replace(/^(\d{4})(\d{7})(\d)$/, '$1-$2-$3')},１８００,ふくろう銀行`, // 8 matched (hyphens, full-width amount)
      `2026-11-31,${no[b.receiptNo]},1600,ふくろう銀行`, // 9 a day that never was
    ].join('\r\n');
    const r = await t.staff(cookie, 'POST', `${A}/payments/import`, { csvBase64: sjis(csv), fileName: 'bank-20261201.csv' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ dryRun: false, rows: 8, matched: 2, unmatched: 6, matchedAmount: 3000 });
    expect(r.body.results.map((x: { line: number; outcome: string }) => [x.line, x.outcome])).toEqual([
      [2, 'matched'],
      [3, 'amount'],
      [4, 'unknown'],
      [5, 'check_digit'],
      [6, 'duplicate'],
      [7, 'paid'],
      [8, 'matched'],
      [9, 'bad_date'],
    ]);
    expect(r.body.results[1].message).toBe('金額 1000円 が納付額 1600円 と一致しません。');
    expect(r.body.results[4].message).toBe('2行目と同じ納付番号です。');
    expect(await statusOf(a.receiptNo)).toBe('confirmed');
    expect(await statusOf(c.receiptNo)).toBe('confirmed');
    expect(await statusOf(b.receiptNo)).toBe('awaiting_payment');
    const pays = await sqlAll<{ r: string; m: string; amount: number; on: string; ref: string }>(
      t.db,
      'SELECT b.receipt_no AS r, p.method AS m, p.amount AS amount, p.received_on AS "on", p.reference AS ref FROM booking_payments p JOIN bookings b ON b.id = p.booking_id WHERE b.receipt_no IN (?, ?) ORDER BY p.id',
      [a.receiptNo, c.receiptNo],
    );
    expect(pays).toEqual([
      { r: a.receiptNo, m: 'slip', amount: 1200, on: '2026-11-30', ref: no[a.receiptNo] },
      { r: c.receiptNo, m: 'slip', amount: 1800, on: '2026-12-01', ref: no[c.receiptNo] },
    ]);
    // 支払済み通知 for each payment, with its day and slip number.
    const mails = (await sqlAll<{ body: string }>(t.db, `SELECT body_text AS body FROM notification_outbox WHERE event = 'payment.received' ORDER BY id`)).map((m) => m.body);
    expect(mails).toHaveLength(3);
    expect(mails[1]).toBe(`1,200円（納付書、2026年11月30日（月））を受け取りました。${no[a.receiptNo]}`);
    const audit = (await sqlGet<{ d: string }>(t.db, `SELECT details_json AS d FROM audit_log WHERE action = 'payment.imported'`))!;
    expect(JSON.parse(audit.d)).toMatchObject({ rows: 8, matched: 2, unmatchedLines: [3, 4, 5, 6, 7, 9] });

    // The same file again pays nobody twice.
    const replay = await t.staff(cookie, 'POST', `${A}/payments/import`, { csvBase64: sjis(csv) });
    expect(replay.body.matched).toBe(0);
    expect(replay.body.results.filter((x: { outcome: string }) => x.outcome === 'paid').map((x: { line: number }) => x.line)).toEqual([2, 7, 8]);
    expect((await sqlGet<{ n: number }>(t.db, 'SELECT COUNT(*) AS n FROM booking_payments'))!.n).toBe(3);
  });

  // The failure in the middle of the file is a SQLite trigger.
  it.skipIf(isPostgres)('applies the matched rows all or nothing, previews without applying, and names a missing column', async () => {
    const { a, c, no } = await threeSlips();
    const csv = `\uFEFF納付番号,金額,入金日\n${no[a.receiptNo]},1200,2026-11-30\n${no[c.receiptNo]},1800,2026-11-30\n`;
    const preview = await t.staff(cookie, 'POST', `${A}/payments/import`, { csv, dryRun: true });
    expect(preview.body).toMatchObject({ dryRun: true, matched: 2 });
    expect(await statusOf(a.receiptNo)).toBe('awaiting_payment');

    // A failure while applying the second matched row (forced here by a trigger) leaves the first unapplied too.
    const cId = (await sqlGet<{ id: number }>(t.db, 'SELECT id FROM bookings WHERE receipt_no = ?', [c.receiptNo]))!.id;
    sqliteClient(t.db).exec(`CREATE TRIGGER fail_c BEFORE INSERT ON booking_payments WHEN NEW.booking_id = ${cId} BEGIN SELECT RAISE(ABORT, 'forced'); END`);
    const failed = await t.staff(cookie, 'POST', `${A}/payments/import`, { csv });
    expect(failed.status).toBe(500);
    expect(await statusOf(a.receiptNo)).toBe('awaiting_payment');
    expect((await sqlGet<{ n: number }>(t.db, 'SELECT COUNT(*) AS n FROM booking_payments'))!.n).toBe(0);
    sqliteClient(t.db).exec('DROP TRIGGER fail_c');
    expect((await t.staff(cookie, 'POST', `${A}/payments/import`, { csv })).body.matched).toBe(2);

    const noAmount = await t.staff(cookie, 'POST', `${A}/payments/import`, { csv: `収納番号,領収日\n${no[a.receiptNo]},2026-11-30\n` });
    expect(noAmount.status).toBe(422);
    expect(noAmount.body.error.issues).toEqual([expect.objectContaining({ path: '/csv', code: 'fee.import_missing_column', message: expect.stringContaining('「金額」') })]);
  });
});

describe('窓口現金 and 領収書', () => {
  it('records cash with a 領収書番号 per fiscal year and prints the receipt', async () => {
    const a = await t.book({ date: '2026-12-10', time: '09:00' });
    const b = await t.book({ date: '2026-12-10', time: '12:00' });
    const payA = await t.staff(cookie, 'POST', `${A}/bookings/${a.receiptNo}/payments`, { method: 'cash', amount: 1200 });
    expect(payA.status).toBe(201);
    expect(payA.body).toMatchObject({ status: 'confirmed', reference: '2026-000001', payments: [{ method: 'cash', amount: 1200, receivedOn: '2026-12-01', reference: '2026-000001' }] });
    const payB = await t.staff(cookie, 'POST', `${A}/bookings/${b.receiptNo}/payments`, { method: 'cash', amount: 1600, receivedOn: '2026-11-30' });
    expect(payB.body.reference).toBe('2026-000002');
    const receipt = await t.staff(cookie, 'GET', `${A}/bookings/${a.receiptNo}/receipt`);
    expect(receipt.status).toBe(200);
    for (const s of ['領収書', '第 2026-000001 号', '2026年12月1日（火）', '￥1,200', '但し 会議室使用料として', 'ふくろう市', '山田 1郎', '第1会議室']) expect(receipt.text).toContain(s);
    const future = await t.staff(cookie, 'POST', `${A}/bookings/${(await t.book({ date: '2026-12-11', time: '09:00' })).receiptNo}/payments`, { method: 'cash', amount: 1200, receivedOn: '2026-12-02' });
    expect(future.body.error.code).toBe('fee.future_date');
    const unpaid = await t.book({ date: '2026-12-12', time: '09:00' });
    expect((await t.staff(cookie, 'GET', `${A}/bookings/${unpaid.receiptNo}/receipt`)).body.error.code).toBe('fee.no_receipt');
  });
});

describe('fee reports and ledger columns', () => {
  async function paidDays() {
    const a = await t.book({ date: '2026-12-10', time: '09:00' }); // 1,200 cash 12-01
    const b = await t.book({ date: '2026-12-10', time: '18:00', residence: 'outside' }); // 3,000 slip 12-01
    const c = await t.book({ date: '2026-12-12', time: '09:00', resource: 'room-2' }); // 1,200 cash 11-30
    const d = await t.book({ service: 'hall', date: '2026-12-12', time: '12:00' }); // 8,000 cash 12-01
    const e = await t.book({ date: '2026-12-14', time: '12:00' }); // 1,600 unpaid
    await t.staff(cookie, 'POST', `${A}/bookings/${a.receiptNo}/payments`, { method: 'cash', amount: 1200 });
    await t.staff(cookie, 'POST', `${A}/bookings/${b.receiptNo}/payments`, { method: 'slip', amount: 3000 });
    await t.staff(cookie, 'POST', `${A}/bookings/${c.receiptNo}/payments`, { method: 'cash', amount: 1200, receivedOn: '2026-11-30' });
    await t.staff(cookie, 'POST', `${A}/bookings/${d.receiptNo}/payments`, { method: 'cash', amount: 8000 });
    return { a, b, c, d, e };
  }
  const paymentsSum = async () => (await sqlGet<{ s: number }>(t.db, 'SELECT SUM(amount) AS s FROM booking_payments'))!.s;

  it('収納日計表: rows per day, facility and method whose sums equal the payments', async () => {
    await paidDays();
    const r = await t.staff(cookie, 'GET', `${A}/reports/receipts.csv?from=2026-11-30&to=2026-12-01`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toContain(encodeURIComponent('収納日計表_2026-11-30_2026-12-01_UTF-8.csv'));
    expect(Array.from(r.raw.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvOf(r.raw);
    expect(rows).toEqual([
      ['収納日', '施設', '場所', '支払方法', '件数', '金額'],
      ['2026-11-30', '会議室', '第2会議室', '窓口現金', '1', '1200'],
      ['2026-11-30', '日計', '', '', '1', '1200'],
      ['2026-12-01', '会議室', '第1会議室', '窓口現金', '1', '1200'],
      ['2026-12-01', '会議室', '第1会議室', '納付書', '1', '3000'],
      ['2026-12-01', 'ホール', '多目的ホール', '窓口現金', '1', '8000'],
      ['2026-12-01', '日計', '', '', '3', '12200'],
      ['合計', '', '', '', '4', '13400'],
    ]);
    const detail = rows.slice(1).filter((x) => x[1] !== '日計' && x[0] !== '合計');
    expect(detail.reduce((a, x) => a + Number(x[5]), 0)).toBe(await paymentsSum());
    expect(Number(rows.at(-1)![5])).toBe(await paymentsSum());
    // CP932 for older Excel: the same rows.
    const sj = await t.staff(cookie, 'GET', `${A}/reports/receipts.csv?from=2026-11-30&to=2026-12-01&encoding=cp932`);
    expect(csvOf(sj.raw, 'sjis')).toEqual(rows);
    expect((await t.staff(cookie, 'GET', `${A}/reports/receipts.csv?from=2026-12-02&to=2026-12-01`)).body.error.code).toBe('fee.bad_period');
  });

  it('使用料月計表: per facility, 使用料 of the month\'s bookings, what was received and what is owed', async () => {
    await paidDays();
    const r = await t.staff(cookie, 'GET', `${A}/reports/fees.csv?month=2026-12`);
    const rows = csvOf(r.raw);
    expect(rows).toEqual([
      ['利用月', '施設', '場所', '件数', '使用料', '減免額', '収納済額', '未収額'],
      ['2026-12', '会議室', '第1会議室', '3', '5800', '0', '4200', '1600'],
      ['2026-12', '会議室', '第2会議室', '1', '1200', '0', '1200', '0'],
      ['2026-12', 'ホール', '多目的ホール', '1', '8000', '0', '8000', '0'],
      ['合計', '', '', '5', '15000', '0', '13400', '1600'],
    ]);
    expect(Number(rows.at(-1)![6])).toBe(await paymentsSum());
    expect(Number(rows.at(-1)![4])).toBe((await sqlGet<{ s: number }>(t.db, 'SELECT SUM(total) AS s FROM booking_charges'))!.s);
  });

  it('the ledger and the staff list gain 使用料, 支払方法, 支払日 and 支払状態', async () => {
    const { a, b, e } = await paidDays();
    const r = await t.staff(cookie, 'GET', `${A}/ledger.csv?from=2026-12-10&to=2026-12-14&service=meeting`);
    const rows = csvOf(r.raw);
    const col = (name: string) => rows[0].indexOf(name);
    for (const name of ['使用料', '支払方法', '支払日', '支払状態']) expect(col(name)).toBeGreaterThan(0);
    const byReceipt = new Map(rows.slice(1).map((x) => [x[0], x]));
    const pick = (no: string) => ['使用料', '支払方法', '支払日', '支払状態'].map((n) => byReceipt.get(no)![col(n)]);
    expect(pick(a.receiptNo)).toEqual(['1200', '窓口現金', '2026-12-01', '支払済']);
    expect(pick(b.receiptNo)).toEqual(['3000', '納付書', '2026-12-01', '支払済']);
    expect(pick(e.receiptNo)).toEqual(['1600', '', '', '未払い']);
    const list = await t.staff(cookie, 'GET', `${A}/bookings?service=meeting&from=2026-12-10&to=2026-12-14&columns=receiptNo,fee.amount,fee.state`);
    expect(list.body.rows.find((x: { receiptNo: string }) => x.receiptNo === e.receiptNo).cells).toEqual({ receiptNo: e.receiptNo, 'fee.amount': 1600, 'fee.state': '未払い' });
  });

  it('the console reads a booking\'s fee, payments and slip', async () => {
    const a = await t.book({ date: '2026-12-10', time: '09:00' });
    const before = await t.staff(cookie, 'GET', `${A}/bookings/${a.receiptNo}/fee`);
    expect(before.body).toMatchObject({ fee: { outstanding: 1200, fee: { total: 1200 } }, slip: null, slipEnabled: true, today: '2026-12-01', account: { bank: 'ふくろう銀行' } });
    const no = slipNoOf((await t.staff(cookie, 'GET', `${A}/bookings/${a.receiptNo}/slip`)).text);
    const after = await t.staff(cookie, 'GET', `${A}/bookings/${a.receiptNo}/fee`);
    expect(after.body.slip).toMatchObject({ slipNo: no, amount: 1200, dueAt: '2026-12-08T09:00:00+09:00' });
    expect(normalizeSlipNo(after.body.slip.display)).toBe(no);
  });
});
