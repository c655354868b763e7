// Browser test of 請求 (blocks/billing, headless Chromium): a manager of the k-lease tenant opens
// 請求 from the menu, uploads a toll file with problems (the report by row and column, nothing
// imported), then the right file, reads the invoice preview, issues the month, and prints one
// customer's invoice (A4 PDF: the summary page and the details page). Screenshots of the console
// and the invoice are saved in test/artifacts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminTestApp } from '../../integration/admin-helpers';
import { CARD, createBillingTestApp, HEADER, MAY_CSV, PASSWORD, seedScenario, type BillingTestApp } from '../../integration/billing-helpers';
import { readPdf } from '../pdf-text';
import { artifacts, expectAxeClean, openConsole, type Console } from './harness';

let t: BillingTestApp;
let ui: Console;
let page: Page;

beforeAll(async () => {
  t = await createBillingTestApp('2027-05-31T03:00:00Z');
  await seedScenario(t);
  ui = await openConsole(t as unknown as AdminTestApp);
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

describe('請求 in a browser', () => {
  it('imports the toll file (after refusing a bad one), issues the month and prints an invoice', async () => {
    await page.goto(`${ui.base}/admin/k-lease/`);
    await ui.login('manager', PASSWORD);
    await page.getByTestId('who').waitFor();
    await page.getByRole('link', { name: '請求', exact: true }).click();
    await page.getByRole('heading', { name: '請求', exact: true }).waitFor();
    expect(await page.getByLabel('請求月').inputValue()).toBe('2027-05');

    const bad = join(artifacts, 'toll-bad.csv');
    writeFileSync(bad, `${HEADER}\n9101999999999999,東京IC,2027/05/06 08:00,横浜青葉IC,2027/05/06 09:00,品川 500 あ 12-34,1000\n${CARD.A},東京IC,2027/05/06 10:00,横浜青葉IC,2027/05/06 09:00,品川 500 あ 12-34,1000\n`);
    await page.getByLabel('CSVファイル').setInputFiles(bad);
    await page.getByRole('button', { name: '取り込む' }).click();
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-result').textContent()).toBe('2件の問題があるため、1件も取り込んでいません。');
    const problems = await page.getByRole('form', { name: '通行記録の取込' }).locator('table tbody tr').allTextContents();
    expect(problems).toEqual(['2カード番号カード番号 9101999999999999 は発行されていません。', '3出口日時出口日時が入口日時より前です。']);
    await expectAxeClean(page, '請求 with an import report');

    const good = join(artifacts, 'toll-2027-05.csv');
    writeFileSync(good, `\uFEFF${MAY_CSV}\n`);
    await page.getByLabel('CSVファイル').setInputFiles(good);
    await page.getByRole('button', { name: '取り込む' }).click();
    await page.getByText('6行を読み、6件を登録しました（取込済みと重複 0件）。').waitFor();
    await page.getByTestId('imports').waitFor();
    const rows = await page.getByTestId('invoices').locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('港運輸株式会社');
    expect(rows[0]).toContain('7,300円');
    expect(await page.getByTestId('grand-total').textContent()).toBe('10,810円');
    expect(await page.getByTestId('invoice-state').textContent()).toBe('未発行（プレビュー）');
    await page.screenshot({ path: join(artifacts, 'billing-preview.png'), fullPage: true });

    await page.getByRole('button', { name: '請求書発行' }).click();
    await page.getByText('発行済み', { exact: true }).waitFor();
    // An issued month takes no more toll records.
    expect(await page.getByLabel('CSVファイル').count()).toBe(0);
    await expectAxeClean(page, '請求 issued');

    const [doc] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: '港運輸株式会社 の請求書を印刷' }).click()]);
    await doc.waitForLoadState();
    await doc.getByTestId('total').waitFor();
    expect(await doc.getByTestId('total').textContent()).toBe('7,300円');
    await doc.setViewportSize({ width: 900, height: 1300 });
    await doc.screenshot({ path: join(artifacts, 'billing-invoice.png'), fullPage: true });
    const pdf = await doc.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(artifacts, 'billing-invoice.pdf'), pdf);
    const printed = readPdf(pdf);
    expect(printed.pages).toBe(2);
    expect(printed.text).toContain('請求書サマリ');
    expect(printed.text).toContain('請求書明細');
    expect(printed.text).toContain(CARD.B2);
    await doc.close();

    // 利用日確認帳票 for the month, printable.
    await page.bringToFront();
    const [rep] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: '利用日確認帳票を印刷' }).click()]);
    await rep.waitForLoadState();
    await rep.getByRole('heading', { name: '利用日確認帳票' }).first().waitFor();
    expect(await rep.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('祝日（こどもの日）'), expect.stringContaining('日曜日')]);
    await rep.screenshot({ path: join(artifacts, 'billing-off-days.png'), fullPage: true });
    await rep.close();
  }, 60_000);
});
