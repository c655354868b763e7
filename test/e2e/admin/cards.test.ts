// The card progress scenario of issue 18 in headless Chromium: staff import 300 cards
// from a Shift_JIS (CP932) CSV, receive them all at once (一括), send the notices, print
// address labels on A4 24面 (the PDF has 13 pages, the HTML 24 labels per sheet), a
// resident books with a card's link code, check-in moves the card to 来場, staff mark it
// 交付済 and undo that, and the exported CSV shows the whole history.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Encoding from 'encoding-japanese';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createAdminTestApp, type AdminTestApp } from '../../integration/admin-helpers';
import { artifacts, openConsole, type Console } from './harness';

let t: AdminTestApp;
let ui: Console;
let page: Page;

const FAMILY = ['山田', '佐藤', '髙橋', '鈴木', '田中', '渡邉', '伊藤', '中村', '小林', '吉田'];
const GIVEN = ['太郎', '花子', '一郎', '﨑子', '次郎', '美咲', '健', '陽子', '翔太', '裕子'];
const KANA_F = ['ヤマダ', 'サトウ', 'タカハシ', 'スズキ', 'タナカ', 'ワタナベ', 'イトウ', 'ナカムラ', 'コバヤシ', 'ヨシダ'];
const KANA_G = ['タロウ', 'ハナコ', 'イチロウ', 'サキコ', 'ジロウ', 'ミサキ', 'ケン', 'ヨウコ', 'ショウタ', 'ユウコ'];

function cardsCsvCp932(n: number): string {
  const lines = ['交付番号,氏名,氏名カナ,生年月日,郵便番号,住所,申請種別'];
  for (let i = 1; i <= n; i++) {
    const f = i % 10;
    const g = Math.floor(i / 10) % 10;
    lines.push(`C-${String(i).padStart(4, '0')},${FAMILY[f]} ${GIVEN[g]},${KANA_F[f]} ${KANA_G[g]},19${50 + (i % 50)}/${(i % 12) + 1}/${(i % 28) + 1},100-${String(1000 + i).slice(-4)},さくらみなと市本町${(i % 9) + 1}丁目${i}番地,${i % 3 ? '新規' : '更新'}`);
  }
  const bytes = Uint8Array.from(Encoding.convert(Encoding.stringToCode(`${lines.join('\r\n')}\r\n`), { to: 'SJIS', from: 'UNICODE' }) as number[]);
  const file = join(artifacts, 'cards-cp932.csv');
  writeFileSync(file, bytes);
  return file;
}

