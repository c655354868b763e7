// Resident pages posted as a browser without JavaScript would: the booking flow,
// idempotent 申込, CSRF, security headers, one answer for "no such booking" and
// "wrong key", rate limits and English.
import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClient, h1Of, hiddenOf, residentApp, textOf } from './resident-client';
import { sqlAll, sqlGet } from '../../engine/db';

const BOOK = '/t/demo-city/s/card-pickup/book';
const slotQuery = (start: string) => `?resource=honcho&start=${encodeURIComponent(start)}`;
const answers = { 'a.name': '髙橋 一郎', 'a.phone': '０９０－１２３４－５６７８', 'a.jukiCard': 'なし' };

async function bookAnonymously(client: ReturnType<typeof createClient>, start = '2026-12-03T10:00:00+09:00') {
  const form = await client.get(`${BOOK}${slotQuery(start)}`);
  const review = await client.post(BOOK, { ...hiddenOf(form.html, BOOK), ...answers, action: 'next' });
  expect(h1Of(review.html)).toBe('申込内容確認');
  const confirm = { ...hiddenOf(review.html, BOOK), action: 'confirm' };
  const done = await client.post(BOOK, confirm);
  return { done, confirm, receiptNo: textOf(done.html, 'receipt-no'), accessKey: textOf(done.html, 'access-key') };
}

