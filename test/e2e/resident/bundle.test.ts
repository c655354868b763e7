// 複数枠の一括予約 in a real browser at 360 px: on the demo gym's grid, choose two
// slots (links that keep the choice in the URL), 「この枠で申し込む」 → 入力 → 確認 →
// 完了 with one receipt number, then the booking page lists both slots. axe on
// every page, screenshots to test/artifacts.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { expectAccessible, heading, screenshot, useHarness } from './harness';
import { sqlAll } from '../../../engine/db';

const h = useHarness('resident-js-bundle.json');
const cell = (start: string) => `a.cell[href*="${encodeURIComponent(`court-a|${start}`)}"]`;

describe('several slots in one booking', () => {
  it('picks two slots on the gym grid and books them together', async () => {
    const { page } = await h.newPage({ width: 360 });
    await page.goto(`${h.url}/t/demo-city/s/gym?resource=court-a&from=2026-12-08`);
    await page.click('#multi-start a');
    await expect.poll(() => page.locator('#picked-h').innerText()).toBe('選んだ枠（0/3）');
    expect(await page.locator('#picked').innerText()).toContain('1回の申し込みで3枠まで選べます');
    await page.click(cell('2026-12-08T09:00:00+09:00'));
    await expect.poll(() => page.locator('#picked-h').innerText()).toBe('選んだ枠（1/3）');
    await page.click(cell('2026-12-08T13:00:00+09:00'));
    await expect.poll(() => page.locator('#picked-h').innerText()).toBe('選んだ枠（2/3）');
    const list = await page.locator('.picked-list').innerText();
    expect(list).toContain('2026年12月8日（火） 09:00〜11:00 A面');
    expect(list).toContain('2026年12月8日（火） 13:00〜15:00 A面');
    expect(await page.locator('a.cell-picked').count()).toBe(2);
    // Touch targets at 360 px: 外す and the lone links at least 44 px high.
    const heights = await page.locator('.picked-list a, #picked > p > a').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    expect(heights.length).toBe(3);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
    await expectAccessible(page, 'grid with two slots chosen');
    await screenshot(page, 'bundle-01-picked');

    await page.click('#pick-apply');
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    await expect.poll(() => heading(page)).toBe('お申し込み');
    expect(await page.locator('#bundle-slots').innerText()).toContain('2番目の枠');
    await expectAccessible(page, 'form of two slots');
    await screenshot(page, 'bundle-02-form');
    await page.fill('#f-name', '朝日 太郎');
    await page.fill('#f-phone', '09012345678');
    await page.fill('#f-people', '8');
    await page.selectOption('#f-purpose', 'volleyball');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('申込内容確認');
    const review = await page.locator('#bundle-slots').innerText();
    expect(review).toContain('1番目の枠 2026年12月8日（火） 09:00〜11:00 A面');
    expect(review).toContain('2番目の枠 2026年12月8日（火） 13:00〜15:00 A面');
    await expectAccessible(page, 'review of two slots');
    await screenshot(page, 'bundle-03-review');

    await page.click('button[value="confirm"]');
    await expect.poll(() => heading(page)).toBe('お申込受付');
    const receiptNo = await page.locator('#receipt-no').innerText();
    const key = await page.locator('#access-key').innerText();
    expect((await page.locator('#bundle-slots li').count())).toBe(2);
    const rows = await sqlAll<{ b: string }>(h.db, 'SELECT bundle_no AS b FROM bookings WHERE bundle_no = ?', [receiptNo]);
    expect(rows).toHaveLength(2);
    await expectAccessible(page, 'done of two slots');
    await screenshot(page, 'bundle-04-done');

    await page.goto(`${h.url}/t/demo-city/lookup`);
    await page.fill('#receipt-no', receiptNo);
    await page.fill('#access-key-input', key);
    await page.click('main button[type="submit"]');
    await expect.poll(() => heading(page)).toBe('予約の内容');
    expect(await page.locator('#bundle').innerText()).toContain('2番目の枠');
    expect(await page.getByRole('button', { name: /この枠だけ取り消す/ }).count()).toBe(2);
    await expectAccessible(page, 'details of a bundle');
    await screenshot(page, 'bundle-05-details');
  });

  it('without JavaScript: a slot taken meanwhile is named, and the way back keeps the other', async () => {
    const { page } = await h.newPage({ width: 360, javaScript: false });
    await page.goto(`${h.url}/t/demo-city/s/gym?resource=court-a&from=2026-12-08&multi=1`);
    await page.click(cell('2026-12-09T09:00:00+09:00'));
    await page.click(cell('2026-12-09T11:00:00+09:00'));
    await expect.poll(() => page.locator('#picked-h').innerText()).toBe('選んだ枠（2/3）');
    await page.click('#pick-apply');
    await page.fill('#f-name', '夕日 次郎');
    await page.fill('#f-phone', '09087654321');
    await page.fill('#f-people', '6');
    await page.selectOption('#f-purpose', 'badminton');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('申込内容確認');
    // Someone else takes the second slot before 申込.
    const other = await fetch(`${h.url}/api/t/demo-city/services/gym/reservations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resource: 'court-a', start: '2026-12-09T11:00:00+09:00', answers: { name: '先客 花子', phone: '09099998888', people: 4, purpose: 'volleyball' } }),
    });
    expect(other.status).toBe(201);
    await page.click('button[value="confirm"]');
    await expect.poll(() => page.locator('#slot-refused').innerText()).toContain('2番目の枠（2026年12月9日（水） 11:00〜13:00 A面）');
    await expectAccessible(page, 'a slot refused');
    await screenshot(page, 'bundle-06-refused');
    await page.click('#back-to-picks');
    await expect.poll(() => page.locator('#picked-h').innerText()).toBe('選んだ枠（1/3）');
    expect(await page.locator('.picked-list').innerText()).toContain('2026年12月9日（水） 09:00〜11:00 A面');
  });
});
