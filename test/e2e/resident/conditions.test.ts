// A form with conditions in a real browser: the gym's 「その他の内容」 is required
// when the purpose is その他 (requiredIf), which the page checks itself, without
// a round trip; with another purpose the form goes on. json-logic-js is fetched
// for this form and for no form without conditions (engine/build.ts).
import { describe, expect, it } from 'vitest';
import { expectAccessible, heading, screenshot, useHarness } from './harness';

const h = useHarness('resident-js-conditions.json');
const gymForm = `/t/demo-city/s/gym/book?resource=court-a&start=${encodeURIComponent('2026-12-08T09:00:00+09:00')}`;
const cardForm = `/t/demo-city/s/card-pickup/book?resource=honcho&start=${encodeURIComponent('2026-12-03T10:00:00+09:00')}`;

describe('a form with conditions', () => {
  it('shows and requires a field by the answer it depends on', async () => {
    const { page } = await h.newPage({ width: 360 });
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));

    await page.goto(`${h.url}${cardForm}`);
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    await page.waitForLoadState('networkidle');
    expect(scripts.some((s) => /\/logic-[A-Z0-9]+\.js$/.test(s)), scripts.join(' ')).toBe(false);

    scripts.length = 0;
    await page.goto(`${h.url}${gymForm}`);
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    expect(scripts.some((s) => /\/logic-[A-Z0-9]+\.js$/.test(s)), scripts.join(' ')).toBe(true);
    await page.fill('#f-name', '条件 太郎');
    await page.fill('#f-phone', '09012345678');
    await page.fill('#f-people', '4');
    await page.selectOption('#f-purpose', 'other');
    // A mark on this document: it is gone if 次へ reloads the page.
    await page.evaluate(() => ((window as unknown as { stay: number }).stay = 1));
    await page.click('button[value="next"]');
    await expect.poll(() => page.locator('#error-summary').innerText()).toContain('その他の内容');
    expect(await page.evaluate(() => (window as unknown as { stay?: number }).stay)).toBe(1);
    await expectAccessible(page, 'gym form, その他 without its details');
    await screenshot(page, 'conditions-01-other');

    await page.selectOption('#f-purpose', 'volleyball');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('申込内容確認');
  });
});