describe('booking through pages', () => {
  it('validates on the server, names each field, then books once however often 申込 is posted', async () => {
    const { app, db } = await residentApp('demo');
    const client = createClient(app);
    const form = await client.get(`${BOOK}${slotQuery('2026-12-03T10:00:00+09:00')}`);
    expect(form.status).toBe(200);
    const bad = await client.post(BOOK, { ...hiddenOf(form.html, BOOK), 'a.phone': '12', action: 'next' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('<a href="#f-name">「氏名」を入力してください。</a>');
    expect(bad.html).toContain('<a href="#f-jukiCard-0">「住基カードの有無」を選んでください。</a>');
    expect(bad.html).toMatch(/id="f-phone-err"[^>]*>.*「電話番号」の形式が正しくありません。/);
    expect(bad.html).toContain('aria-describedby="f-phone-err f-phone-help"');
    expect(bad.html).toContain('<title>エラー: お申し込み');

    const { done, confirm, receiptNo, accessKey } = await bookAnonymously(client);
    expect(done.status).toBe(200); // the completion page, re-opened by GET after a 303 (back and reload do not post again)
    expect(done.redirectedTo).toMatch(/\?s=/);
    expect(receiptNo).toBe('1');
    expect(accessKey).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    const again = await client.post(BOOK, confirm);
    expect(textOf(again.html, 'receipt-no')).toBe(receiptNo);
    expect(textOf(again.html, 'access-key')).toBe(accessKey);
    expect((await sqlGet<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM bookings'))!.n).toBe(1);
    const row = (await sqlGet<{ a: string; ch: string; key: string }>(db, 'SELECT answers_json AS a, channel AS ch, name_key AS key FROM bookings'))!;
    expect(JSON.parse(row.a)).toEqual({ name: '髙橋 一郎', phone: '09012345678', jukiCard: 'なし' });
    expect(row.ch).toBe('web');
    expect(row.key).toBe('高橋一郎'); // search key: 異体字 folded, spaces dropped
  });

  it('refuses a post without the CSRF token or from another origin, keeping what was typed', async () => {
    const { app, db } = await residentApp('demo');
    const client = createClient(app);
    const form = await client.get(`${BOOK}${slotQuery('2026-12-03T10:00:00+09:00')}`);
    const hidden = hiddenOf(form.html, BOOK);
    const noToken = await client.post(BOOK, { ...hidden, _csrf: 'x'.repeat(32), ...answers, action: 'confirm' });
    expect(noToken.status).toBe(403);
    expect(noToken.html).toContain('もう一度ボタンを押してください');
    expect(noToken.html).toContain('value="髙橋 一郎"');
    const foreign = await client.post(BOOK, { ...hidden, ...answers, action: 'confirm' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const stranger = createClient(app); // no cookie at all
    expect((await stranger.post(BOOK, { ...hidden, ...answers, action: 'confirm' })).status).toBe(403);
    expect((await sqlGet<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM bookings'))!.n).toBe(0);
  });

  it('sends a strict CSP and keeps scripts out of the HTML (props are JSON data)', async () => {
    const { app } = await residentApp('demo');
    const res = await createClient(app).get(`${BOOK}${slotQuery('2026-12-03T10:00:00+09:00')}`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const scripts = [...res.html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const s of scripts) expect(s).toMatch(/type="module" src="\/assets\/resident\.js"|type="application\/json"/);
    expect(res.html).not.toMatch(/\son[a-z]+="/); // no inline handlers
    expect(res.html).not.toMatch(/\sstyle="/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('mr_csrf='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const https = await createClient(app, 'https://yoyaku.example.jp').get('/t/demo-city/');
    expect(https.headers.getSetCookie().find((c) => c.startsWith('__Host-mr_csrf='))).toMatch(/Secure/);
    expect(https.headers.get('strict-transport-security')).toBeTruthy();
  });

  it('answers "no such booking" and "wrong key" alike, and slows down guessing', async () => {
    const { app } = await residentApp('demo');
    const client = createClient(app);
    const { receiptNo, accessKey } = await bookAnonymously(client);
    const lookup = async (no: string, key: string) => {
      const page = await client.get('/t/demo-city/lookup');
      return client.post('/t/demo-city/lookup', { ...hiddenOf(page.html, '/lookup'), receiptNo: no, accessKey: key });
    };
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    const wrongKey = await lookup(receiptNo, 'AAAAAAAAAAAA');
    const noBooking = await lookup('424242', accessKey);
    expect(wrongKey.status).toBe(404);
    expect(noBooking.status).toBe(404);
    expect(strip(wrongKey.html)).toBe(strip(noBooking.html));
    expect(wrongKey.html).toContain('受付番号またはアクセスキーが正しくありません。');
    const ok = await lookup(receiptNo, accessKey);
    expect(h1Of(ok.html)).toBe('予約の内容');
    // Read aloud and typed on a phone: lower case, full width, no hyphens.
    const typed = accessKey.toLowerCase().replace(/-/g, ' ').replace(/[a-z0-9]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    const typedOk = await lookup(receiptNo, typed);
    expect(h1Of(typedOk.html)).toBe('予約の内容');
    // Shown as issued, grouped in capitals, not as it was typed.
    expect(accessKey).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(typedOk.html).toContain(`<td>${accessKey}</td>`);
    for (let i = 0; i < 3; i++) await lookup(receiptNo, `WRONG${i}`);
    const blocked = await lookup(receiptNo, accessKey);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('moves and cancels a booking through the screens with confirmation before each', async () => {
    const { app, db } = await residentApp('demo');
    const client = createClient(app);
    const { receiptNo, accessKey } = await bookAnonymously(client);
    const holder = async () => {
      const page = await client.get('/t/demo-city/lookup');
      return client.post('/t/demo-city/lookup', { ...hiddenOf(page.html, '/lookup'), receiptNo, accessKey });
    };
    const details = await holder();
    const picker = await client.post('/t/demo-city/r/change', hiddenOf(details.html, '/r/change'));
    expect(h1Of(picker.html)).toBe('お申込み内容変更');
    const form = await client.post('/t/demo-city/r/change', { ...hiddenOf(picker.html, '/r/change'), slot: 'ekimae|2026-12-04T09:00:00+09:00' });
    const review = await client.post('/t/demo-city/r/change', { ...hiddenOf(form.html, '/r/change'), ...answers, action: 'next' });
    expect(h1Of(review.html)).toBe('変更内容確認');
    expect(review.html).toContain('駅前出張所');
    const changed = await client.post('/t/demo-city/r/change', { ...hiddenOf(review.html, '/r/change'), action: 'confirm' });
    expect(h1Of(changed.html)).toBe('変更完了');
    expect(await sqlGet<{ r: string; d: string }>(db, 'SELECT resource_id AS r, slot_date AS d FROM bookings'))!.toEqual({ r: 'ekimae', d: '2026-12-04' });

    const ask = await client.post('/t/demo-city/r/cancel', hiddenOf((await holder()).html, '/r/cancel'));
    expect(h1Of(ask.html)).toBe('お申込み取消');
    expect((await sqlGet<{ s: string }>(db, 'SELECT status AS s FROM bookings'))!.s).toBe('confirmed'); // asking is not cancelling
    const done = await client.post('/t/demo-city/r/cancel', hiddenOf(ask.html, '/r/cancel', 'confirm'));
    expect(h1Of(done.html)).toBe('取消完了');
    expect((await sqlGet<{ s: string }>(db, 'SELECT status AS s FROM bookings'))!.s).toBe('cancelled');
  });

  it('speaks English with ?lang=en and keeps it on every link and form', async () => {
    const { app } = await residentApp('demo');
    const page = await createClient(app).get(`${BOOK}${slotQuery('2026-12-03T10:00:00+09:00')}&lang=en`);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('Name <span class="badge badge-required">Required</span>');
    expect(page.html).toContain('action="/t/demo-city/s/card-pickup/book?lang=en"');
    expect(page.html).toContain('Thu 3 Dec 2026 10:00〜10:30');
  });

  it('shows the grid of seed 001 with words beside every symbol, and refuses slots outside the window', async () => {
    const { app } = await residentApp('demo');
    const client = createClient(app);
    const grid = await client.get('/t/demo-city/s/card-pickup?from=2026-12-01');
    expect(grid.html).toContain('<caption>本庁舎窓口の空き状況（2026年12月1日（火）〜2026年12月7日（月））</caption>');
    expect(grid.html).toMatch(/<span class="visually-hidden">2026年12月3日（木） 10:00 空きあり <\/span><span aria-hidden="true">○<\/span><span>残5<\/span>/);
    const gym = await client.get('/t/demo-city/s/gym?from=2026-12-28');
    expect(gym.html).toContain('休館');
    const past = await client.get(`${BOOK}${slotQuery('2026-12-01T10:00:00+09:00')}`);
    expect(past.status).toBe(409);
    expect(past.html).toContain('この日時の予約受付は終了しました。');
  });
});

describe('a form with pages, furigana and a 和暦 birthdate', () => {
  const form = JSON.parse(readFileSync(new URL('../../blocks/form/fixtures/everything.valid.json', import.meta.url), 'utf8')).blocks[0];
  const blocks = [
    { kind: 'site', id: 'test-town', title: 'テスト町' },
    { ...form, id: 'f' },
    { kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'main', title: '本庁舎' }], slotMinutes: 30, capacity: 3, weekly: [{ days: ['thu'], open: '09:00', close: '12:00' }] },
    { kind: 'service', id: 'desk', title: '相談', form: 'f', calendar: 'c' },
  ];
  const URL_ = '/t/test-town/s/desk/book';

  it('validates page by page, goes back with the answers and shows 和暦 on the review', async () => {
    const { app, db } = await residentApp(blocks);
    const client = createClient(app);
    const start = await client.get(`${URL_}?resource=main&start=${encodeURIComponent('2026-12-03T09:00:00+09:00')}`);
    expect(start.html).toContain('<h2 class="step-title">お客様の情報</h2>');
    expect(start.html).toContain('id="f-nameKana"');
    expect(start.html).not.toContain('id="f-topic-0"'); // page 2
    const page1 = { 'a.name': '山﨑 髙子', 'a.nameKana': 'やまさき たかこ', 'a.birth.era': '平成', 'a.birth.y': '元', 'a.birth.m': '1', 'a.birth.d': '7', 'a.phone': '0312345678' };
    const wrongDay = await client.post(URL_, { ...hiddenOf(start.html, URL_), ...page1, action: 'next' });
    expect(wrongDay.status).toBe(422);
    expect(wrongDay.html).toContain('「生年月日」の形式が正しくありません。例: 昭和55年6月10日');
    expect(wrongDay.html).not.toContain('「相談内容」'); // page 2 is not judged yet
    const second = await client.post(URL_, { ...hiddenOf(wrongDay.html, URL_), ...page1, 'a.birth.d': '8', action: 'next' });
    expect(second.html).toContain('<h2 class="step-title">ご相談の内容</h2>');
    // 「その他の内容」 is shown only when it is required: never marked 任意.
    expect(second.html).toMatch(/for="f-note"[^>]*>その他の内容 <span class="badge badge-required">必須<\/span>/);
    const back = await client.post(URL_, { ...hiddenOf(second.html, URL_), action: 'back' });
    expect(back.html).toContain('value="山﨑 髙子"');
    const again = await client.post(URL_, { ...hiddenOf(back.html, URL_), ...page1, 'a.birth.d': '8', action: 'next' });
    const review = await client.post(URL_, { ...hiddenOf(again.html, URL_), 'a.topic': 'a', 'a.topics': ['x', 'y'], 'a.agree': 'true', action: 'next' });
    expect(h1Of(review.html)).toBe('申込内容確認');
    expect(review.html).toContain('平成元年1月8日（1989年1月8日）');
    expect(review.html).toContain('ヤマサキ タカコ');
    expect(review.html).toContain('医療費、寄附金');
    const done = await client.post(URL_, { ...hiddenOf(review.html, URL_), action: 'confirm' });
    expect(done.status).toBe(200);
    const saved = JSON.parse((await sqlGet<{ a: string }>(db, 'SELECT answers_json AS a FROM bookings'))!.a);
    expect(saved).toMatchObject({ name: '山﨑 髙子', nameKana: 'ヤマサキ タカコ', birth: '1989-01-08', topics: ['x', 'y'], agree: true });
  });
});

describe('dates as the site writes them (site dateStyle)', () => {
  const blocks = (dateStyle?: string) => [
    { kind: 'site', id: 'test-town', title: 'テスト町', ...(dateStyle ? { dateStyle } : {}) },
    { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
    { kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'main', title: '本庁舎' }], slotMinutes: 30, capacity: 3, weekly: [{ days: ['thu'], open: '09:00', close: '12:00' }] },
    { kind: 'service', id: 'desk', title: '相談', form: 'f', calendar: 'c' },
  ];
  for (const [style, text] of [
    [undefined, '2026年12月3日（木） 09:00〜09:30'],
    ['wareki', '令和8年12月3日（木） 09:00〜09:30'],
    ['both', '令和8年12月3日（木）（2026年） 09:00〜09:30'],
  ] as const) {
    it(`writes ${style ?? 'seireki (the default)'} on the grid and the booking screens`, async () => {
      const { app } = await residentApp(blocks(style));
      const client = createClient(app);
      const form = await client.get(`/t/test-town/s/desk/book?resource=main&start=${encodeURIComponent('2026-12-03T09:00:00+09:00')}`);
      expect(form.html).toContain(text);
      const grid = await client.get('/t/test-town/s/desk?from=2026-12-03');
      expect(grid.html).toContain(text.replace(/ 09:00〜09:30$/, ''));
    });
  }
});

describe('a service whose booking has not opened yet', () => {
  it('says when booking opens (和暦 with 西暦) and links to the next day with places', async () => {
    const { app } = await residentApp('demo');
    const client = createClient(app);
    const page = await client.get('/t/demo-city/s/tax-consultation');
    expect(page.status).toBe(200);
    expect(textOf(page.html, 'opens-at')).toBe('受付開始：令和9年2月1日（月）9:00（2027年）');
    expect(page.html).toMatch(/<a class="button" id="next-free" href="\/t\/demo-city\/s\/tax-consultation\?resource=venue&amp;from=2027-02-16">次の空き日へ<\/a>/);
    const en = await client.get('/t/demo-city/s/tax-consultation?lang=en');
    expect(textOf(en.html, 'opens-at')).toBe('Booking opens: Mon 1 Feb 2027 9:00');
    // Once it is open, the grid speaks for itself.
    const open = await createClient((await residentApp('demo', { now: '2027-02-10T10:00:00+09:00' })).app).get('/t/demo-city/s/tax-consultation?from=2027-02-16');
    expect(open.html).not.toContain('id="ahead"');
  });
});

describe('refusals and the completion page', () => {
  const TAX = '/t/demo-city/s/tax-consultation/book';
  const taxAnswers = { 'a.name': '高橋 一郎', 'a.kana': 'タカハシ イチロウ', 'a.phone': '0312345678', 'a.topic': 'salary', 'a.agree': 'true' };
  async function bookTax(client: ReturnType<typeof createClient>, start: string) {
    const q = `?resource=venue&start=${encodeURIComponent(start)}`;
    const form = await client.get(`${TAX}${q}`);
    const review = await client.post(TAX, { ...hiddenOf(form.html, TAX), ...taxAnswers, action: 'next' });
    expect(h1Of(review.html)).toBe('申込内容確認');
    return client.post(TAX, { ...hiddenOf(review.html, TAX), action: 'confirm' });
  }

  it('mentions email only when the form asks for it, shows 持ち物 when declared, and the quota refusal offers the existing booking', async () => {
    const { app } = await residentApp('demo', { now: '2027-02-10T10:00:00+09:00' });
    const client = createClient(app);
    const done = await bookTax(client, '2027-02-16T09:00:00+09:00');
    expect(done.status).toBe(200);
    expect(done.html).not.toContain('メール');
    expect(done.html).not.toContain('id="bring"');
    expect(done.html).toContain('id="print-page"');

    const refused = await bookTax(client, '2027-02-17T09:00:00+09:00');
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('お申し込み済みの予約を確認・取消すると、新しく申し込めます。');
    expect(refused.html).toContain('href="/t/demo-city/lookup"');
    expect(refused.html).not.toContain('別の日時を選ぶ');

    const card = await bookAnonymously(createClient((await residentApp('demo')).app));
    expect(textOf(card.done.html, 'bring')).toContain('交付通知書（はがき）');
    expect(card.done.html).toContain('メールアドレスを入力された方には');
  });
});

describe('back and forward after a post (Post/Redirect/Get)', () => {
  const url = `${BOOK}${slotQuery('2026-12-03T10:00:00+09:00')}`;

  it('re-opens the first screen with what was typed, and the saved screens only in the browser that typed them', async () => {
    const { app, db, clock } = await residentApp('demo');
    const client = createClient(app);
    const form = await client.get(url);
    const review = await client.post(BOOK, { ...hiddenOf(form.html, BOOK), ...answers, action: 'next' });
    expect(review.redirectedTo).toMatch(/^\/t\/demo-city\/s\/card-pickup\/book\?s=[A-Za-z0-9_-]{16}$/);
    expect(h1Of(review.html)).toBe('申込内容確認');
    // The browser's back button: a GET of the first screen, with the answers as typed.
    const back = await client.get(url);
    expect(back.html).toContain('value="髙橋 一郎"');
    // Forward again: the same review, from its own URL.
    expect(h1Of((await client.get(review.redirectedTo!)).html)).toBe('申込内容確認');

    // Another browser with the URL sees nothing of it and starts from the calendar.
    const other = createClient(app);
    await other.get(url);
    const stolen = await other.get(review.redirectedTo!);
    expect(stolen.status).toBe(303);
    expect(stolen.headers.get('location')).toBe('/t/demo-city/s/card-pickup');
    expect((await other.get(url)).html).not.toContain('髙橋');
    // At rest the answers are sealed under the browser's cookie, which the database never sees.
    const rows = await sqlAll<{ sealed: string; owner: string }>(db, 'SELECT sealed, owner FROM page_snapshots');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(Buffer.from(r.sealed, 'base64').toString('utf8')).not.toContain('髙橋');
      expect([...client.cookies.values()]).not.toContain(r.owner);
    }

    const done = await client.post(BOOK, { ...hiddenOf(review.html, BOOK), action: 'confirm' });
    expect(h1Of(done.html)).toBe('お申込受付');
    // Reloading the completion page is a GET: the same receipt, no second booking.
    const reload = await client.get(done.redirectedTo!);
    expect(textOf(reload.html, 'receipt-no')).toBe(textOf(done.html, 'receipt-no'));
    expect(textOf(reload.html, 'access-key')).toBe(textOf(done.html, 'access-key'));
    // Back to the first screen after booking: a fresh form, not the booked answers.
    expect((await client.get(url)).html).not.toContain('髙橋');
    expect((await sqlGet<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM bookings'))!.n).toBe(1);

    const { purgeExpiredSnapshots, SNAPSHOT_TTL_MS } = await import('../../engine/http/routes/pages/snapshots');
    expect(await purgeExpiredSnapshots(db, clock.now().getTime())).toBe(0);
    expect(await purgeExpiredSnapshots(db, clock.now().getTime() + SNAPSHOT_TTL_MS + 1)).toBe(rows.length + 1);
    const expired = await client.get(done.redirectedTo!);
    expect(expired.status).toBe(303);
  });
});
