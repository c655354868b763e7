// Browser test of 団体 (groups) as a group and staff meet it: a group registers online
// (360 px) and is 申請中 in the console's queue; it tries the 音楽練習室 (approved groups
// only) and is refused in words; a facility manager approves it with a 減免区分 and adds
// its 代表者 by 会員番号; the 代表者 then books the 音楽練習室 and the fee shows the
// reduction. A rejection gives its reason. Plain staff see the group read-only (and in
// English). axe runs on the list and the detail;
// screenshots go to test/artifacts.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, STAFF_PASSWORD, type AdminTestApp } from '../../integration/admin-helpers';
import { expectAccessible, heading } from '../resident/harness';
import { artifacts, expectAxeClean, openConsole, type Console } from './harness';
import { sqlGet } from '../../../engine/db';

let t: AdminTestApp;
let ui: Console;
let page: Page;
let rep: { id: string; memberNo: string };
let player: { id: string; memberNo: string };

beforeAll(async () => {
  t = await createAdminTestApp();
  rep = await t.addMember({ name: '港 太郎', phone: '09011110001', email: 'rep@example.jp' });
  player = await t.addMember({ name: '港 花子', phone: '09011110002' });
  await t.setMemberLogin(rep.id, 'minato01', 'band-leader-2026');
  ui = await openConsole(t, { width: 1280, height: 900 });
  page = await ui.phone();
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

const shot = (p: Page, name: string) => p.screenshot({ path: join(artifacts, `groups-${name}.png`), fullPage: true });
const BOOK = '/t/demo-city/s/practice-room/book?resource=studio&start=' + encodeURIComponent('2026-12-10T18:00:00+09:00'); // 夜間 2,500円
const groupRow = async () => sqlGet<{ id: string; status: string | null; reduction: string | null }>(t.db, `SELECT id, group_status AS status, group_reduction AS reduction FROM members WHERE kind = 'group'`);

async function residentLogin(loginId: string, password: string) {
  await page.goto(`${ui.base}/t/demo-city/`);
  await page.fill('#top-login-id', loginId);
  await page.fill('#top-login-password', password);
  await page.click('form[action="/t/demo-city/login"] button[type="submit"]');
  await expect.poll(() => page.locator('nav a:has-text("申し込み一覧")').count()).toBe(1);
}

describe('団体: register online → refused → approved with 減免区分 → the 代表者 books at the reduced fee', () => {
  it('walks the whole procedure in the browser', async () => {
    // The group registers online.
    await page.goto(`${ui.base}/t/demo-city/register?kind=group`);
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    await page.fill('#f-name', 'さくら吹奏楽団');
    await page.fill('#f-kana', 'さくらすいそうがくだん');
    await page.fill('#f-representative', '港 太郎');
    await page.fill('#f-phone', '03-1234-0000');
    await page.fill('#f-email', 'band@example.jp');
    await page.fill('#f-loginId', 'band01');
    await page.fill('#f-password', 'sakura-band-2026');
    await page.fill('#f-passwordConfirm', 'sakura-band-2026');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('会員登録完了');
    expect((await groupRow())?.status ?? 'applied').toBe('applied');

    // Not approved yet: the 音楽練習室 refuses the group, in words.
    if ((await page.locator('nav a:has-text("申し込み一覧")').count()) === 0) await residentLogin('band01', 'sakura-band-2026');
    await page.goto(`${ui.base}${BOOK}`);
    const refusal = await page.locator('[role="alert"]').first().innerText();
    expect(refusal).toContain('市が承認した団体（団体登録済み）のみ予約できます');
    expect(refusal).not.toContain('booking.group_required');
    await expectAccessible(page, 'group refused');
    await shot(page, '01-refused-360');

    // A facility manager finds it 申請中 at the top of the queue.
    const staff = ui.page;
    await staff.goto(`${ui.base}/admin/demo-city/`);
    await ui.login('manager', STAFF_PASSWORD);
    await staff.getByRole('navigation').getByRole('link', { name: '団体' }).click();
    const rows = staff.getByTestId('group-rows');
    await rows.waitFor();
    const first = staff.locator('[data-testid="group-rows"] tbody tr').first();
    expect(await first.innerText()).toContain('さくら吹奏楽団');
    expect(await first.innerText()).toContain('申請中');
    expect(await first.innerText()).toContain('2026年12月1日');
    // No member is linked as its 代表者 yet: the name it gave is shown as such.
    expect(await first.innerText()).toContain('港 太郎（申請時の記入）');
    await expectAxeClean(staff, 'groups list');
    await staff.screenshot({ path: join(artifacts, 'groups-02-console-list.png'), fullPage: true });

    // Its page: the registration answers; 却下 needs a reason (said in words, nothing sent).
    await staff.getByRole('link', { name: 'さくら吹奏楽団' }).click();
    const answers = staff.getByTestId('group-answers');
    await answers.waitFor();
    expect(await answers.innerText()).toContain('港 太郎');
    expect(await answers.innerText()).toContain('03-1234-0000');
    await staff.getByRole('button', { name: '却下…' }).click();
    await staff.getByRole('button', { name: '却下する' }).click();
    await staff.getByText('却下の理由を入力してください。').waitFor();
    expect((await groupRow())?.status ?? 'applied').toBe('applied');
    await expectAxeClean(staff, 'group detail with the reject form');
    await staff.screenshot({ path: join(artifacts, 'groups-03-console-detail.png'), fullPage: true });
    await staff.getByRole('button', { name: 'やめる' }).click();

    // 承認 with 社会教育関係団体, then the 代表者 by 会員番号; an unknown number is told in words.
    await staff.selectOption('#g-approve-reduction', 'social-education');
    await staff.getByRole('button', { name: '承認', exact: true }).click();
    await staff.getByText('さくら吹奏楽団 を承認しました。').waitFor();
    expect(await staff.getByTestId('group-status').innerText()).toBe('承認済み');
    expect(await groupRow()).toMatchObject({ status: 'approved', reduction: 'social-education' });
    expect(await staff.locator('#g-reduction').inputValue()).toBe('social-education');
    await staff.fill('#g-person-no', '999999');
    await staff.getByRole('button', { name: '追加' }).click();
    const err = await staff.locator('.error[role="alert"]').innerText();
    expect(err).toContain('会員番号 999999 の会員が見つかりません。');
    expect(err).not.toContain('/memberNo');
    expect(err).not.toContain('group.person_not_found');
    await staff.fill('#g-person-no', rep.memberNo);
    await staff.selectOption('#g-person-role', 'representative');
    await staff.getByRole('button', { name: '追加' }).click();
    await staff.getByText(`会員番号 ${rep.memberNo} を登録しました。`).waitFor();
    const people = await staff.getByTestId('group-people').innerText();
    expect(people).toContain('港 太郎');
    expect(people).toContain('代表者');
    // A 構成員 added by mistake is removed after a confirmation (dismissed once: nothing happens).
    await staff.fill('#g-person-no', player.memberNo);
    await staff.getByRole('button', { name: '追加' }).click();
    await staff.getByText(`会員番号 ${player.memberNo} を登録しました。`).waitFor();
    expect(await staff.getByTestId('group-people').innerText()).toContain('港 花子');
    const dialogs: string[] = [];
    staff.once('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    await staff.getByRole('button', { name: '港 花子 を外す' }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toContain(`港 花子（会員番号 ${player.memberNo}）を団体から外しますか？`);
    expect(await staff.getByTestId('group-people').innerText()).toContain('港 花子');
    staff.once('dialog', (d) => void d.accept());
    await staff.getByRole('button', { name: '港 花子 を外す' }).click();
    await staff.getByText(`会員番号 ${player.memberNo} を団体から外しました。`).waitFor();
    expect(await staff.getByTestId('group-people').innerText()).not.toContain('港 花子');
    await expectAxeClean(staff, 'group detail approved');
    await staff.screenshot({ path: join(artifacts, 'groups-04-console-approved.png'), fullPage: true });

    // The list now shows it 承認済み with its 減免区分.
    await staff.getByRole('link', { name: '団体の一覧へ' }).click();
    await staff.selectOption('#g-state', 'approved');
    await staff.fill('#g-q', 'さくら');
    await staff.getByRole('button', { name: '表示' }).click();
    await expect.poll(() => staff.locator('[data-testid="group-rows"] tbody tr').first().innerText()).toContain('社会教育関係団体（50%）');
    expect(await staff.locator('[data-testid="group-rows"] tbody tr').first().innerText()).toContain('港 太郎');

    // The 代表者 books the 音楽練習室 at 360 px: 2,500円 less 50%.
    await page.context().clearCookies();
    await residentLogin('minato01', 'band-leader-2026');
    await page.goto(`${ui.base}${BOOK}`);
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    expect(await heading(page)).toBe('お申し込み');
    await page.fill('#f-name', '港 太郎');
    await page.fill('#f-phone', '090-1111-0001');
    await page.fill('#f-people', '8');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('申込内容確認');
    const review = await page.locator('main').innerText();
    expect(review).toContain('減免：社会教育関係団体（50%）');
    expect(review).toContain('1,250円');
    await expectAccessible(page, 'practice room review with the reduction');
    await shot(page, '05-review-360');
    await page.click('button[value="confirm"]');
    await expect.poll(() => heading(page)).toBe('お申込受付');
    await shot(page, '06-booked-360');
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM bookings WHERE service_id = 'practice-room' AND member_id = ?`, [rep.id]))!.n).toBe(1);
  });

  it('a manager rejects a group with its reason; the list says why', async () => {
    const r = await t.request('POST', '/api/admin/t/demo-city/members', {
      cookie: t.cookies.manager,
      body: { kind: 'group', answers: { name: 'みなと合唱団', kana: 'ミナトガッショウダン', phone: '0312349999', email: 'choir@example.jp', loginId: 'choir01', representative: '湊 次郎' } },
    });
    expect(r.status).toBe(201);
    const staff = ui.page;
    await staff.goto(`${ui.base}/admin/demo-city/#/groups`);
    await staff.locator('[data-testid="group-rows"] tbody tr').filter({ hasText: 'みなと合唱団' }).click();
    await staff.getByTestId('group-answers').waitFor();
    await staff.getByRole('button', { name: '却下…' }).click();
    await staff.fill('#g-reason', '活動実態が確認できないため');
    await staff.getByRole('button', { name: '却下する' }).click();
    await staff.getByText('みなと合唱団 を却下しました。').waitFor();
    expect(await staff.getByTestId('group-status').innerText()).toBe('却下');
    expect(await staff.getByTestId('group-answers').innerText()).toContain('活動実態が確認できないため');
    await staff.getByRole('link', { name: '団体の一覧へ' }).click();
    await staff.selectOption('#g-state', 'rejected');
    await staff.getByRole('button', { name: '表示' }).click();
    await expect.poll(() => staff.getByTestId('group-rows').innerText()).not.toContain('さくら吹奏楽団');
    expect(await staff.getByTestId('group-rows').innerText()).toContain('却下\n活動実態が確認できないため');
  });

  it('plain staff see the group read-only', async () => {
    const staff = ui.page;
    await staff.getByRole('button', { name: 'ログアウト' }).click();
    await ui.login('staff', STAFF_PASSWORD);
    await staff.goto(`${ui.base}/admin/demo-city/#/group/${(await groupRow())!.id}`);
    await staff.getByTestId('group-answers').waitFor();
    expect(await staff.getByText('この画面は閲覧のみです。', { exact: false }).count()).toBe(1);
    expect(await staff.getByTestId('group-reduction').innerText()).toBe('社会教育関係団体（50%）');
    expect(await staff.getByRole('button', { name: '承認', exact: true }).count()).toBe(0);
    expect(await staff.getByRole('button', { name: '外す' }).count()).toBe(0);
    expect(await staff.locator('#g-person-no').count()).toBe(0);
    await expectAxeClean(staff, 'group detail read-only');
    // English on the toggle.
    await staff.getByRole('button', { name: 'English' }).click();
    await staff.getByRole('heading', { name: 'Group さくら吹奏楽団' }).waitFor();
    expect(await staff.getByTestId('group-status').innerText()).toBe('Approved');
    expect(await staff.getByTestId('group-reduction').innerText()).toBe('社会教育関係団体 (50%)');
    await staff.screenshot({ path: join(artifacts, 'groups-07-console-readonly-en.png'), fullPage: true });
    await staff.getByRole('button', { name: '日本語' }).click();
  });
});
