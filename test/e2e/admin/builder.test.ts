// Browser test of the no-code builder (headless Chromium): a system administrator
// creates a consultation service from a recipe, changes its capacity and opening
// hours in the schema-generated editor (no JSON typed), sees a broken value
// located next to its field, watches the preview update, publishes, a resident
// books it, and a change that strands that booking needs explicit confirmation.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createAdminTestApp, type AdminTestApp } from '../../integration/admin-helpers';
import { artifacts, openConsole, type Console } from './harness';

let t: AdminTestApp;
let ui: Console;
let page: Page;
let base = '';

beforeAll(async () => {
  t = await createAdminTestApp(); // fixed clock: 2026-12-01 10:00 JST
  ui = await openConsole(t);
  page = ui.page;
  base = ui.base;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

const grid = () => page.getByTestId('preview-grid');

describe('no-code builder in a browser', () => {
  it('builds a consultation service from a recipe, previews, publishes; a resident books it', async () => {
    await page.goto(`${base}/admin/demo-city/`);
    await page.getByLabel('ログインID').fill('admin');
    await page.getByLabel('パスワード', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('link', { name: '予約フロー作成' }).click();
    await expect.poll(() => page.getByTestId('builder-status').textContent()).toContain('demo-city-v1');

    // From the consultation-days recipe: only an id and a title are typed.
    await page.locator('#recipe-id').selectOption('consultation-days');
    await page.locator('#recipe-service').fill('nutrition');
    await page.locator('#recipe-title').fill('栄養相談');
    await page.getByRole('button', { name: 'レシピから作成' }).click();
    await page.getByText('下書きに追加しました').waitFor();
    // The preview shows the draft service: capacity 2, opening 13:00 on 2nd/4th Tuesdays (12-08).
    await expect.poll(() => grid().textContent()).toContain('○2');
    expect(await grid().textContent()).toContain('13:00');
    expect(await page.getByTestId('preview').textContent()).toContain('相談内容');

    // Edit the calendar block in the generated form.
    await page.getByRole('button', { name: /\(nutrition-consultation-room\)/ }).click();
    const capacity = page.locator('#f-b-capacity');
    await capacity.fill('abc');
    // A broken value: the loader's issue appears next to the field, and in the summary.
    const capacityError = page.locator('.b-leaf:has(#f-b-capacity) .error-text');
    await capacityError.waitFor();
    expect(await capacityError.textContent()).toMatch(/.+/);
    await page.getByTestId('issue-summary').waitFor();
    await page.getByRole('button', { name: '下書きを保存' }).click();
    await expect.poll(async () => (await t.request('GET', '/api/admin/t/demo-city/config?draft=1', { cookie: t.cookies.admin })).body.blocks.find((b: { id: string }) => b.id === 'nutrition-consultation-room').capacity).toBe(2);
    await page.screenshot({ path: join(artifacts, 'builder-issue.png'), fullPage: true });

    await capacity.fill('4');
    await page.locator('#f-b-weekly-0-open').fill('10:00');
    await expect.poll(() => page.getByTestId('issue-summary').count()).toBe(0);
    await expect.poll(() => grid().textContent()).toContain('○4');
    expect(await grid().textContent()).toContain('10:00');
    await page.getByRole('button', { name: '下書きを保存' }).click();
    await page.getByText('下書きを保存しました').waitFor();
    await page.screenshot({ path: join(artifacts, 'builder.png'), fullPage: true });

    // Nothing is served before publishing.
    expect((await t.request('GET', '/api/t/demo-city/services/nutrition/availability?from=2026-12-08&to=2026-12-08')).status).toBe(404);
    // 公開する is on the review page: what changes, and whom it affects.
    await page.getByRole('button', { name: '公開前の確認へ' }).click();
    expect(await page.getByTestId('changes').innerText()).toContain('栄養相談');
    await page.getByRole('button', { name: '公開する' }).click();
    await page.getByText('公開しました（demo-city-v2）').waitFor();

    const booked = await t.request('POST', '/api/t/demo-city/services/nutrition/reservations', {
      body: { resource: 'room', start: '2026-12-08T10:00:00+09:00', answers: { name: '栄養 花子', kana: 'エイヨウ ハナコ', phone: '09011112222', topic: 'nutrition' } },
    });
    expect(booked.status).toBe(201);
    const a = await t.request('GET', '/api/t/demo-city/services/nutrition/availability?from=2026-12-08&to=2026-12-08');
    expect(a.body.slots[0]).toMatchObject({ start: '2026-12-08T10:00:00+09:00', capacity: 4, remaining: 3 });

    // A change that strands the booking lists it and needs the confirmation checkbox.
    await page.goto(`${base}/admin/demo-city/#/builder`);
    await page.getByRole('button', { name: /\(nutrition-consultation-room\)/ }).click();
    await page.locator('#f-b-weekly-0-open').fill('13:00');
    await page.getByRole('button', { name: '公開前の確認へ' }).click();
    const impact = page.getByTestId('impact');
    await impact.waitFor();
    expect(await impact.textContent()).toContain(booked.body.receiptNo);
    expect(await impact.textContent()).toContain('時間枠がなくなる');
    expect(await page.getByRole('button', { name: '公開する' }).isDisabled()).toBe(true);
    expect(t.tenants.get('demo-city')!.versionId).toBe('demo-city-v2');
    await page.screenshot({ path: join(artifacts, 'builder-impact.png'), fullPage: true });
    await page.getByLabel('影響する予約を確認しました。公開します。').check();
    await page.getByRole('button', { name: '公開する' }).click();
    await page.getByText('公開しました（demo-city-v3）').waitFor();
    expect(t.tenants.get('demo-city')!.versionId).toBe('demo-city-v3');
  }, 60_000);

  it('edits a fee table as a table: one row per band, one column per item', async () => {
    await page.goto(`${base}/admin/demo-city/#/builder`);
    await expect.poll(() => page.getByTestId('builder-status').textContent()).toContain('demo-city-v');
    await page.getByRole('button', { name: /\(meeting-room-fee\)/ }).click();
    const rates = page.locator('fieldset.b-table-wrap[data-pointer$="/rates"]');
    await rates.waitFor();
    const header = await rates.locator('thead').innerText();
    for (const col of ['項目名', '開始', '終了', '曜日', '祝日', '金額']) expect(header).toContain(col);
    expect(await rates.locator('tbody tr').count()).toBe(3);
    expect(await page.locator('#f-b-rates-0-label').inputValue()).toBe('午前');
    await page.locator('#f-b-rates-1-amount').fill('1700');
    await page.getByRole('button', { name: /料金表/ }).filter({ hasText: '追加' }).click();
    expect(await rates.locator('tbody tr').count()).toBe(4);
    await page.locator('#f-b-rates-3-label').fill('早朝');
    await page.locator('#f-b-rates-3-from').fill('07:00');
    await page.locator('#f-b-rates-3-to').fill('09:00');
    await page.locator('#f-b-rates-3-amount').fill('800');
    await expect.poll(() => page.getByTestId('issue-summary').count()).toBe(0);
    await page.screenshot({ path: join(artifacts, 'builder-fee-table.png'), fullPage: true });
    await rates.screenshot({ path: join(artifacts, 'builder-fee-table-rates.png') });
    await page.getByRole('button', { name: '下書きを保存' }).click();
    await page.getByText('下書きを保存しました').waitFor();
    const draft = (await t.request('GET', '/api/admin/t/demo-city/config?draft=1', { cookie: t.cookies.admin })).body.blocks.find((b: { id: string }) => b.id === 'meeting-room-fee');
    expect(draft.rates.map((r: { label: string; amount: number }) => [r.label, r.amount])).toEqual([['午前', 1200], ['午後', 1700], ['夜間', 1800], ['早朝', 800]]);
  }, 60_000);
});