beforeAll(async () => {
  t = await createAdminTestApp(); // 2026-12-01 10:00 JST
  ui = await openConsole(t);
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

describe('カード交付進捗管理 in a browser', () => {
  it('imports 300 cards, receives them in bulk, prints labels, follows a booking to 来場, issues, undoes and exports', async () => {
    const csv = cardsCsvCp932(300);
    await page.goto(`${ui.base}/admin/demo-city/`);
    await ui.login('admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: '進捗管理' }).click();

    // Import the Shift_JIS file as it came.
    const imp = page.getByRole('form', { name: 'CSV取り込み' });
    await imp.getByLabel('CSVファイル（UTF-8 または Shift_JIS）').setInputFiles(csv);
    await imp.getByRole('button', { name: '取り込む' }).click();
    await imp.getByText('300件を取り込みました。').waitFor();
    await page.getByText('300件（先頭100件を表示）').waitFor();
    expect(await page.locator('table.list tbody').textContent()).toContain('髙橋');

    // 一括受取 of everything matching, after a confirmation; then the notices are sent.
    const bulk = page.getByRole('form', { name: '一括操作' });
    const runBulk = async (label: RegExp, done: string) => {
      await bulk.locator('select').selectOption({ label: (await bulk.locator('option').allTextContents()).find((x) => label.test(x))! });
      await bulk.getByLabel('検索結果の全300件').check();
      await bulk.getByRole('button', { name: '一括実行' }).click();
      await bulk.getByRole('alert').getByText(/を300件に行います。よろしいですか？/).waitFor();
      await bulk.getByRole('button', { name: '実行する' }).click();
      await bulk.getByText(done).waitFor();
    };
    await bulk.locator('select').selectOption({ index: 0 });
    await bulk.getByLabel('保管場所').fill('金庫A');
    await runBulk(/^受取（保管）/, '300件を「受取（保管）」しました。');
    await runBulk(/^交付通知書送付/, '300件を「交付通知書送付」しました。');
    expect((await t.request('GET', '/api/admin/t/demo-city/records/mynumber-card?state=notified&limit=1', { cookie: t.cookies.admin })).body.total).toBe(300);

    // Address labels on A4 24面: 300 labels are 12 full sheets and one of 12.
    const print = page.getByRole('form', { name: '印刷' });
    await print.getByLabel('帳票').selectOption({ label: '宛名ラベル' });
    await print.getByLabel('ラベル用紙').selectOption('a4-24');
    const [sheet] = await Promise.all([page.waitForEvent('popup'), print.getByRole('button', { name: '印刷用ページを開く' }).click()]);
    await sheet.waitForLoadState();
    expect(sheet.url()).toContain('/records/mynumber-card/print?template=mynumber-card-labels&sheet=a4-24');
    const perSheet = await sheet.evaluate(() => [...document.querySelectorAll('.sheet')].map((s) => s.querySelectorAll('.label:not(.blank)').length));
    expect(perSheet).toEqual([...Array<number>(12).fill(24), 12]);
    expect(await sheet.locator('.label').first().innerText()).toMatch(/^〒100-1001\nさくらみなと市本町2丁目1番地\n+佐藤 太郎 様\n（C-0001）/);
    // The stylesheet applied (the site's CSP allows it): every sheet is an A4 page.
    expect(await sheet.evaluate(() => getComputedStyle(document.querySelector('.sheet')!).height)).toMatch(/^112[23]\.\d+px$/);
    const pdf = await sheet.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(artifacts, 'cards-labels-24.pdf'), pdf);
    expect(pdfPageCount(pdf)).toBe(13);
    await sheet.close();

    // A resident books a pickup with the card's link code (typed in lower case).
    const card = (await t.request('GET', '/api/admin/t/demo-city/records/mynumber-card?q=C-0001', { cookie: t.cookies.admin })).body.records[0];
    const residentContext = await page.context().browser()!.newContext({ locale: 'ja-JP' });
    const resident = await residentContext.newPage();
    await resident.goto(`${ui.base}/t/demo-city/s/card-pickup`);
    await resident.locator('a.cell[href*="start=2026-12-03T10%3A00%3A00%2B09%3A00"]').click();
    await resident.locator('#f-name').fill('佐藤 太郎');
    await resident.locator('#f-phone').fill('090-1111-0001');
    await resident.locator('#f-jukiCard-0').check();
    await resident.locator('#f-linkCode').fill(card.linkCode.toLowerCase());
    await resident.locator('button[value="next"]').click();
    await resident.locator('button[value="confirm"]').click();
    const receiptNo = (await resident.locator('#receipt-no').innerText()).trim();
    await residentContext.close();
    expect(receiptNo).toMatch(/\S/);

    // On the day: check-in moves the card to 来場.
    t.clock.set('2026-12-03T01:00:00Z');
    await page.goto(`${ui.base}/admin/demo-city/#/booking/${encodeURIComponent(receiptNo)}`);
    await ui.login('admin', ADMIN_PASSWORD);
    await page.getByRole('button', { name: '来場を記録' }).click();
    await expect.poll(() => page.getByTestId('visit-status').textContent()).toContain('来場済');
    await page.goto(`${ui.base}/admin/demo-city/#/record/${card.id}?type=mynumber-card`);
    await page.getByRole('heading', { name: 'C-0001 — 来場', exact: true }).waitFor();

    // 交付済, then undone: a reversing entry, nothing deleted.
    await page.getByRole('button', { name: '交付', exact: true }).click();
    await page.getByRole('heading', { name: 'C-0001 — 交付済' }).waitFor();
    await page.getByRole('button', { name: '取消' }).last().click();
    await page.getByRole('heading', { name: 'C-0001 — 来場', exact: true }).waitFor();
    const history = (await page.locator('table.list').textContent()) ?? '';
    expect(history).toContain('来場 → 交付済［取消済］');
    expect(history).toContain('交付済 → 来場（取消）');

    // The exported CSV (UTF-8 with BOM) carries the history of each card.
    await page.goto(`${ui.base}/admin/demo-city/#/records?type=mynumber-card&q=C-0001`);
    await page.getByText('1件', { exact: true }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV出力' }).click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    const col = rows[0].indexOf('履歴');
    expect(rows).toHaveLength(2);
    expect(rows[1][rows[0].indexOf('進捗状況')]).toBe('来場');
    const steps = rows[1][col].split(' / ').map((h) => h.replace(/^\S+ \S+ /, ''));
    expect(steps).toEqual(['カード到着 admin', 'カード到着→保管 admin', '保管→交付通知書送付 admin', '交付通知書送付→来場予約 system', '来場予約→来場 admin', '来場→交付済 admin', '交付済→来場（取消） admin']);
  }, 60_000);
});

/** Pages of a PDF: its /Type /Page objects (not the /Pages tree nodes). */
function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}
