// カード台帳 in headless Chromium (tenant k-lease): staff register a lease contract (the
// lookup fills in the customer name), issue an ETC card for a vehicle, re-issue it for a
// magnetic fault (no fee), run the month end on the last day of the card's expiry month, and
// import a card already issued (カード台帳の取込).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnDigit } from '../../../blocks/card-register/store';
import { buildAssets } from '../../../engine/build';
import type { AdminTestApp } from '../../integration/admin-helpers';
import { createCardsApp, PASSWORD, type CardsApp } from '../../integration/cards-helpers';
import { readPdf } from '../pdf-text';
import { artifacts, expectAxeClean, openConsole, type Console } from './harness';

let t: CardsApp;
let ui: Console;
let page: Page;

beforeAll(async () => {
  // The console bundle must include the card page of this branch.
  await buildAssets();
  t = await createCardsApp();
  ui = await openConsole(t as unknown as AdminTestApp);
  page = ui.page;
}, 120_000);

afterAll(async () => {
  await ui?.close();
});

describe('カード台帳 in a browser', () => {
  it('registers a contract, issues a card, re-issues it and cancels it at month end', async () => {
    await page.goto(`${ui.base}/admin/k-lease/`);
    await ui.login('admin', PASSWORD);
    // A tenant without services opens on its register, with no booking pages in the menu.
    await page.getByRole('heading', { name: 'カード台帳（ETCカード）' }).waitFor();
    expect(await page.getByRole('link', { name: '本日の来店者' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: '請求' }).count()).toBe(1);

    await page.getByLabel('リース契約番号（必須）').fill('L-2024-0001');
    await page.getByRole('button', { name: 'リース契約を照会' }).click();
    await expect.poll(() => page.getByTestId('lease-found').textContent()).toContain('株式会社あおば運輸（2024-04-01〜2027-06-30）');
    expect(await page.getByLabel('顧客名（必須）').inputValue()).toBe('株式会社あおば運輸');
    await page.getByLabel('顧客アルファベット名（必須）').fill('AOBA UNYU');
    await page.getByLabel('住所（必須）').fill('東京都港区海岸1-1-1');
    await page.getByLabel('電話番号（必須）').fill('03-1111-2222');
    await page.getByLabel('代表者名（必須）').fill('青葉 太郎');
    await page.getByLabel('口座振替の預金口座（必須）').fill('みなと銀行 本店 普通 1234567');
    await page.getByLabel('休業曜日（例: 土日）').fill('土日');
    await page.getByLabel('祝日').selectOption('off');
    await page.getByRole('button', { name: '契約を登録' }).click();
    await page.getByText('契約 L-2024-0001 を登録しました。').waitFor();

    await page.getByLabel('自動車登録番号').fill('品川 500 あ 12-34');
    await page.getByRole('button', { name: '発行', exact: true }).click();
    const issued = page.getByText(/カード 9101\d{12} を発行しました（有効期限 2027-06）。/);
    await issued.waitFor();
    const first = /9101\d{12}/.exec((await issued.textContent())!)![0];
    // The list reloads after the message: wait for it rather than read it at once.
    const firstRow = page.getByTestId('card-rows').locator('tbody tr').first();
    await expect.poll(() => firstRow.locator('td').first().textContent()).toBe(first);

    await page.getByLabel('再発行の理由').selectOption('magnetic');
    await page.getByRole('button', { name: '再発行' }).click();
    const reissued = page.getByText(/再発行しました（新しいカード番号 9101\d{12}）。/);
    await reissued.waitFor();
    const renumbered = /9101\d{12}/.exec((await reissued.textContent())!)![0];
    expect(renumbered).not.toBe(first);
    await expect.poll(() => firstRow.locator('td').first().textContent()).toBe(renumbered);
    // 発行日（区分） and 手数料: a 磁気不良 re-issue costs nothing.
    expect(await firstRow.locator('td').nth(6).textContent()).toContain('（磁気不良）');
    expect(await firstRow.locator('td').nth(7).textContent()).toBe('0');
    await page.screenshot({ path: join(artifacts, 'card-register.png'), fullPage: true });
    await expectAxeClean(page, 'カード台帳');

    // 有効期限更新の案内書 made in April for the cards expiring in June: one A4 letter per card.
    const second = await t.as('clerk', 'POST', '/api/admin/t/k-lease/cards/etc-card/issue', { subject: '品川 500 あ 56-78', cardType: 'blue', date: '2026-12-01' });
    expect(second.status).toBe(201);
    await page.getByLabel('案内する月').fill('2027-04');
    await page.getByRole('button', { name: '対象を表示' }).click();
    await expect.poll(() => page.getByTestId('notice-count').textContent()).toBe('対象 2件');
    const [sheet] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '案内書を印刷' }).click()]);
    await sheet.waitForLoadState();
    expect(await sheet.locator('.letter').count()).toBe(2);
    const pdf = await sheet.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(artifacts, 'card-renewal-notices.pdf'), pdf);
    const info = readPdf(pdf);
    expect(info.pages).toBe(2);
    expect(info.text).toContain('有効期限更新の案内書');
    await sheet.screenshot({ path: join(artifacts, 'card-renewal-notices.png'), fullPage: true });
    await sheet.close();

    await page.getByLabel('処理日').fill('2027-06-30');
    await page.getByRole('button', { name: '処理日で月末処理を実行' }).click();
    await page.getByText('2027-06-30 の月末処理: 2件を解約しました。').waitFor();
    await page.getByText('該当するカードはありません。').waitFor();
    await page.getByLabel('状態').selectOption('cancelled');
    await page.getByRole('button', { name: '表示', exact: true }).click();
    await expect.poll(() => page.getByTestId('card-rows').textContent()).toContain('解約');
    expect(await page.getByTestId('edi-status').textContent()).toContain('未送信 3件');
    await page.screenshot({ path: join(artifacts, 'card-register-month-end.png'), fullPage: true });

    // カード台帳の取込: a card already issued comes in as in use, without an EDI row.
    const body = '910100000000090';
    const ledger = `カード番号,自動車登録番号,カード種類,有効期限年月,初回カード発行日,カード発行日,発行理由\n${body}${luhnDigit(body)},品川 500 あ 12-34,標準,2027-06,2024-04-10,2026-04-10,更新\n`;
    const imp = page.getByRole('form', { name: 'カード台帳の取込' });
    await imp.locator('input[type=file]').setInputFiles({ name: 'cards.csv', mimeType: 'text/csv', buffer: Buffer.from(ledger) });
    await imp.getByRole('button', { name: '取り込む' }).click();
    await imp.getByText('1枚のカードを取り込みました。').waitFor();
    await page.getByLabel('状態').selectOption('in-use');
    await page.getByRole('button', { name: '表示', exact: true }).click();
    await expect.poll(() => page.getByTestId('card-rows').textContent()).toContain(`${body}${luhnDigit(body)}`);
    expect(await page.getByTestId('edi-status').textContent()).toContain('未送信 3件');
  }, 60_000);
});
