// The guided builder as a clerk uses it (headless Chromium): a 健康相談 on the 2nd and
// 4th Wednesday, 13:00–16:00 (the start typed in full-width), 20-minute slots, one
// person each, asking 氏名, ふりがな, 電話番号 and 相談内容 with その他の内容 shown only
// for その他 — made through the wizard with no rule, JSON or id typed; published from
// the review page; then a resident books it on the resident pages. axe runs on every
// step and page; screenshots go to test/artifacts.
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createAdminTestApp, type AdminTestApp } from '../../integration/admin-helpers';
import { artifacts, expectAxeClean, openConsole, type Console } from './harness';
import { sqlGet } from '../../../engine/db';

let t: AdminTestApp;
let ui: Console;
let page: Page;

beforeAll(async () => {
  t = await createAdminTestApp(); // fixed clock: Tue 2026-12-01 10:00 JST
  ui = await openConsole(t, { width: 1280, height: 900 });
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

const shot = (name: string) => page.screenshot({ path: join(artifacts, `wizard-${name}.png`), fullPage: true });
const next = () => page.getByRole('button', { name: '次へ →' }).click();
const stepHeading = () => page.locator('#wizard-step-heading').innerText();
/** The card of the question whose heading starts with `n.`. */
const question = (n: number) => page.getByTestId('question').nth(n - 1);

describe('new-service wizard in a browser', () => {
  it('makes a 健康相談 on the 2nd and 4th Wednesday without typing a rule, JSON or id; publishes after review; a resident books it', async () => {
    await page.goto(`${ui.base}/admin/demo-city/`);
    await ui.login('admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: '予約フロー作成' }).click();
    await page.getByRole('link', { name: /新しいサービスを作る/ }).click();

    // 1. 何を予約しますか — a blank name is refused in words.
    await expect.poll(stepHeading).toBe('1. 何を予約しますか');
    await next();
    expect(await page.getByTestId('problems').innerText()).toContain('サービスの名前を書いてください（例: 健康相談）。');
    await page.getByLabel('サービスの名前').fill('健康相談');
    await page.getByLabel('説明（任意）').fill('保健師が20分ずつご相談をお受けします。');
    await expectAxeClean(page, 'wizard step 1');
    await shot('1-what');
    await next();

    // 2. いつ・どこで — 毎月第N曜日, weeks and weekday ticked, the start typed in full-width.
    await expect.poll(stepHeading).toBe('2. いつ・どこで');
    await page.getByLabel('場所（建物・施設の名前）').fill('保健センター');
    await page.getByLabel('窓口・部屋1').fill('相談室');
    await page.getByLabel('毎月第N曜日').check();
    await page.getByLabel('第2', { exact: true }).check();
    await page.getByLabel('第4', { exact: true }).check();
    await page.getByLabel('水曜日', { exact: true }).check();
    await page.getByLabel('開始', { exact: true }).fill('１３：００');
    await page.getByLabel('終了', { exact: true }).fill('16:00');
    await page.getByLabel('開始', { exact: true }).blur();
    expect(await page.getByLabel('開始', { exact: true }).inputValue()).toBe('13:00');
    await page.getByLabel('1回の予約の長さ（1枠）').selectOption({ label: '20分' });
    const summary = page.getByTestId('when-summary');
    await expect.poll(() => summary.innerText()).toContain('毎月第2・第4水曜日 13:00〜16:00');
    expect(await summary.innerText()).toContain('12月9日（水）（9枠）、12月23日（水）（9枠）');
    await expectAxeClean(page, 'wizard step 2 (monthly)');
    await shot('2-when');
    // The other recurrences are there too: the weekly-hours grid and the calendar to click.
    await page.getByLabel('毎週', { exact: true }).check();
    await page.getByTestId('week-grid').waitFor();
    await expectAxeClean(page, 'wizard step 2 (weekly grid)');
    await page.getByLabel('特定の日付（カレンダーでクリック）').check();
    await page.getByRole('button', { name: '2026年12月16日（水）' }).click();
    expect(await page.getByRole('button', { name: '2026年12月16日（水）' }).getAttribute('aria-pressed')).toBe('true');
    await expectAxeClean(page, 'wizard step 2 (dates)');
    await shot('2-when-dates');
    await page.getByLabel('毎月第N曜日').check();
    await expect.poll(() => summary.innerText()).toContain('毎月第2・第4水曜日 13:00〜16:00');
    await next();

    // 3. 誰が何人まで — one person per slot (the default), 全角 accepted.
    await expect.poll(stepHeading).toBe('3. 誰が何人まで');
    await page.getByLabel('1枠に受け付ける人数（定員）').fill('１');
    await expectAxeClean(page, 'wizard step 3');
    await shot('3-who');
    await next();

    // 4. 何を聞きますか — 氏名 is there; add the rest, choose types by their Japanese names.
    await expect.poll(stepHeading).toBe('4. 何を聞きますか');
    await page.getByRole('button', { name: '＋ ふりがな' }).click();
    await page.getByRole('button', { name: '＋ 電話番号' }).click();
    await page.getByRole('button', { name: '＋ 質問を追加' }).click();
    const topic = question(4);
    await topic.getByLabel('質問の見出し（項目名）').fill('相談内容');
    await topic.getByLabel('答えの種類').selectOption({ label: 'ひとつ選ぶ' });
    await topic.getByLabel('選択肢1', { exact: true }).fill('健康のこと');
    await topic.getByRole('button', { name: '＋ 選択肢を追加' }).click();
    await topic.getByLabel('選択肢2', { exact: true }).fill('栄養・食事');
    await topic.getByRole('button', { name: '＋ 選択肢を追加' }).click();
    await topic.getByLabel('選択肢3', { exact: true }).fill('その他');
    // Options that make no sense for a name are not offered.
    expect(await question(1).getByText('選択肢', { exact: true }).count()).toBe(0);
    expect(await question(1).getByLabel('最大文字数（任意）').count()).toBe(1);
    await page.getByRole('button', { name: '＋ 質問を追加' }).click();
    const other = question(5);
    await other.getByLabel('質問の見出し（項目名）').fill('その他の内容');
    await other.getByLabel('答えの種類').selectOption({ label: '複数行テキスト' });
    await other.getByLabel('この質問を表示するとき').selectOption({ label: '「相談内容」が「その他」のとき表示' });
    // Each question shows how residents will see it.
    expect(await topic.locator('.q-preview').innerText()).toContain('その他');
    expect(await page.getByTestId('question').allInnerTexts()).toHaveLength(5);
    await expectAxeClean(page, 'wizard step 4');
    await shot('4-ask');
    await next();

    // 5. お知らせ — the tenant's common notices already cover this service.
    await expect.poll(stepHeading).toBe('5. お知らせ');
    expect(await page.locator('.notices').innerText()).toContain('共通のお知らせ「予約の通知（全サービス共通）」で送られます。');
    await expectAxeClean(page, 'wizard step 5');
    await shot('5-notices');
    await next();

    // 6. 確認 — the server's loader accepted it; the preview has weekdays.
    await expect.poll(stepHeading).toBe('6. 確認');
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    expect(await page.getByTestId('wizard-summary').innerText()).toContain('毎月第2・第4水曜日 13:00〜16:00（祝日は休み）');
    expect(await page.getByTestId('preview-grid').innerText()).toContain('12月9日（水）');
    expect(await preview.innerText()).toContain('その他の内容');
    await expectAxeClean(page, 'wizard step 6');
    await shot('6-confirm');
    // Nothing is served yet.
    expect((await t.request('GET', '/api/t/demo-city/services/kenko-sodan/availability?from=2026-12-09&to=2026-12-09')).status).toBe(404);
    await page.getByRole('button', { name: /公開前の確認へ/ }).click();

    // 7. 公開 — the review page lists the change in words and whom it affects.
    await expect.poll(() => page.locator('h1').innerText()).toBe('公開前の確認');
    const changes = page.getByTestId('changes');
    await expect.poll(() => changes.innerText()).toContain('「健康相談」を追加（サービス）');
    expect(await changes.innerText()).toContain('「保健センター」を追加（カレンダー）');
    expect(await page.getByTestId('affected').innerText()).toContain('「健康相談」: これからの予約はありません。');
    await expectAxeClean(page, 'review before publishing');
    await shot('7-review');
    expect(t.tenants.get('demo-city')!.versionId).toBe('demo-city-v1');
    await page.getByRole('button', { name: '公開する' }).click();
    await page.getByTestId('published').waitFor();
    expect(t.tenants.get('demo-city')!.versionId).toBe('demo-city-v2');
    await expectAxeClean(page, 'published');
    await shot('8-published');

    // What was made: ids from the title, the rule the clerk never typed.
    const blocks = t.tenants.get('demo-city')!.tenant.blocks;
    expect(blocks.find((b) => b.kind === 'service' && b.id === 'kenko-sodan')).toMatchObject({ title: '健康相談', form: 'kenko-sodan-form', calendar: 'kenko-sodan-calendar' });
    expect(blocks.find((b) => b.id === 'kenko-sodan-calendar')).toMatchObject({ slotMinutes: 20, capacity: 1, weekly: [{ rrule: 'FREQ=MONTHLY;BYDAY=+2WE,+4WE', open: '13:00', close: '16:00' }] });
    const form = blocks.find((b) => b.id === 'kenko-sodan-form') as unknown as { fields: { id: string }[] };
    expect(form.fields.map((f) => f.id)).toEqual(['name', 'kana', 'phone', 'topic', 'otherDetail']);

    // A resident books it on the resident pages (360 px wide), その他 with its detail.
    await page.getByRole('link', { name: '利用者の画面で「健康相談」を見る' }).click();
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForURL(/\/t\/demo-city\/s\/kenko-sodan/);
    // This week has no consultation day: the page offers the next one.
    await page.getByRole('link', { name: '次の空き日へ' }).click();
    await page.locator('a.cell[href*="start=2026-12-09T13%3A20%3A00%2B09%3A00"]').click();
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    await page.locator('#f-name').fill('保健 花子');
    await page.locator('#f-kana').fill('ほけん はなこ');
    await page.locator('#f-phone').fill('090-1111-2222');
    await page.getByRole('radio', { name: 'その他' }).check();
    await page.locator('#f-otherDetail').fill('血圧の薬について');
    await shot('9-resident-form');
    // Straight from the revealed field to 確認画面へ, as a thumb does: the re-render on blur must not move the page
    // between press and release (an empty text node rewritten in a fieldset made Chromium's scroll anchoring jump).
    await page.click('button[value="next"]');
    await expect.poll(() => page.locator('h1').innerText()).toBe('申込内容確認');
    expect(await page.locator('main').innerText()).toContain('2026年12月9日（水） 13:20〜13:40');
    await page.click('button[value="confirm"]');
    await expect.poll(() => page.locator('h1').innerText()).toBe('お申込受付');
    await shot('10-resident-done');
    const row = (await sqlGet<{ s: string; a: string }>(t.db, `SELECT slot_start_local AS s, answers_json AS a FROM bookings WHERE service_id = 'kenko-sodan'`))!;
    expect(row.s).toBe('13:20');
    expect(JSON.parse(row.a)).toMatchObject({ name: '保健 花子', kana: 'ホケン ハナコ', phone: '09011112222', topic: 'other', otherDetail: '血圧の薬について' });
  }, 120_000);
});
