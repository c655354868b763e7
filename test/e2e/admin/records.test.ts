// Browser test of the 進捗管理 page (headless Chromium): staff list imported cards by
// state, open one, move it to 保管 with its storage place, undo it, and see both
// entries in the history.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createAdminTestApp, type AdminTestApp } from '../../integration/admin-helpers';
import { openConsole, type Console } from './harness';

let t: AdminTestApp;
let ui: Console;
let page: Page;

beforeAll(async () => {
  t = await createAdminTestApp();
  const csv = '交付番号,氏名,住所\nE-001,山田 太郎,さくらみなと市本町1-1\nE-002,佐藤 花子,さくらみなと市駅前2-2\n';
  const r = await t.request('POST', '/api/admin/t/demo-city/records/mynumber-card/import', { cookie: t.cookies.admin, body: { csv } });
  if (r.status !== 200) throw new Error(r.text);
  ui = await openConsole(t);
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

describe('進捗管理 in a browser', () => {
  it('lists cards, moves one to 保管 and undoes it, keeping both entries', async () => {
    await page.goto(`${ui.base}/admin/demo-city/`);
    await ui.login('admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: '進捗管理' }).click();
    await page.getByText('2件', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'E-001' }).click();
    await page.getByRole('heading', { name: 'E-001 — カード到着' }).waitFor();
    await page.getByLabel('保管場所').fill('金庫A');
    await page.getByRole('button', { name: '受取（保管）' }).click();
    await page.getByRole('heading', { name: 'E-001 — 保管' }).waitFor();
    expect(await page.locator('table.list').textContent()).toContain('カード到着 → 保管');
    await page.getByRole('button', { name: '取消' }).click();
    await page.getByRole('heading', { name: 'E-001 — カード到着' }).waitFor();
    const history = await page.locator('table.list').textContent();
    expect(history).toContain('保管 → カード到着（取消）');
    expect(history).toContain('［取消済］');
  }, 30_000);
});
