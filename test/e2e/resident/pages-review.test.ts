// Findings of the hands-on review (issue 14, resident pages), in a real browser at
// 360 px: touch targets of the grid and of lone links, a service that has not opened
// yet, the completion page's 持ち物 and print button, and its print styling.
import { describe, expect, it } from 'vitest';
import { expectAccessible, heading, screenshot, useHarness } from './harness';

const h = useHarness('resident-js-pages-review.json');

/** Visible links and buttons in main smaller than 44 px (grid cells: both ways; others: height). */
async function smallTargets(page: import('playwright-core').Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main a, main button'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('.visually-hidden')) continue;
      // A link inside running text is exempt (WCAG 2.5.8 inline exception).
      const inline = el.parentElement && el.parentElement.childNodes.length > 1 && !el.classList.contains('cell') && getComputedStyle(el).display === 'inline';
      if (inline) continue;
      const small = el.classList.contains('cell') ? r.width < 44 || r.height < 44 : r.height < 44;
      if (small) out.push(`${el.textContent?.trim().slice(0, 30)} ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return out;
  });
}

describe('resident pages after the review', () => {
  it('grid cells and lone links are at least 44 px at 360 px wide', async () => {
    const { page } = await h.newPage({ width: 360 });
    await page.goto(`${h.url}/t/demo-city/s/card-pickup`);
    await page.waitForSelector('a.cell');
    expect(await smallTargets(page)).toEqual([]);
    // The grid fits: no horizontal scrolling at 360 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectAccessible(page, 'grid at 360');
    await screenshot(page, 'review-01-grid-360');
  });

  it('a service not open yet says when it opens and leads to the first day', async () => {
    const { page } = await h.newPage({ width: 360 });
    await page.goto(`${h.url}/t/demo-city/s/tax-consultation`);
    expect(await page.locator('#opens-at').innerText()).toBe('受付開始：令和9年2月1日（月）9:00（2027年）');
    expect(await smallTargets(page)).toEqual([]);
    await expectAccessible(page, 'not open yet');
    await screenshot(page, 'review-02-not-open');
    await page.click('#next-free');
    await expect.poll(() => page.locator('table.grid caption').innerText()).toContain('2027年2月16日');
    await screenshot(page, 'review-03-first-day');
  });

  it('the completion page shows 持ち物 and a print button, and prints without navigation', async () => {
    const { page } = await h.newPage({ width: 360 });
    await page.goto(`${h.url}/t/demo-city/s/card-pickup/book?resource=honcho&start=${encodeURIComponent('2026-12-03T11:00:00+09:00')}`);
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    await page.fill('#f-name', '高橋 一郎');
    await page.fill('#f-phone', '0312345678');
    await page.check('#f-jukiCard-0');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('申込内容確認');
    await page.click('button[value="confirm"]');
    await expect.poll(() => heading(page)).toBe('お申込受付');
    expect(await page.locator('#bring').innerText()).toContain('交付通知書');
    expect(await page.locator('#print-page').isVisible()).toBe(true);
    expect(await smallTargets(page)).toEqual([]);
    await expectAccessible(page, 'done');
    await screenshot(page, 'review-04-done');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#print-page').isVisible()).toBe(false);
    expect(await page.locator('.site-nav').isVisible()).toBe(false);
    expect(await page.locator('#access-key').isVisible()).toBe(true);
    await screenshot(page, 'review-05-done-print');
  });
});
