// The conversational mode (one question per screen, back, a summary before 申込)
// and the whole booking with JavaScript disabled (feature phones, locked-down PCs).
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { expectAccessible, heading, JS_BUDGET_GZIP, screenshot, useHarness } from './harness';
import { sqlGet } from '../../../engine/db';
import { jsonText } from '../../../engine/db/dialect';

const h = useHarness('resident-js-chat-nojs.json');
const bookUrl = (start: string, extra = '') => `/t/demo-city/s/card-pickup/book?resource=honcho&start=${encodeURIComponent(start)}${extra}`;

describe('conversational mode', () => {
  it('asks one question per screen without reloading, goes back, edits from the summary and books', async () => {
    const { page } = await h.newPage();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    await page.goto(`${h.url}${bookUrl('2026-12-03T13:00:00+09:00', '&mode=chat')}`);
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    await expect.poll(() => page.locator('.progress').innerText()).toBe('質問 1 / 5');
    expect(await page.locator('.question .field').count()).toBe(1);
    await expectAccessible(page, 'chat: first question');
    await screenshot(page, '13-chat-question');

    await page.click('button[value="next"]'); // empty: the question says what is missing, no post
    await expect.poll(() => page.locator('#error-summary').innerText()).toContain('「氏名」を入力してください。');
    await page.fill('#f-name', '佐藤 一郎');
    await page.click('button[value="next"]');
    await expect.poll(() => page.locator('.progress').innerText()).toBe('質問 2 / 5');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-phone'); // the keyboard follows the question
    expect(await page.locator('.chat-log').innerText()).toContain('佐藤 一郎');
    await page.fill('#f-phone', '0312345678');
    await page.click('button[value="next"]');
    await page.click('button[value="back"]'); // back to the phone question, answer kept
    expect(await page.inputValue('#f-phone')).toBe('0312345678');
    await page.click('button[value="next"]');
    await page.check('#f-jukiCard-0');
    await page.click('button[value="next"]');
    await page.click('button[value="next"]'); // email is optional
    await page.click('button[value="next"]'); // and so is the link code
    await expect.poll(() => page.locator('#summary-title').innerText()).toBe('入力内容の確認');
    await expectAccessible(page, 'chat: summary');
    await screenshot(page, '14-chat-summary');
    expect(posts).toEqual([]);

    // 修正する on one answer comes straight back to the summary: the later answers are not asked again.
    await page.click('tr:has-text("氏名") button');
    await page.fill('#f-name', '佐藤 一朗');
    await page.click('button[value="next"]');
    await expect.poll(() => page.locator('#summary-title').innerText()).toBe('入力内容の確認');
    await page.click('tr:has-text("住基カードの有無") button');
    await page.check('#f-jukiCard-1');
    await page.click('button[value="next"]');
    await expect.poll(() => page.locator('#summary-title').innerText()).toBe('入力内容の確認');
    expect(await page.locator('table.summary').innerText()).toContain('あり');
    expect(await page.locator('table.summary').innerText()).toContain('佐藤 一朗');
    await page.click('button[value="confirm"]');
    await expect.poll(() => heading(page)).toBe('お申込受付');
    expect(posts).toHaveLength(1);
    const receiptNo = await page.locator('#receipt-no').innerText();
    const row = (await sqlGet<{ answers: string; channel: string }>(h.db, 'SELECT answers_json AS answers, channel FROM bookings WHERE receipt_no = ?', [receiptNo]))!;
    expect(JSON.parse(row.answers)).toEqual({ name: '佐藤 一朗', phone: '0312345678', jukiCard: 'あり' });
    expect(row.channel).toBe('web');
    await expectAccessible(page, 'chat: done');
  });
});

