// Browser test of 予約審査 as staff and residents do it: two residents apply for the
// demo 会議室 (the completion page says 審査中), a facility manager opens 審査待ち,
// rejects one with a reason and approves the other from the selection; the residents
// see the results when they look their bookings up (the approved one is asked to pay). axe runs on the queue page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, STAFF_PASSWORD, type AdminTestApp } from '../../integration/admin-helpers';
import { repoRoot } from '../../helpers/server-process';
import { artifacts, openConsole, type Console } from './harness';
import { sqlGet } from '../../../engine/db';

let t: AdminTestApp;
let ui: Console;
let page: Page;
const applied: { receiptNo: string; accessKey: string }[] = [];

beforeAll(async () => {
  t = await createAdminTestApp();
  for (const [i, start] of ['2026-12-08T09:00:00+09:00', '2026-12-08T12:00:00+09:00'].entries()) {
    const r = await t.request('POST', '/api/t/demo-city/services/meeting-room/reservations', {
      body: { resource: 'room-1', start, answers: { name: ['中村 健', '小川 恵'][i], phone: `0902222000${i}`, email: `m${i}@example.jp`, residence: 'city', people: 12, purpose: ['自治会の総会', '営業のセミナー'][i] } },
    });
    applied.push(r.body);
  }
  ui = await openConsole(t, { width: 1280, height: 900 });
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

const statusOf = async (no: string) => (await sqlGet<{ s: string }>(t.db, 'SELECT status AS s FROM bookings WHERE receipt_no = ?', [no]))!.s;

describe('予約審査 in the staff console', () => {
  it('lists the applications oldest first, rejects one with a reason, approves the other from the selection', async () => {
    await page.goto(`${ui.base}/admin/demo-city/#/reviews`);
    await ui.login('manager', STAFF_PASSWORD);
    await page.getByRole('link', { name: '審査待ち' }).click();
    const rows = page.getByTestId('review-rows');
    await rows.waitFor();
    const text = await rows.innerText();
    expect(text.indexOf('中村 健')).toBeLessThan(text.indexOf('小川 恵'));
    expect(text).toContain('審査中');
    await page.screenshot({ path: join(artifacts, 'admin-reviews.png'), fullPage: true });

    const axe = readFileSync(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axe);
    const violations = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string }[] }> } }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
      return r.violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);

    const [first, second] = applied;
    // Rejecting without a reason is refused, and says why.
    const row = page.getByRole('row').filter({ hasText: '小川 恵' });
    await row.getByRole('button', { name: '不承認' }).click();
    await page.getByText('理由を入力してください').waitFor();
    await row.getByLabel('不承認の理由').fill('営利目的の利用はできません');
    await row.getByRole('button', { name: '不承認' }).click();
    await page.getByText(`受付番号 ${second.receiptNo} を承認しませんでした。`).waitFor();
    expect(await statusOf(second.receiptNo)).toBe('rejected');

    await page.getByLabel(`受付番号 ${first.receiptNo} を選ぶ`).check();
    await page.getByRole('button', { name: '選んだ1件を承認' }).click();
    await page.getByText('審査待ちの申込はありません。').waitFor();
    expect(await statusOf(first.receiptNo)).toBe('awaiting_payment'); // the 会議室 has a fee: approved, it waits for the payment
    await page.screenshot({ path: join(artifacts, 'admin-reviews-done.png'), fullPage: true });
  });
});
