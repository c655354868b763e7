// The demo gym's monthly lottery and waiting list in a real browser at 360 px:
// a resident enters February's lottery from the grid with two ranked choices
// (without JavaScript), the draw runs after the window, the resident sees 当選 and
// confirms it; the won slot is full, another resident joins its waiting list, the
// winner cancels, the sweep offers the place and the waiting resident accepts it.
// axe on every page, screenshots in test/artifacts.
import { describe, expect, it } from 'vitest';
import { registry } from '../../../blocks';
import { drawLottery } from '../../../blocks/lottery/store';
import { committed } from '../../../engine/db';
import { runDueJobs } from '../../../engine/jobs/scheduler';
import { createTenantStore } from '../../../engine/config/tenant-store';
import { expectAccessible, heading, screenshot, useHarness } from './harness';

const h = useHarness('resident-js-lottery.json');
const LOTTERY = 'gym-monthly-2027-02';
const demo = () => h.published.find((p) => p.tenant.slug === 'demo-city')!;
const won: { entryNo: string; accessKey: string; receiptNo: string } = { entryNo: '', accessKey: '', receiptNo: '' };

describe('lottery and waiting list, resident side', () => {
  it('enters the lottery from the grid with two ranked choices, without JavaScript', async () => {
    const { page } = await h.newPage({ javaScript: false });
    await page.goto(`${h.url}/t/demo-city/s/gym?resource=court-a&from=2027-02-06`);
    expect(await page.locator('a.cell-hold').count()).toBeGreaterThan(0);
    expect(await page.locator('a.cell-hold').first().innerText()).toContain('抽選受付中');
    await expectAccessible(page, 'grid with lottery slots');
    await screenshot(page, 'lottery-01-grid');

    await page.click('a.cell-hold[href*="start=2027-02-06T09%3A00"]');
    await expect.poll(() => heading(page)).toBe('抽選の申込み：希望の選択');
    expect(await page.inputValue('#d1')).toBe('2027-02-06');
    expect(await page.inputValue('#t1')).toBe('09:00');
    expect(await page.inputValue('#r1')).toBe('court-a');
    await page.selectOption('#d2', '2027-02-07');
    await page.selectOption('#t2', '11:00');
    await page.selectOption('#r2', 'court-b');
    await expectAccessible(page, 'lottery choices');
    await screenshot(page, 'lottery-02-choices');
    await page.click('button:has-text("申込者の入力へ")');

    await expect.poll(() => heading(page)).toBe('抽選の申込み：申込者の入力');
    expect(await page.locator('table.details').innerText()).toContain('第2希望');
    await page.fill('#f-name', '山田 太郎');
    await page.fill('#f-phone', '090-1234-5678');
    await page.fill('#f-people', '12');
    await page.selectOption('#f-purpose', 'badminton');
    await expectAccessible(page, 'lottery form');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('抽選の申込み：内容の確認');
    await screenshot(page, 'lottery-03-review');
    await page.click('button[value="confirm"]');
    await expect.poll(() => heading(page)).toBe('抽選の申込みを受け付けました');
    won.entryNo = await page.locator('#entry-no').innerText();
    won.accessKey = await page.locator('#access-key').innerText();
    expect(won.accessKey).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    await expectAccessible(page, 'lottery done');
    await screenshot(page, 'lottery-04-done');
  });

  it('after the draw sees 当選 and confirms it; the published result can be checked', async () => {
    h.clock.set('2026-12-10T09:00:00Z'); // the window closed at 17:00 JST on the 10th
    await committed(h.db, () => drawLottery({ db: h.db, clock: h.clock }, { published: demo(), lotteryId: LOTTERY, actor: { type: 'system' } }));
    const { page } = await h.newPage();
    await page.goto(`${h.url}/t/demo-city/lottery/${LOTTERY}/entry`);
    await page.fill('#entry-no-input', won.entryNo);
    await page.fill('#access-key-input', won.accessKey);
    await page.click('button[value="show"]');
    await expect.poll(() => page.locator('#entry-status').innerText()).toBe('当選');
    expect(await page.locator('#won-choice').count()).toBe(1);
    expect(await page.locator('#confirm-by').innerText()).toContain('2026年12月13日');
    await expectAccessible(page, 'entry won');
    await screenshot(page, 'lottery-05-won');
    await page.click('#confirm-win');
    await expect.poll(() => page.locator('#done-note').innerText()).toContain('当選を確定しました');
    won.receiptNo = await page.locator('#receipt-no').innerText();
    await screenshot(page, 'lottery-06-confirmed');

    await page.goto(`${h.url}/t/demo-city/lottery/${LOTTERY}/result`);
    expect(await page.locator('#seed').innerText()).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.locator('#result-table').innerText()).toContain('当選（第1希望）');
    await expectAccessible(page, 'published result');
    await screenshot(page, 'lottery-07-result');
  });

  it('joins the waiting list of the won (full) slot, is offered it after a cancellation and accepts', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.url}/t/demo-city/s/gym?resource=court-a&from=2027-02-06`);
    const full = page.locator('a.cell-action[href*="start=2027-02-06T09%3A00"]');
    expect(await full.innerText()).toContain('キャンセル待ち');
    await screenshot(page, 'lottery-08-grid-after-draw');
    await full.click();
    await expect.poll(() => heading(page)).toBe('キャンセル待ちの登録');
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    await page.fill('#f-name', '佐藤 花子');
    await page.fill('#f-phone', '090-2222-3333');
    await page.fill('#f-people', '8');
    await page.selectOption('#f-purpose', 'volleyball');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('キャンセル待ち：内容の確認');
    await page.click('button[value="confirm"]');
    await expect.poll(() => heading(page)).toBe('キャンセル待ちに登録しました');
    expect(await page.locator('#position').innerText()).toBe('1');
    const waitNo = await page.locator('#wait-no').innerText();
    const key = await page.locator('#access-key').innerText();
    await expectAccessible(page, 'waitlist joined');
    await screenshot(page, 'lottery-09-waitlist-joined');

    // The winner cancels; the offer sweep (a job) offers the place to the first in line.
    const res = await fetch(`${h.url}/api/t/demo-city/reservations/${won.receiptNo}`, { method: 'DELETE', headers: { 'x-access-key': won.accessKey } });
    expect(res.status, await res.clone().text() + JSON.stringify(won)).toBe(200);
    h.clock.advance(60_000);
    await runDueJobs({ db: h.db, clock: h.clock, tenants: createTenantStore(h.published), logger: { info() {}, error() {} } }, registry);

    await page.goto(`${h.url}/t/demo-city/waitlist`);
    await page.fill('#wait-no-input', waitNo);
    await page.fill('#access-key-input', key);
    await page.click('button[value="show"]');
    await expect.poll(() => page.locator('#offer-expires').count()).toBe(1);
    await expectAccessible(page, 'waitlist offer');
    await screenshot(page, 'lottery-10-offer');
    await page.click('#accept-offer');
    await expect.poll(() => page.locator('#done-note').innerText()).toContain('予約を確定しました');
    await screenshot(page, 'lottery-11-accepted');
  });
});