describe('without JavaScript', () => {
  it('books through plain form posts with server-side errors next to each field', async () => {
    const { page } = await h.newPage({ javaScript: false });
    await page.goto(`${h.url}/t/demo-city/s/card-pickup`);
    await page.click('a.cell[href*="start=2026-12-03T14%3A00%3A00%2B09%3A00"]');
    await expect.poll(() => heading(page)).toBe('お申し込み');
    await page.fill('#f-phone', '12-34');
    await page.click('button[value="next"]');
    // The server's answer: an error summary linking to the fields, each message beside its field.
    expect(await page.title()).toMatch(/^エラー: /);
    const summary = page.locator('#error-summary');
    expect(await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#f-name', '#f-phone', '#f-jukiCard-0']);
    expect(await page.locator('#f-phone-err').innerText()).toContain('「電話番号」の形式が正しくありません。例: 090-1234-5678');
    expect(await page.locator('#f-phone').getAttribute('aria-describedby')).toBe('f-phone-err f-phone-help');
    expect(await page.inputValue('#f-phone')).toBe('12-34'); // what was typed stays
    await expectAccessible(page, 'no-JS form errors');
    await screenshot(page, '15-nojs-errors');

    await page.fill('#f-name', '鈴木 花子');
    await page.fill('#f-phone', '090-1111-2222');
    await page.check('#f-jukiCard-0');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('申込内容確認');
    // Double submission: the same screen posted twice books once (idempotency key of the screen).
    const form = await page.locator('form:has(button[value="confirm"])').evaluate((f: HTMLFormElement) => [...new FormData(f)].map(([k, v]) => [k, String(v)]));
    await page.click('button[value="confirm"]');
    await expect.poll(() => heading(page)).toBe('お申込受付');
    const receiptNo = await page.locator('#receipt-no').innerText();
    const accessKey = await page.locator('#access-key').innerText();
    const again = await page.context().request.post(`${h.url}/t/demo-city/s/card-pickup/book`, { form: Object.fromEntries([...form, ['action', 'confirm']]) });
    const text = await again.text();
    expect(text).toContain(`id="receipt-no">${receiptNo}<`);
    expect(text).toContain(`id="access-key">${accessKey}<`);
    expect((await sqlGet<{ n: number }>(h.db, `SELECT COUNT(*) AS n FROM bookings WHERE ${jsonText('answers_json', 'name')} = '鈴木 花子'`))!.n).toBe(1);
    await expectAccessible(page, 'no-JS done');
  });

  it('answers one question per screen in the conversational mode, by posts', async () => {
    const { page } = await h.newPage({ javaScript: false });
    await page.goto(`${h.url}${bookUrl('2026-12-03T14:30:00+09:00', '&mode=chat')}`);
    await expect.poll(() => page.locator('.progress').innerText()).toBe('質問 1 / 5');
    await page.fill('#f-name', '田中 次郎');
    await page.click('button[value="next"]');
    await expect.poll(() => page.locator('.progress').innerText()).toBe('質問 2 / 5');
    await page.fill('#f-phone', '0311112222');
    await page.click('button[value="next"]');
    await page.check('#f-jukiCard-0');
    await page.click('button[value="next"]');
    await page.click('button[value="next"]');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('申込内容確認');
    await page.click('button[value="confirm"]');
    await expect.poll(() => heading(page)).toBe('お申込受付');
  });

  it('reflows at 320 px (WCAG 1.4.10) and at 200 % zoom of a 1280 px window', async () => {
    for (const width of [320, 640]) {
      const { page, context } = await h.newPage({ width });
      await page.goto(`${h.url}${bookUrl('2026-12-04T09:00:00+09:00')}`);
      await expectAccessible(page, `form at ${width} px`);
      await page.goto(`${h.url}/t/demo-city/s/gym`);
      await expectAccessible(page, `gym grid at ${width} px`);
      await context.close();
    }
  });

  it('is accessible in English too', async () => {
    const { page, context } = await h.newPage();
    await page.goto(`${h.url}/t/demo-city/?lang=en`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expectAccessible(page, 'top (English)');
    await page.goto(`${h.url}${bookUrl('2026-12-04T09:30:00+09:00', '&lang=en')}`);
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    await page.click('button[value="next"]');
    await expect.poll(() => page.locator('#error-summary').innerText()).toContain('Please enter "Name".');
    await expectAccessible(page, 'form with errors (English)');
    await screenshot(page, '16-form-errors-en');
    await context.close();
  });

  it('stays within the JavaScript budget', () => {
    expect(h.jsWeights.get('/t/demo-city/s/card-pickup/book')).toBeGreaterThan(0);
    for (const [path, bytes] of h.jsWeights) expect(bytes, path).toBeLessThanOrEqual(JS_BUDGET_GZIP);
  });
});
