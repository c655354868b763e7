// A member in a real browser: 会員登録 → ログアウト → ログイン → book (the form
// prefilled from the profile, no access key) → 申し込み一覧 → 取消; 登録情報確認・変更.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { expectAccessible, heading, JS_BUDGET_GZIP, screenshot, useHarness } from './harness';
import { sqlAll, sqlGet } from '../../../engine/db';

const h = useHarness('resident-js-member.json');

describe('member account', () => {
  it('registers, logs in, books, sees the booking in 申し込み一覧 and cancels it', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.url}/t/demo-city/register`);
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    await expectAccessible(page, 'register');
    // The server checks the password rules; the browser checks the member items as the server does.
    await page.fill('#f-name', '山﨑 花子');
    await page.fill('#f-kana', 'やまさき はなこ');
    await page.selectOption('#f-birthdate-era', '昭和');
    await page.fill('#f-birthdate-y', '55');
    await page.fill('#f-birthdate-m', '6');
    await page.fill('#f-birthdate-d', '10');
    await page.fill('#f-phone', '03-1234-5678');
    await page.fill('#f-email', 'hanako@example.jp');
    await page.fill('#f-loginId', 'hanako55');
    await page.fill('#f-password', 'short');
    await page.fill('#f-passwordConfirm', 'short');
    await page.click('button[value="next"]');
    await expect.poll(() => page.locator('#error-summary').innerText()).toContain('8文字以上');
    await expectAccessible(page, 'register with a password error');
    await screenshot(page, '10-register-error');
    await page.fill('#f-password', 'sakura-2026');
    await page.fill('#f-passwordConfirm', 'sakura-2026');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('会員登録完了');
    await expectAccessible(page, 'registered');
    const row = (await sqlGet<{ name: string; kana: string; key: string; phone: string; hash: string; profile: string }>(h.db, `SELECT name, name_kana AS kana, name_key AS key, phone, password_hash AS hash, profile_json AS profile FROM members WHERE login_id = 'hanako55'`))!;
    expect(row).toMatchObject({ name: '山﨑 花子', kana: 'ヤマサキ ハナコ', key: '山崎花子', phone: '0312345678' });
    expect(row.hash).toMatch(/^scrypt\$/);
    expect(JSON.parse(row.profile)).toMatchObject({ birthdate: '1980-06-10' });

    // Log out, then log in from the top page.
    await page.click('button:has-text("ログアウト")');
    await expect.poll(() => page.locator('#top-login-id').count()).toBe(1);
    await page.fill('#top-login-id', 'hanako55');
    await page.fill('#top-login-password', 'wrong-password');
    await page.click('form[action="/t/demo-city/login"] button[type="submit"]');
    await expect.poll(() => heading(page)).toBe('ログイン');
    expect(await page.locator('[role="alert"]').innerText()).toContain('ログインIDまたはパスワードが正しくありません');
    await expectAccessible(page, 'login failed');
    await page.fill('#page-login-id', 'hanako55');
    await page.fill('#page-login-password', 'sakura-2026');
    await page.click('form[action="/t/demo-city/login"] button[type="submit"]');
    await expect.poll(() => page.locator('nav a:has-text("申し込み一覧")').count()).toBe(1);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'mr_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    // Book as the member: the form starts with the registered name, phone and email.
    await page.goto(`${h.url}/t/demo-city/s/card-pickup?resource=ekimae&from=2026-12-07`);
    await page.click('a.cell[href*="start=2026-12-07T09%3A00%3A00%2B09%3A00"]');
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    expect(await page.inputValue('#f-name')).toBe('山﨑 花子');
    expect(await page.inputValue('#f-phone')).toBe('0312345678');
    expect(await page.locator('a:has-text("登録済みの方はこちら")').count()).toBe(0);
    await page.check('#f-jukiCard-1');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('申込内容確認');
    await page.click('button[value="confirm"]');
    await expect.poll(() => heading(page)).toBe('お申込受付');
    const receiptNo = await page.locator('#receipt-no').innerText();
    expect(await page.locator('#access-key').count()).toBe(0); // members need no access key

    await page.click('a:has-text("申し込み一覧へ")');
    await expect.poll(() => heading(page)).toBe('申し込み一覧');
    const list = await page.locator('table.bookings').innerText();
    expect(list).toContain(receiptNo);
    expect(list).toContain('駅前出張所');
    expect(list).toContain('予約');
    await expectAccessible(page, '申し込み一覧');
    await screenshot(page, '11-my-bookings');

    await page.click(`button:has-text("取消画面へ")`);
    await expect.poll(() => heading(page)).toBe('お申込み取消');
    await page.click('button.button-danger');
    await expect.poll(() => heading(page)).toBe('取消完了');
    await page.click('a:has-text("申し込み一覧へ")');
    expect(await page.locator('table.bookings').innerText()).toContain('取消済み');
    const booking = (await sqlGet<{ st: string; m: string }>(h.db, 'SELECT status AS st, member_id AS m FROM bookings WHERE receipt_no = ?', [receiptNo]))!;
    expect(booking.st).toBe('cancelled');
    expect(booking.m).toBeTruthy();
    expect((await sqlAll<{ action: string }>(h.db, `SELECT action FROM audit_log WHERE actor_type = 'member' ORDER BY id`)).map((r) => r.action)).toEqual([
      'member.registered',
      'member.logged_out',
      'member.logged_in',
      'booking.confirmed',
      'booking.cancelled',
    ]);
  });

  it('shows the registered details and changes them', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.url}/t/demo-city/login`);
    await page.fill('#page-login-id', 'hanako55');
    await page.fill('#page-login-password', 'sakura-2026');
    await page.click('form[action="/t/demo-city/login"] button[type="submit"]');
    await page.waitForURL(/\/t\/demo-city\/$/);
    await page.goto(`${h.url}/t/demo-city/my/profile`);
    const details = await page.locator('table.details').innerText();
    expect(details).toContain('昭和55年6月10日（1980年6月10日）');
    expect(details).toContain('管理ID'); // display-only item, set by staff
    await expectAccessible(page, 'profile');
    await screenshot(page, '12-profile');
    await page.click('a:has-text("登録情報を変更する")');
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    expect(await page.inputValue('#f-birthdate-y')).toBe('55');
    await page.fill('#f-phone', '０９０－９９９９－００００');
    await page.click('button[value="next"]');
    await expect.poll(() => heading(page)).toBe('登録情報変更');
    await page.click('button[value="confirm"]');
    await expect.poll(() => page.locator('[role="status"]').innerText()).toContain('登録情報を変更しました');
    expect(await page.locator('table.details').innerText()).toContain('09099990000');
  });

  it('keeps member pages within the JavaScript budget', () => {
    for (const [path, bytes] of h.jsWeights) expect(bytes, path).toBeLessThanOrEqual(JS_BUDGET_GZIP);
  });
});
