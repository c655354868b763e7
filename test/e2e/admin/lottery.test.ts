// Browser test of the console's 抽選 page: a facility manager opens the demo gym's
// February lottery, types in a paper application (抽選入力), runs the draw after the
// window (with its confirmation step), sees the win and confirms it on the
// applicant's behalf, and downloads the CSV; then the won slot's waiting list on
// the キャンセル待ち page. axe runs on the pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, STAFF_PASSWORD, type AdminTestApp } from '../../integration/admin-helpers';
import { repoRoot } from '../../helpers/server-process';
import { artifacts, openConsole, type Console } from './harness';
import { sqlGet } from '../../../engine/db';

let t: AdminTestApp;
let ui: Console;
let page: Page;

beforeAll(async () => {
  t = await createAdminTestApp();
  ui = await openConsole(t, { width: 1280, height: 900 });
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

async function axe(): Promise<string[]> {
  await page.evaluate(readFileSync(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string }[] }> } }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return r.violations.map((v) => v.id);
  });
}

describe('抽選 in the staff console', () => {
  it('enters a paper application, runs the draw after the window and confirms the win on behalf', async () => {
    await page.goto(`${ui.base}/admin/demo-city/#/lotteries`);
    await ui.login('manager', STAFF_PASSWORD);
    await page.getByRole('link', { name: '抽選', exact: true }).click();
    const list = page.getByTestId('lottery-rows');
    await list.waitFor();
    expect(await list.innerText()).toContain('申込受付中');
    await page.getByRole('link', { name: '市民体育館 月例抽選（2月分）' }).click();
    await page.getByTestId('paper-entry').waitFor();

    await page.fill('#pe-date-0', '2027-02-06');
    await page.fill('#pe-time-0', '09:00');
    await page.selectOption('#pe-res-0', 'court-a');
    await page.fill('#ans-name', '窓口 花子');
    await page.fill('#ans-phone', '0312345678');
    await page.fill('#ans-people', '20');
    await page.selectOption('#ans-purpose', 'basketball');
    await page.getByRole('button', { name: '抽選申込を登録' }).click();
    await page.getByText('抽選申込番号 1 を受け付けました。').waitFor();
    const rows = page.getByTestId('entry-rows');
    expect(await rows.innerText()).toContain('窓口（抽選入力）');
    expect(await axe()).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'admin-lottery-entries.png'), fullPage: true });

    // After the window: the draw, asked once more before it runs.
    t.clock.set('2026-12-10T09:00:00Z');
    await page.reload();
    await ui.login('manager', STAFF_PASSWORD); // nine days later the session has lapsed
    await page.getByRole('button', { name: '抽選を実行' }).click();
    await page.getByTestId('draw-confirm').click();
    await page.getByText('抽選を実行しました。').waitFor();
    await expect.poll(() => page.getByTestId('lottery-status').innerText()).toBe('抽選済み');
    expect(await rows.innerText()).toContain('第1希望');
    await page.getByRole('button', { name: '申込番号 1 の当選を確定' }).click();
    await page.getByText('申込番号 1 の当選を確定しました。').waitFor();
    const booking = (await sqlGet<{ status: string }>(t.db, `SELECT b.status AS status FROM lottery_entries e JOIN bookings b ON b.id = e.booking_id WHERE e.entry_no = 1`))!;
    expect(booking.status).toBe('confirmed');
    await page.screenshot({ path: join(artifacts, 'admin-lottery-drawn.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'UTF-8' }).click()]);
    expect(download.suggestedFilename()).toBe('抽選_gym-monthly-2027-02_UTF-8.csv');
    expect(readFileSync((await download.path())!, 'utf8')).toMatch(/^\uFEFF申込番号,状態/);
  });

  it('shows the waiting list of the won slot in order', async () => {
    for (const [i, name] of ['待ち 一郎', '待ち 二郎'].entries()) {
      const r = await t.request('POST', '/api/t/demo-city/services/gym/waitlist', { body: { resource: 'court-a', start: '2027-02-06T09:00:00+09:00', answers: { name, phone: `0901111000${i}`, people: 6, purpose: 'volleyball' } } });
      expect(r.status).toBe(201);
    }
    await page.getByRole('link', { name: 'キャンセル待ち', exact: true }).click();
    const rows = page.getByTestId('waitlist-rows');
    await rows.waitFor();
    const text = await rows.innerText();
    expect(text.indexOf('待ち 一郎')).toBeLessThan(text.indexOf('待ち 二郎'));
    expect(text).toContain('A面');
    expect(await axe()).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'admin-waitlists.png'), fullPage: true });
  });
});
