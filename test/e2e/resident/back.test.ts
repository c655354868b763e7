// The browser's back and forward buttons in the booking flow (issue 14): back from
// 確認 shows what was typed, back from 完了 shows the review without a
// "Confirm Form Resubmission" error, and reloading 完了 books nothing twice.
import { sql } from 'drizzle-orm';
import { CANCELLED } from '../../../engine/booking/status';
import { describe, expect, it } from 'vitest';
import { heading, screenshot, useHarness } from './harness';
import { sqlGet } from '../../../engine/db';

const h = useHarness('resident-js-back.json');

describe('back and forward in the booking flow', () => {
  for (const javaScript of [true, false]) {
    it(`keeps what was typed and never asks to resubmit (${javaScript ? 'with' : 'without'} JavaScript)`, async () => {
      const { page } = await h.newPage({ width: 360, javaScript });
      const phone = javaScript ? '0312345678' : '0312345679'; // one booking per person
      const start = javaScript ? '2026-12-03T11:00:00+09:00' : '2026-12-03T11:30:00+09:00';
      await page.goto(`${h.url}/t/demo-city/s/card-pickup/book?resource=honcho&start=${encodeURIComponent(start)}`);
      if (javaScript) await page.waitForSelector('[data-island][data-hydrated="true"]');
      await page.fill('#f-name', '高橋 一郎');
      await page.fill('#f-phone', phone);
      await page.check('#f-jukiCard-0');
      await page.click('button[value="next"]');
      await expect.poll(() => heading(page)).toBe('申込内容確認');

      await page.goBack();
      await expect.poll(() => heading(page)).toBe('お申し込み');
      expect(await page.locator('#f-name').inputValue()).toBe('高橋 一郎');
      expect(await page.locator('#f-phone').inputValue()).toBe(phone);
      await page.goForward();
      await expect.poll(() => heading(page)).toBe('申込内容確認');

      await page.click('button[value="confirm"]');
      await expect.poll(() => heading(page)).toBe('お申込受付');
      const receipt = await page.locator('#receipt-no').innerText();
      await page.reload();
      expect(await page.locator('#receipt-no').innerText()).toBe(receipt);
      await page.goBack();
      await expect.poll(() => heading(page)).toBe('申込内容確認');
      await screenshot(page, `back-from-done-${javaScript ? 'js' : 'nojs'}`);
      await page.goForward();
      expect(await page.locator('#receipt-no').innerText()).toBe(receipt);
      const n = (await sqlGet<{ n: number }>(h.db, 'SELECT COUNT(*) AS n FROM bookings WHERE receipt_no = ?', [receipt]))!.n;
      expect(n).toBe(1);
    });
  }

  it('looks up, changes and cancels with back and reload never re-posting', async () => {
    const { page } = await h.newPage({ width: 360, javaScript: false });
    await page.goto(`${h.url}/t/demo-city/s/card-pickup/book?resource=honcho&start=${encodeURIComponent('2026-12-04T10:00:00+09:00')}`);
    await page.fill('#f-name', '鈴木 次郎');
    await page.fill('#f-phone', '0312345670');
    await page.check('#f-jukiCard-0');
    await page.click('button[value="next"]');
    await page.click('button[value="confirm"]');
    const receipt = await page.locator('#receipt-no').innerText();
    const key = await page.locator('#access-key').innerText();

    await page.goto(`${h.url}/t/demo-city/lookup`);
    await page.fill('#receipt-no', receipt);
    await page.fill('#access-key-input', key);
    await page.click('main button[type="submit"]');
    await expect.poll(() => heading(page)).toBe('予約の内容');
    await page.reload(); // a GET of the details: no resubmission, the key is not in the URL
    expect(await heading(page)).toBe('予約の内容');
    expect(page.url()).not.toContain(key.replace(/-/g, ''));

    await page.getByRole('button', { name: '変更画面へ' }).click();
    await expect.poll(() => heading(page)).toBe('お申込み内容変更');
    await page.getByRole('button', { name: '日時・場所は変更しない' }).click();
    await page.fill('#f-name', '鈴木 次朗');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('変更内容確認');
    await page.goBack(); // the form again, as typed
    expect(await page.locator('#f-name').inputValue()).toBe('鈴木 次朗');
    await page.goForward();
    await page.click('button[value="confirm"]');
    await expect.poll(() => heading(page)).toBe('変更完了');
    await page.reload();
    expect(await heading(page)).toBe('変更完了');
    expect(await page.locator('main').innerText()).toContain('鈴木 次朗');
    await page.goto(`${h.url}/t/demo-city/lookup`);
    await page.fill('#receipt-no', receipt);
    await page.fill('#access-key-input', key);
    await page.click('main button[type="submit"]');
    await expect.poll(() => heading(page)).toBe('予約の内容');

    await page.getByRole('button', { name: '取消画面へ' }).click();
    await expect.poll(() => heading(page)).toBe('お申込み取消');
    await page.goBack();
    await expect.poll(() => heading(page)).toBe('予約の内容');
    await page.goForward();
    await expect.poll(() => heading(page)).toBe('お申込み取消');
    await page.getByRole('button', { name: '取消', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('取消完了');
    await page.reload();
    expect(await heading(page)).toBe('取消完了');
    const n = (await sqlGet<{ n: number }>(h.db, 'SELECT COUNT(*) AS n FROM booking_history WHERE booking_id = (SELECT id FROM bookings WHERE receipt_no = ?) AND to_status = ?', [receipt, CANCELLED]))!.n;
    expect(n).toBe(1);
  });

  it('keeps what was typed before the script arrived (a slow phone network)', async () => {
    const { page } = await h.newPage({ width: 360 });
    // The page's script is held until the resident has filled the form in.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/assets/resident.js', async (route) => {
      await held;
      await route.continue();
    });
    const start = '2026-12-04T10:30:00+09:00';
    await page.goto(`${h.url}/t/demo-city/s/card-pickup/book?resource=honcho&start=${encodeURIComponent(start)}`, { waitUntil: 'commit' });

    await page.locator('#f-jukiCard-0').waitFor(); // module scripts are deferred: DOMContentLoaded would wait for the held one
    expect(await page.locator('[data-island][data-hydrated="true"]').count()).toBe(0);
    await page.fill('#f-name', '早打 花子');
    await page.fill('#f-phone', '0312340000');
    await page.check('#f-jukiCard-0');
    release();
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    // The island's first render must not draw the server's empty values over them.
    expect(await page.locator('#f-name').inputValue()).toBe('早打 花子');
    expect(await page.locator('#f-phone').inputValue()).toBe('0312340000');
    expect(await page.locator('#f-jukiCard-0').isChecked()).toBe(true);
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('申込内容確認');
    expect(await page.locator('main').innerText()).toContain('早打 花子');
  });
});

