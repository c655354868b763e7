// Browser test of 施設利用登録 as a resident and staff do it: a member picks an evening
// slot of the city gym (360 px wide) and is refused with the permit's name and a link
// to apply; applies (入力 → 確認 → 受付: 申請中); a facility manager approves it in the
// console; the member then books the same slot. axe runs on the resident pages and
// the console page; screenshots go to test/artifacts.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, STAFF_PASSWORD, type AdminTestApp } from '../../integration/admin-helpers';
import { expectAccessible, heading } from '../resident/harness';
import { readPdf } from '../pdf-text';
import { artifacts, openConsole, type Console } from './harness';
import { sqlGet } from '../../../engine/db';

let t: AdminTestApp;
let ui: Console;
let page: Page;

beforeAll(async () => {
  t = await createAdminTestApp();
  const m = await t.addMember({ name: '夜野 守', phone: '0901112222', email: 'yoru@example.jp' });
  await t.setMemberLogin(m.id, 'yoru01', 'sakura-night-2026');
  ui = await openConsole(t, { width: 1280, height: 900 });
  page = await ui.phone();
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

const shot = (p: Page, name: string) => p.screenshot({ path: join(artifacts, `permits-${name}.png`), fullPage: true });
const permitStatus = async () => (await sqlGet<{ s: string }>(t.db, `SELECT status AS s FROM permits ORDER BY id DESC LIMIT 1`))?.s;

describe('施設利用登録: permit missing → refusal → apply → staff approve → book', () => {
  it('walks the whole procedure in the browser', async () => {
    // The member logs in from the top page.
    await page.goto(`${ui.base}/t/demo-city/`);
    await page.fill('#top-login-id', 'yoru01');
    await page.fill('#top-login-password', 'sakura-night-2026');
    await page.click('form[action="/t/demo-city/login"] button[type="submit"]');
    await expect.poll(() => page.locator('nav a:has-text("申し込み一覧")').count()).toBe(1);

    // The gym's page says which slots need the permit; an evening cell leads to a clear refusal.
    await page.goto(`${ui.base}/t/demo-city/s/gym?resource=court-a`);
    expect(await page.locator('#service-notices').innerText()).toContain('施設利用登録「市民体育館 夜間利用登録」が必要です');
    await page.locator('a.cell[href*="T17"]').first().click();
    expect(await heading(page)).toBe('エラー');
    const alert = await page.locator('[role="alert"]').innerText();
    expect(alert).toContain('この予約には施設利用登録「市民体育館 夜間利用登録」が必要です');
    expect(alert).toContain('申請してください');
    await expectAccessible(page, 'permit refusal');
    await shot(page, '01-refused-360');
    const refusedAt = page.url();

    // Apply: 入力 → 確認 → 受付 (申請中).
    await page.click('#next-step');
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    expect(await heading(page)).toContain('施設利用登録の申請');
    await page.fill('#f-leader', '夜野 守');
    await page.fill('#f-phone', '090-1111-2222');
    await page.selectOption('#f-activity', 'volleyball');
    await page.fill('#f-people', '12');
    await expectAccessible(page, 'permit application');
    await shot(page, '02-apply-360');
    await page.click('button[value="next"]');
    await page.waitForSelector('#permit-apply');
    await page.click('#permit-apply');
    await expect.poll(() => heading(page)).toBe('施設利用登録の申請を受け付けました');
    expect(await page.locator('#permit-status').innerText()).toBe('申請中');
    const permitNo = await page.locator('#permit-no').innerText();
    await expectAccessible(page, 'permit applied');
    await shot(page, '03-applied-360');
    expect(await permitStatus()).toBe('applied');

    // Staff approve it in the console.
    const staff = ui.page;
    await staff.goto(`${ui.base}/admin/demo-city/`);
    await ui.login('manager', STAFF_PASSWORD);
    await staff.getByRole('link', { name: '施設利用登録' }).click();
    const rows = staff.getByTestId('permit-rows');
    await rows.waitFor();
    expect(await rows.innerText()).toContain(permitNo);
    expect(await rows.innerText()).toContain('夜野 守');
    expect(await rows.innerText()).toContain('バレーボール');
    const axe = await import('node:fs').then((fs) => fs.readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8'));
    await staff.evaluate(axe);
    const violations = await staff.evaluate(async () => {
      const r = await (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string }[] }> } }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
      return r.violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await staff.screenshot({ path: join(artifacts, 'permits-04-console-queue.png'), fullPage: true });
    await staff.getByRole('row').filter({ hasText: permitNo }).getByRole('button', { name: '承認' }).click();
    await staff.getByText(`登録番号 ${permitNo} を承認しました。`).waitFor();
    expect(await permitStatus()).toBe('approved');
    // 施設利用登録証 at card size, printed from the row of the approved ones: one page carrying the number.
    await staff.getByLabel('状態').selectOption('approved');
    await staff.getByRole('button', { name: '表示' }).click();
    const [card] = await Promise.all([staff.context().waitForEvent('page'), staff.getByRole('link', { name: `登録番号 ${permitNo} の施設利用登録証（カードサイズ）` }).click()]);
    await card.waitForLoadState();
    expect(await card.getByTestId('card-number').textContent()).toBe(permitNo);
    await card.screenshot({ path: join(artifacts, 'permits-04b-card.png'), fullPage: true });
    // Printed, every line fits on the card's face (nothing cut off at 54 mm).
    await card.emulateMedia({ media: 'print' });
    expect(await card.locator('.reg-card').evaluate((e) => e.scrollHeight <= e.clientHeight)).toBe(true);
    await card.screenshot({ path: join(artifacts, 'permits-04c-card-print.png') });
    const printed = readPdf(await card.pdf({ preferCSSPageSize: true, printBackground: true }));
    expect(printed.pages).toBe(1);
    expect(printed.text).toContain(permitNo);
    await card.close();

    // The member books the evening slot that was refused.
    await page.goto(refusedAt);
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    expect(await heading(page)).toBe('お申し込み');
    await page.fill('#f-name', '夜野 守');
    await page.fill('#f-phone', '090-1111-2222');
    await page.fill('#f-people', '12');
    await page.selectOption('#f-purpose', 'volleyball');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('申込内容確認');
    await page.click('button[value="confirm"]');
    await expect.poll(() => heading(page)).toBe('お申込受付');
    await shot(page, '05-booked-360');

    // 照会: the member's page lists the permit as 承認 with its period.
    await page.goto(`${ui.base}/t/demo-city/my`);
    const mine = await page.locator('#member-links').innerText();
    expect(mine).toContain(permitNo);
    expect(mine).toContain('承認');
    expect(mine).toContain('2027年3月31日');
    await expectAccessible(page, 'my page with permits');
    await shot(page, '06-my-360');
  });

  it('a 窓口・電話のみ service shows the reason and where to apply instead of a grid', async () => {
    await page.goto(`${ui.base}/t/demo-city/`);
    expect(await page.locator('ul.services').innerText()).toContain('窓口・電話のみ');
    await page.goto(`${ui.base}/t/demo-city/s/civic-hall`);
    expect(await page.locator('#counter-only').innerText()).toContain('インターネットでは予約できません');
    expect(await page.locator('#counter-contact').innerText()).toContain('0120-000-111');
    expect(await page.locator('table.grid').count()).toBe(0);
    await expectAccessible(page, 'counter-only service');
    await shot(page, '07-counter-only-360');
    await page.goto(`${ui.base}/t/demo-city/s/gym`);
    await shot(page, '08-gym-notice-360');
  });
});
