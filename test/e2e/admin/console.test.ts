// Browser test of the staff console (headless Chromium, one browser for the file):
// log in with a temporary password and change it, see today's grid, book by proxy
// for a member found by phone number, check the visitor in on the day, search with
// several filters, choose columns, and export the ledger — read back by papaparse
// with the BOM, 髙橋 and the formula escaping checked on the downloaded bytes.
import { serve, type ServerType } from '@hono/node-server';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssets } from '../../../engine/build';
import { ADMIN_PASSWORD, createAdminTestApp, type AdminTestApp } from '../../integration/admin-helpers';
import { freePort, repoRoot } from '../../helpers/server-process';
import { closeDb, sqlAll, sqlGet } from '../../../engine/db';

const artifacts = join(repoRoot, 'test/artifacts');
let t: AdminTestApp;
let server: ServerType;
let browser: Browser;
let page: Page;
let base = '';
let temporaryPassword = '';
const NEW_PASSWORD = 'minato-2026';

beforeAll(async () => {
  if (!existsSync(join(repoRoot, 'dist/public/admin.js'))) await buildAssets().catch(() => undefined);
  if (!existsSync(join(repoRoot, 'dist/public/admin.js'))) throw new Error('dist/public/admin.js is missing: run npm run build');
  mkdirSync(artifacts, { recursive: true });
  t = await createAdminTestApp();
  const at = '2026-11-20T01:00:00Z';
  await t.residentBook({ start: '2026-12-01T10:00:00+09:00', answers: { name: '髙橋 一郎', phone: '09011112222', jukiCard: 'なし' }, at });
  await t.residentBook({ start: '2026-12-01T10:00:00+09:00', answers: { name: '=1+2', phone: '09011113333', jukiCard: 'あり' }, at });
  await t.residentBook({ start: '2026-12-01T11:00:00+09:00', resource: 'ekimae', answers: { name: '鈴木 花子', phone: '09011114444', jukiCard: 'なし' }, at });
  await t.addMember({ name: '山田 花子', phone: '09033334444', email: 'hanako@example.jp' });
  const created = await t.request('POST', '/api/admin/t/demo-city/staff', { cookie: t.cookies.admin, body: { loginId: 'tanaka', name: '田中 窓口', role: 'facility-manager', scope: ['card-pickup'] } });
  temporaryPassword = created.body.temporaryPassword;
  const port = await freePort();
  server = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' });
  base = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
  page.setDefaultTimeout(8000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  if (t) await closeDb(t.db);
});

async function login(password: string) {
  await page.getByLabel('ログインID').fill('tanaka');
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

describe('staff console in a browser', () => {
  it('logs in with a temporary password, must change it, then sees today’s grid', async () => {
    await page.goto(`${base}/admin/`);
    await page.getByRole('link', { name: 'demo-city' }).click();
    await expect.poll(() => page.url()).toContain('/admin/demo-city/');
    await login(temporaryPassword);
    await page.getByText('仮パスワードでログインしています').waitFor();
    await page.getByLabel('現在のパスワード').fill(temporaryPassword);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('新しいパスワード（確認用）').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '変更する' }).click();
    const grid = page.getByTestId('day-grid');
    await grid.waitFor();
    await expect.poll(() => page.getByTestId('grid-date').textContent()).toContain('2026年12月1日（火）');
    const cell = grid.getByRole('button', { name: '本庁舎窓口 10:00' });
    expect(await cell.textContent()).toContain('空3');
    expect(await cell.textContent()).toContain('予約2');
    await page.screenshot({ path: join(artifacts, 'admin-today.png'), fullPage: true });
    await page.getByRole('button', { name: '1日後>' }).click();
    await expect.poll(() => page.getByTestId('grid-date').textContent()).toContain('12月2日');
    await page.getByRole('button', { name: '本日' }).click();
    await expect.poll(() => page.getByTestId('grid-date').textContent()).toContain('12月1日');
    // Any day at once from the date picker, not seven clicks.
    await page.getByLabel('日付を指定').fill('2026-12-24');
    await expect.poll(() => page.getByTestId('grid-date').textContent()).toContain('2026年12月24日（木）');
    await page.getByRole('button', { name: '本日' }).click();
    await expect.poll(() => page.getByTestId('grid-date').textContent()).toContain('12月1日');
    // English on request, Japanese again after.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: "Today's visitors" }).waitFor();
    expect(await page.getByRole('button', { name: 'City Hall counter 10:00' }).textContent()).toContain('3 left');
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('link', { name: '本日の来店者' }).waitFor();
  });

  it('books by proxy for a member found by phone number', async () => {
    await page.getByRole('link', { name: '代理予約' }).click();
    await page.getByLabel('キーワード（氏名・電話番号）').fill('090-3333-4444');
    await page.getByRole('button', { name: '会員を検索' }).click();
    const results = page.getByTestId('member-results');
    await results.getByText('山田 花子').waitFor();
    await results.getByRole('button', { name: 'この会員を選択' }).click();
    expect(await page.getByTestId('booking-for').textContent()).toContain('山田 花子');
    await page.getByLabel('予約日').fill('2026-12-03');
    await page.locator('table.slots tr', { hasText: '10:00' }).getByRole('button').first().click();
    await page.getByRole('button', { name: '次へ' }).click();
    expect(await page.locator('#ans-name').inputValue()).toBe('山田 花子');
    expect(await page.locator('#ans-phone').inputValue()).toBe('09033334444');
    // An empty required answer stops 確認へ, named by its label (no raw /answers/ path).
    await page.getByRole('button', { name: '確認へ' }).click();
    expect(await page.getByTestId('missing').textContent()).toContain('「住基カードの有無」を選んでください。');
    expect(await page.locator('main').textContent()).not.toContain('/answers/');
    await page.screenshot({ path: join(artifacts, 'admin-proxy-missing.png'), fullPage: true });
    await page.getByRole('radio', { name: 'あり' }).check();
    await page.getByRole('button', { name: '確認へ' }).click();
    expect(await page.getByTestId('confirm').textContent()).toContain('2026年12月3日（木） 10:00');
    await page.getByRole('button', { name: '予約する' }).click();
    await page.getByTestId('proxy-done').waitFor();
    const receipt = (await page.getByTestId('receipt-no').textContent())!.trim();
    expect(receipt).toBe('4');
    await page.screenshot({ path: join(artifacts, 'admin-proxy-done.png'), fullPage: true });
    const row = await sqlGet<{ channel: string; m: string }>(t.db, "SELECT channel, member_id AS m FROM bookings WHERE receipt_no = '4'");
    expect(row).toEqual({ channel: 'staff', m: 'm-1' });
  });

  it('checks the visitor in on the day of the booking', async () => {
    t.clock.set('2026-12-03T00:50:00Z'); // 09:50 JST two days later: a new day, a new login
    await page.goto(`${base}/admin/demo-city/#/today`);
    await login(NEW_PASSWORD);
    await page.getByTestId('day-grid').waitFor();
    await page.getByRole('button', { name: '本庁舎窓口 10:00' }).click();
    const panel = page.getByTestId('cell-bookings');
    await panel.getByText('山田 花子').waitFor();
    const items = async () => (await sqlGet<{ j: string }>(t.db, "SELECT items_json AS j FROM booking_visits WHERE booking_id = (SELECT id FROM bookings WHERE receipt_no = '4')"))?.j;
    // The service's declared item is ticked right in the visitors list.
    await panel.getByRole('row', { name: /山田 花子/ }).getByLabel('住基カード回収').check();
    await expect.poll(items).toBe('{"juki-card":true}');
    await panel.getByRole('link', { name: '受付番号 4' }).click();
    await page.getByRole('button', { name: '来場を記録' }).click();
    await expect.poll(() => page.getByTestId('visit-status').textContent()).toContain('来場済');
    expect(await page.getByLabel('住基カード回収').isChecked()).toBe(true);
    await page.getByLabel('対応内容').fill('住基カードを回収、暗証番号設定済み');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('来場情報を保存しました。').waitFor();
    await page.screenshot({ path: join(artifacts, 'admin-booking.png'), fullPage: true });
    const v = await sqlGet(t.db, 'SELECT status, items_json AS j, note FROM booking_visits WHERE booking_id = (SELECT id FROM bookings WHERE receipt_no = ?)', ['4']);
    expect(v).toEqual({ status: 'visited', j: '{"juki-card":true}', note: '住基カードを回収、暗証番号設定済み' });
  });

  it('searches with several filters, chooses columns and exports the ledger', async () => {
    await page.getByRole('link', { name: '予約状況検索' }).click();
    await page.getByLabel('利用者名').fill('髙橋');
    await page.getByRole('radio', { name: 'すべて' }).check();
    await page.getByLabel('期間（から）').fill('2026-12-01');
    await page.getByLabel('期間（まで）').fill('2026-12-03');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe('1件');
    expect(await page.getByTestId('results').textContent()).toContain('髙橋 一郎');
    // 氏名 right after the receipt number; dates with weekday and phone numbers with hyphens.
    const head = (await page.getByTestId('results').locator('thead th').allTextContents()).map((x) => x.trim());
    expect(head.slice(1, 3)).toEqual(['受付番号', '氏名']);
    const firstRow = (await page.getByTestId('results').locator('tbody tr').first().textContent())!;
    expect(firstRow).toMatch(/2026年12月\d+日（[日月火水木金土]）/);
    expect(firstRow).toMatch(/0\d{1,3}-\d{2,4}-\d{4}/);

    await page.getByLabel('利用者名').fill('');
    await page.getByLabel('サービス').selectOption('card-pickup');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe('4件');

    await page.getByRole('button', { name: '表示項目の設定' }).click();
    const dialog = page.getByRole('dialog');
    for (const name of ['サービス', '人数', '会員番号']) await dialog.getByLabel(name, { exact: true }).uncheck();
    await dialog.getByLabel('対応内容', { exact: true }).check();
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('results').locator('thead').textContent()).toContain('対応内容');
    expect(await page.getByTestId('results').locator('thead').textContent()).not.toContain('会員番号');
    expect((await page.getByTestId('results').locator('thead th').allTextContents()).map((x) => x.trim()).slice(1, 3)).toEqual(['受付番号', '氏名']);
    await page.screenshot({ path: join(artifacts, 'admin-search.png'), fullPage: true });

    await page.getByRole('checkbox', { name: 'このページをすべて選択' }).check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /選択した行をCSV出力/ }).click()]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const header = rows[0];
    expect(header).toContain('対応内容');
    expect(header).not.toContain('会員番号');
    const names = rows.slice(1).map((r) => r[header.indexOf('氏名')]);
    expect(names).toEqual(expect.arrayContaining(['髙橋 一郎', "'=1+2", '鈴木 花子', '山田 花子']));
    expect(rows.slice(1).map((r) => r[header.indexOf('対応内容')])).toContain('住基カードを回収、暗証番号設定済み');

    await page.getByRole('radio', { name: '全ての項目' }).check();
    const [all] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '検索条件のCSV出力' }).click()]);
    const allRows = Papa.parse<string[]>(readFileSync((await all.path())!).toString('utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(allRows[0]).toEqual(expect.arrayContaining(['会員番号', '住基カードの有無', 'メールアドレス']));
    expect(allRows).toHaveLength(5);
    const exports = await sqlAll(t.db, "SELECT actor_id AS a FROM audit_log WHERE action = 'ledger.exported' ORDER BY id");
    expect(exports).toEqual([{ a: 'tanaka' }, { a: 'tanaka' }]);
  });

  it('shows a failed 来場 in the panel where it was clicked', async () => {
    const b = await t.residentBook({ start: '2026-12-03T11:00:00+09:00', answers: { name: '取消 済子', phone: '09066667777', jukiCard: 'なし' }, at: '2026-11-20T01:00:00Z' });
    await page.goto(`${base}/admin/demo-city/#/today`);
    await page.getByTestId('day-grid').waitFor();
    await page.getByRole('button', { name: '本庁舎窓口 11:00' }).click();
    const panel = page.getByTestId('cell-bookings');
    await panel.getByText('取消 済子').waitFor();
    // Cancelled on the phone meanwhile: the server refuses with 409.
    const cancelled = await t.request('POST', `/api/admin/t/demo-city/bookings/${b.receiptNo}/cancel`, { cookie: await t.login('admin', ADMIN_PASSWORD), body: {} });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await panel.getByRole('row', { name: /取消 済子/ }).getByRole('button', { name: '来場' }).click();
    await expect.poll(() => panel.getByRole('alert').textContent()).toContain('取り消された予約には来場を記録できません。');
    await page.screenshot({ path: join(artifacts, 'admin-checkin-refused.png'), fullPage: true });
  });
});
