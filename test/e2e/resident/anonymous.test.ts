// Anonymous booking of card-pickup in a real browser, by keyboard: grid → 入力
// (errors first) → 確認 → 完了 with 受付番号 and アクセスキー; then look it up,
// move it to another slot and cancel it. axe on every page, screenshots at 360 px.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { expectAccessible, heading, JS_BUDGET_GZIP, screenshot, tabTo, useHarness } from './harness';
import { sqlGet } from '../../../engine/db';

const h = useHarness('resident-js-anonymous.json');

describe('anonymous booking, by keyboard', () => {
  it('books, looks up, changes the slot and cancels', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.url}/t/demo-city/`);
    await expectAccessible(page, 'top');
    await screenshot(page, '01-top');

    await tabTo(page, 'a[href="/t/demo-city/s/card-pickup"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/s\/card-pickup$/);
    await expect.poll(() => page.locator('table.grid caption').innerText()).toContain('本庁舎窓口');
    // Seed 001 cells: 残5 with ○, 休館 on Sunday/holidays is "-" for no opening, words for screen readers.
    expect(await page.locator('table.grid').innerText()).toContain('残5');
    await expectAccessible(page, 'service grid');
    await screenshot(page, '02-service-grid');

    await tabTo(page, 'a.cell[href*="start=2026-12-03T10%3A00%3A00%2B09%3A00"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    await expect.poll(() => heading(page)).toBe('お申し込み');
    await expectAccessible(page, 'form');
    await screenshot(page, '03-form');

    // Submitting empty: the browser names every missing field, the summary links to them and takes the focus.
    await tabTo(page, 'button[value="next"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#error-summary');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await page.locator('#error-summary').innerText()).toContain('「氏名」を入力してください。');
    expect(await page.locator('#f-name').getAttribute('aria-describedby')).toContain('f-name-err');
    await expect.poll(() => heading(page)).toBe('お申し込み'); // nothing was posted
    await expectAccessible(page, 'form with errors');
    await screenshot(page, '04-form-errors');

    await tabTo(page, '#f-name');
    await page.keyboard.type('髙橋 﨑子');
    await tabTo(page, '#f-phone');
    await page.keyboard.type('０９０－１２３４－５６７８');
    await tabTo(page, '#f-jukiCard-0');
    await page.keyboard.press('Space');
    await tabTo(page, '#f-email');
    await page.keyboard.type('takahashi@example.jp');
    await expect.poll(() => page.locator('#error-summary').count()).toBe(0);
    await tabTo(page, 'button[value="next"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('申込内容確認');
    const review = await page.locator('table.details').innerText();
    expect(review).toContain('髙橋 﨑子'); // kept exactly as typed
    expect(review).toContain('09012345678'); // full-width digits and hyphens normalised
    expect(review).toContain('2026年12月3日（木） 10:00〜10:30');
    await expectAccessible(page, 'review');
    await screenshot(page, '05-review');

    await tabTo(page, 'button[value="confirm"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('お申込受付');
    const receiptNo = await page.locator('#receipt-no').innerText();
    const accessKey = await page.locator('#access-key').innerText();
    expect(receiptNo).toMatch(/^\d+$/);
    expect(accessKey).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    await expectAccessible(page, 'done');
    await screenshot(page, '06-done');
    // The confirmation email (with the access key) was written to the outbox with the booking.
    const mail = (await sqlGet<{ n: number }>(h.db, `SELECT COUNT(*) AS n FROM notification_outbox WHERE event = 'booking.confirmed' AND channel = 'email' AND recipient = 'takahashi@example.jp'`))!;
    expect(mail.n).toBe(1);

    // 予約確認 by receipt number and access key.
    await page.goto(`${h.url}/t/demo-city/lookup`);
    await expectAccessible(page, 'lookup');
    await page.fill('#receipt-no', receiptNo);
    await page.fill('#access-key-input', 'WRONGKEY2345');
    await page.click('button[type="submit"].button-primary');
    const wrong = await page.locator('[role="alert"]').innerText();
    await page.fill('#receipt-no', '999999');
    await page.fill('#access-key-input', accessKey);
    await page.click('button[type="submit"].button-primary');
    expect(await page.locator('[role="alert"]').innerText()).toBe(wrong); // no such booking = wrong key
    await page.fill('#receipt-no', receiptNo);
    await page.fill('#access-key-input', accessKey);
    await page.click('button[type="submit"].button-primary');
    await expect.poll(() => heading(page)).toBe('予約の内容');
    await expectAccessible(page, 'details');
    await screenshot(page, '07-details');

    // 変更: another slot (12/4 11:00), answers kept.
    await page.click('button:has-text("変更画面へ")');
    await expect.poll(() => heading(page)).toBe('お申込み内容変更');
    await expectAccessible(page, 'change: choose a slot');
    await screenshot(page, '08-change-slot');
    await page.click('button.cell[value="honcho|2026-12-04T11:00:00+09:00"]');
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    expect(await page.inputValue('#f-name')).toBe('髙橋 﨑子');
    await expectAccessible(page, 'change: form');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('変更内容確認');
    expect(await page.locator('main').innerText()).toContain('2026年12月4日（金） 11:00〜11:30');
    await expectAccessible(page, 'change: review');
    await page.click('button[value="confirm"]');
    await expect.poll(() => heading(page)).toBe('変更完了');
    await expectAccessible(page, 'changed');
    const moved = (await sqlGet<{ s: string; st: string }>(h.db, 'SELECT slot_start_local AS s, status AS st FROM bookings WHERE receipt_no = ?', [receiptNo]))!;
    expect(moved).toEqual({ s: '11:00', st: 'confirmed' });

    // 取消: with a confirmation screen.
    await page.goto(`${h.url}/t/demo-city/lookup`);
    await page.fill('#receipt-no', receiptNo);
    await page.fill('#access-key-input', accessKey);
    await page.click('button[type="submit"].button-primary');
    await page.click('button:has-text("取消画面へ")');
    await expect.poll(() => heading(page)).toBe('お申込み取消');
    await expectAccessible(page, 'cancel: confirm');
    await screenshot(page, '09-cancel-confirm');
    await page.click('button.button-danger');
    await expect.poll(() => heading(page)).toBe('取消完了');
    await expectAccessible(page, 'cancelled');
    expect((await sqlGet<{ st: string }>(h.db, 'SELECT status AS st FROM bookings WHERE receipt_no = ?', [receiptNo]))!.st).toBe('cancelled');
  });

  it('ships at most 40 KB of JavaScript (gzip) on every page it visited', () => {
    expect(h.jsWeights.size).toBeGreaterThan(0);
    for (const [path, bytes] of h.jsWeights) expect(bytes, path).toBeLessThanOrEqual(JS_BUDGET_GZIP);
  });
});
