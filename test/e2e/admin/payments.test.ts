// Browser test of 納付書 and 入金消込 (headless Chromium): staff open a booking awaiting
// payment, print its 納付書 (a one-page A4 PDF carrying the 納付番号), import the bank's
// CSV with one matching and one unknown row, read the report (axe-clean), and find the booking
// confirmed; then take cash for another booking and print its 領収書. The slip and the
// receipt are saved as screenshots in test/artifacts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminTestApp } from '../../integration/admin-helpers';
import { ADMIN_PASSWORD, createFeeTown } from '../../integration/fixtures/fee-town';
import { readPdf } from '../pdf-text';
import { artifacts, expectAxeClean, openConsole, type Console } from './harness';

let t: Awaited<ReturnType<typeof createFeeTown>>;
let ui: Console;
let page: Page;
let a: { receiptNo: string };
let b: { receiptNo: string };

beforeAll(async () => {
  t = await createFeeTown();
  await t.staffCookie(); // creates the admin account with its password set
  a = await t.book({ date: '2026-12-10', time: '09:00' }); // 1,200円
  b = await t.book({ date: '2026-12-10', time: '12:00' }); // 1,600円
  ui = await openConsole(t as unknown as AdminTestApp);
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

describe('納付書 and 入金消込 in a browser', () => {
  it('prints the slip, imports the bank file, reports the unmatched row and confirms the booking', async () => {
    await page.goto(`${ui.base}/admin/fee-town/`);
    await ui.login('admin', ADMIN_PASSWORD);
    await page.getByTestId('who').waitFor();
    await page.goto(`${ui.base}/admin/fee-town/#/booking/${a.receiptNo}`);
    await page.getByRole('heading', { name: '使用料・お支払い' }).waitFor();
    expect(await page.getByTestId('fee-total').textContent()).toBe('1,200円');
    expect(await page.getByTestId('fee-outstanding').textContent()).toBe('1,200円');

    const [slip] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: '納付書を印刷' }).click()]);
    await slip.waitForLoadState();
    await slip.locator('#slip-no').waitFor();
    const display = (await slip.locator('#slip-no').textContent())!.trim();
    const slipNo = display.replace(/-/g, '');
    expect(slipNo).toMatch(/^\d{12}$/);
    expect(await slip.locator('.codes svg').count()).toBe(2);
    await slip.setViewportSize({ width: 900, height: 1300 });
    await slip.screenshot({ path: join(artifacts, 'fee-slip.png'), fullPage: true });
    const pdf = await slip.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(artifacts, 'fee-slip.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const printed = readPdf(pdf);
    expect(printed.pages).toBe(1);
    expect(printed.title).toBe(`納付書 ${slipNo}`);
    expect(printed.text).toContain(`納付番号\n${display}`);
    expect(printed.text).toContain('納付金額\n¥1,200');
    expect(printed.text).toContain('口座名義\nフクロウシカイケイカンリシャ');
    await slip.close();
    // The console shows the number once the slip was printed.
    await page.bringToFront();
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.getByTestId('slip-no').waitFor();
    expect(await page.getByTestId('slip-no').textContent()).toContain(display);

    // The bank's file (Shift_JIS is what most banks send; UTF-8 with BOM here): one row for this slip, one unknown.
    const csvPath = join(artifacts, 'bank-payments.csv');
    writeFileSync(csvPath, `\uFEFF入金日,納付番号,金額\r\n2026-12-01,${slipNo},1200\r\n2026-12-01,999999999999,5000\r\n`);
    await page.getByRole('link', { name: '入金・収納' }).click();
    await page.getByRole('heading', { name: '入金消込（CSV取込）' }).waitFor();
    await page.getByLabel('CSVファイル').setInputFiles(csvPath);
    await page.getByRole('button', { name: '取り込む' }).click();
    await page.getByTestId('import-summary').waitFor();
    expect(await page.getByTestId('import-summary').textContent()).toBe('2行のうち 1件を消込（1,200円）、照合できない行 1件');
    const unmatched = await page.getByTestId('unmatched').locator('tbody tr').allTextContents();
    expect(unmatched).toHaveLength(1);
    expect(unmatched[0]).toContain('999999999999');
    expect(unmatched[0]).toContain('納付番号「999999999999」は誤りです');
    expect(unmatched[0].startsWith('3')).toBe(true);
    expect(unmatched[0]).toContain('5,000円');
    expect(unmatched[0]).toContain('2026年12月1日（火）');
    await page.screenshot({ path: join(artifacts, 'fee-import-report.png'), fullPage: true });
    await expectAxeClean(page, '入金・収納 with an import report');

    await page.getByTestId('matched').getByRole('link', { name: a.receiptNo }).click();
    await page.getByRole('heading', { name: '使用料・お支払い' }).waitFor();
    await page.locator('h1 .badge.confirmed').waitFor();
    expect(await page.getByTestId('fee-outstanding').textContent()).toBe('0円');
    expect(await page.locator('table.payments tbody').textContent()).toContain(slipNo);
    await page.screenshot({ path: join(artifacts, 'fee-booking.png'), fullPage: true });
  }, 60_000);

  it('takes cash at the counter and prints the 領収書', async () => {
    await page.goto(`${ui.base}/admin/fee-town/#/booking/${b.receiptNo}`);
    await page.getByRole('heading', { name: '入金の記録' }).waitFor();
    expect(await page.getByLabel('金額（円）').inputValue()).toBe('1600');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: '入金を記録' }).click();
    await page.getByText('入金を記録しました（領収書番号 2026-000001）。').waitFor();
    await page.locator('h1 .badge.confirmed').waitFor();
    const [receipt] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: '領収書を印刷' }).click()]);
    await receipt.waitForLoadState();
    await receipt.locator('#receipt-no').waitFor();
    expect(await receipt.locator('#receipt-no').textContent()).toBe('No. 第 2026-000001 号');
    expect(await receipt.locator('#receipt-amount').textContent()).toBe('￥1,600－');
    expect(await receipt.locator('#receipt-proviso').textContent()).toBe('但し 会議室使用料として');
    await receipt.setViewportSize({ width: 900, height: 1300 });
    await receipt.screenshot({ path: join(artifacts, 'fee-receipt.png'), fullPage: true });
    const pdf = await receipt.pdf({ format: 'A4', preferCSSPageSize: true });
    const printed = readPdf(pdf);
    expect(printed.pages).toBe(1);
    expect(printed.text).toContain('No. 第 2026-000001 号');
    expect(printed.text).toContain('但し 会議室使用料として');
    await receipt.close();
  }, 60_000);
});
