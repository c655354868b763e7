// Member accounts and the site modes of 施設基本情報設定 through the pages:
// registration, login by each kind of ID, password check off, 利用者制限,
// online registration off, password reset by an emailed link, 申込者チェック.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { VerificationNotice } from '../../engine/members/guest-verification';
import { purgeExpiredResidentData } from '../../engine/members/housekeeping';
import { messageFor } from '../../engine/core/messages';
import { createClient, h1Of, hiddenOf, residentApp, textOf } from './resident-client';
import { sqlAll, sqlGet } from '../../engine/db';

const site = (modes: Record<string, unknown>) => ({ kind: 'site', id: 'test-town', title: 'テスト町', municipality: { name: 'テスト町', phone: '03-0000-0000' }, modes });
const blocks = (modes: Record<string, unknown>, extra: unknown[] = []) => [
  site(modes),
  { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }, { id: 'email', type: 'email', label: 'メール', required: true }] },
  { kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'main', title: '本庁舎' }], slotMinutes: 30, capacity: 3, weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '12:00' }] },
  { kind: 'service', id: 'desk', title: '窓口予約', form: 'f', calendar: 'c' },
  {
    kind: 'notification', id: 'member-mail', title: '会員通知',
    messages: [{ id: 'reset', event: 'member.password_reset', channels: ['email'], subject: '再設定', body: '{{member.name}} 様 {{reset.url}}' }],
  },
  ...extra,
];
const BOOK = '/t/test-town/s/desk/book';
const SLOT = `?resource=main&start=${encodeURIComponent('2026-12-03T10:00:00+09:00')}`;

async function register(client: ReturnType<typeof createClient>, fields: Record<string, string>) {
  const page = await client.get('/t/test-town/register');
  return client.post('/t/test-town/register', { ...hiddenOf(page.html, '/register'), ...fields, action: 'next' });
}

async function login(client: ReturnType<typeof createClient>, identifier: string, password?: string) {
  const page = await client.get('/t/test-town/login');
  return client.post('/t/test-town/login', { ...hiddenOf(page.html, '/login'), identifier, ...(password !== undefined ? { password } : {}) });
}

describe('registration and login', () => {
  it('registers with a hashed password, refuses a taken login ID, and logs in with one answer for every failure', async () => {
    const { app, db } = await residentApp(blocks({ loginId: 'login-id' }));
    const a = createClient(app);
    const fields = { 'a.name': '伊藤 花', 'a.phone': '0312345678', 'a.loginId': 'ito01', 'a.password': 'correct-horse', 'a.passwordConfirm': 'correct-horse' };
    const done = await register(a, fields);
    expect(done.status).toBe(201);
    expect(h1Of(done.html)).toBe('会員登録完了');
    expect(a.cookies.has('mr_session')).toBe(true);
    const memberNo = /<strong class="key">(\d{8})<\/strong>/.exec(done.html)?.[1];
    expect(memberNo).toMatch(/^\d{8}$/);
    const row = (await sqlGet<{ hash: string }>(db, `SELECT password_hash AS hash FROM members`))!;
    expect(row.hash).toMatch(/^scrypt\$/);
    expect(row.hash).not.toContain('correct-horse');

    const taken = await register(createClient(app), { ...fields, 'a.name': '別人' });
    expect(taken.status).toBe(422);
    expect(taken.html).toContain('このログインIDはすでに使われています。');
    expect(taken.html).not.toContain('correct-horse'); // passwords are never echoed back

    const b = createClient(app);
    const unknown = await login(b, 'nobody', 'correct-horse');
    const wrong = await login(b, 'ito01', 'incorrect');
    expect(unknown.status).toBe(401);
    expect(unknown.html.match(/<p>([^<]*正しくありません[^<]*)<\/p>/)?.[1]).toBe(wrong.html.match(/<p>([^<]*正しくありません[^<]*)<\/p>/)?.[1]);
    const ok = await login(b, 'ito01', 'correct-horse');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/t/test-town/');
    const my = await b.get('/t/test-town/my');
    expect(h1Of(my.html)).toBe('申し込み一覧');
  });

  it('rate-limits failed logins per address', async () => {
    const { app } = await residentApp(blocks({}));
    const c = createClient(app);
    for (let i = 0; i < 5; i++) expect((await login(c, 'x', 'y')).status).toBe(401);
    const blocked = await login(c, 'x', 'y');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('logs in by email, or by 会員番号 without a password when the site says so', async () => {
    const byEmail = await residentApp(blocks({ loginId: 'email' }));
    const c = createClient(byEmail.app);
    await register(c, { 'a.name': '林', 'a.phone': '0312345678', 'a.email': 'Hayashi@Example.JP', 'a.password': 'pass-word-1', 'a.passwordConfirm': 'pass-word-1' });
    const page = await createClient(byEmail.app).get('/t/test-town/login');
    expect(page.html).toContain('メールアドレス</label>');
    expect((await login(createClient(byEmail.app), 'hayashi@example.jp', 'pass-word-1')).status).toBe(303);

    const noPassword = await residentApp(blocks({ loginId: 'member-id', passwordCheck: false }));
    const d = createClient(noPassword.app);
    const done = await register(d, { 'a.name': '森', 'a.phone': '0312345678' });
    const memberNo = /<strong class="key">(\d{8})<\/strong>/.exec(done.html)![1];
    const form = await createClient(noPassword.app).get('/t/test-town/login');
    expect(form.html).not.toContain('type="password"');
    expect(form.html).toContain('会員番号</label>');
    expect((await login(createClient(noPassword.app), memberNo)).status).toBe(303);
    expect((await login(createClient(noPassword.app), '00000000')).html).toContain('会員番号が正しくありません。');
  });

  it('applies 利用者制限 and オンライン登録', async () => {
    const membersOnly = await residentApp(blocks({ userRestriction: 'members-only' }));
    const guest = await createClient(membersOnly.app).get(`${BOOK}${SLOT}`);
    expect(guest.status).toBe(403);
    expect(guest.html).toContain('会員登録した方のみ');
    expect(guest.html).toContain('href="/t/test-town/login?next=%2Fs%2Fdesk"');

    const guestsOnly = await residentApp(blocks({ userRestriction: 'guests-only' }));
    const top = await createClient(guestsOnly.app).get('/t/test-town/');
    expect(top.html).not.toContain('/login');
    expect((await createClient(guestsOnly.app).get('/t/test-town/login')).status).toBe(404);

    const closed = await residentApp(blocks({ onlineRegistration: false }));
    expect((await createClient(closed.app).get('/t/test-town/register')).status).toBe(403);
    expect((await createClient(closed.app).get('/t/test-town/')).html).not.toContain('/register');
  });
});

describe('password reset by an emailed link', () => {
  it('mails a one-time link, sets the new password and logs out every browser', async () => {
    const { app, db } = await residentApp(blocks({}));
    const a = createClient(app);
    await register(a, { 'a.name': '中村', 'a.phone': '0312345678', 'a.email': 'naka@example.jp', 'a.loginId': 'naka', 'a.password': 'old-password', 'a.passwordConfirm': 'old-password' });
    const ask = async (identifier: string) => {
      const c = createClient(app);
      const page = await c.get('/t/test-town/password-reset');
      return c.post('/t/test-town/password-reset', { ...hiddenOf(page.html, '/password-reset'), identifier });
    };
    const unknown = await ask('nobody@example.jp');
    const known = await ask('naka');
    expect(known.status).toBe(200);
    expect(known.html).toContain('再設定用のURLをメールでお送りしました');
    expect(unknown.html.replace(/value="[^"]*"/g, '')).toBe(known.html.replace(/value="[^"]*"/g, '')); // same answer
    const out = (await sqlGet<{ secrets: string; body: string; rcpt: string }>(db, `SELECT secrets_json AS secrets, body_text AS body, recipient AS rcpt FROM notification_outbox WHERE event = 'member.password_reset'`))!;
    expect(out.rcpt).toBe('naka@example.jp');
    const url = Object.values(JSON.parse(out.secrets) as Record<string, string>)[0];
    expect(out.body).not.toContain(url); // the link is a secret of the outbox row
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/t\/test-town\/password-reset\/[A-Za-z0-9_-]{40,}$/);

    const b = createClient(app);
    const form = await b.get(path);
    expect(h1Of(form.html)).toBe('新しいパスワードを設定する');
    const mismatch = await b.post(path, { ...hiddenOf(form.html, path), password: 'new-password', passwordConfirm: 'other' });
    expect(mismatch.html).toContain('一致しません');
    const done = await b.post(path, { ...hiddenOf(form.html, path), password: 'new-password', passwordConfirm: 'new-password' });
    expect(done.html).toContain('パスワードを変更しました');
    expect((await a.get('/t/test-town/my')).status).toBe(303); // the old session ended
    expect((await login(createClient(app), 'naka', 'old-password')).status).toBe(401);
    expect((await login(createClient(app), 'naka', 'new-password')).status).toBe(303);
    expect((await b.get(path)).status).toBe(404); // once only
  });
});

describe('申込者チェック (guest email verification)', () => {
  it('holds the application until the emailed key is opened and confirmed, then books once', async () => {
    const sent: VerificationNotice[] = [];
    const { app, db } = await residentApp(blocks({ guestEmailVerification: true, registrationKeyDays: 3 }), {
      guestVerification: async (_tx, notice) => {
        sent.push(notice);
      },
    });
    const client = createClient(app);
    const form = await client.get(`${BOOK}${SLOT}`);
    const review = await client.post(BOOK, { ...hiddenOf(form.html, BOOK), 'a.name': '小林', 'a.email': 'koba@example.jp', action: 'next' });
    const held = await client.post(BOOK, { ...hiddenOf(review.html, BOOK), action: 'confirm' });
    expect(held.html).toContain('確認のメールを送信しました');
    expect(held.html).toContain('2026年12月4日（金） 09:00'); // 3 days (登録キー有効期間)
    // Held as a booking awaiting the check: no place taken, no access key yet.
    const heldRow = async () => (await sqlGet<{ st: string; holds: number; key: string | null }>(db, `SELECT status AS st, holds_capacity AS holds, access_key_hash AS key FROM bookings`));
    expect({ ...(await heldRow())!, holds: Boolean((await heldRow())!.holds) }).toEqual({ st: 'unverified', holds: false, key: null });
    expect((await sqlGet<{ n: number }>(db, `SELECT COALESCE(SUM(used), 0) AS n FROM slot_counters`))!.n).toBe(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ email: 'koba@example.jp', tenant: 'test-town' });

    const path = new URL(sent[0].url).pathname;
    const page = await client.get(path); // opening the link does not book (mail scanners open links)
    expect(h1Of(page.html)).toBe('申込の確定');
    expect((await heldRow())!.st).toBe('unverified');
    const done = await client.post(path, hiddenOf(page.html, path));
    expect(done.status).toBe(201);
    expect(textOf(done.html, 'receipt-no')).toBe('1');
    expect(textOf(done.html, 'access-key')).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect((await client.get(path)).html).toContain('すでに確定しています（受付番号 1）');
    expect((await sqlGet<{ n: number }>(db, `SELECT COUNT(*) AS n FROM bookings`))!.n).toBe(1);
    expect({ ...(await heldRow())!, holds: Boolean((await heldRow())!.holds) }).toMatchObject({ st: 'confirmed', holds: true });
    expect((await heldRow())!.key).not.toBeNull();
    expect((await sqlGet<{ n: number }>(db, `SELECT SUM(used) AS n FROM slot_counters`))!.n).toBe(1);
    expect((await sqlAll<{ f: string | null; t: string }>(db, `SELECT from_status AS f, to_status AS t FROM booking_history ORDER BY id`))).toEqual([
      { f: null, t: 'unverified' },
      { f: 'unverified', t: 'confirmed' },
    ]);
  });

  it('lets an unconfirmed application expire with its key: no place was taken, its answers are cleared, the link no longer works', async () => {
    const sent: VerificationNotice[] = [];
    const { app, db, clock } = await residentApp(blocks({ guestEmailVerification: true, registrationKeyDays: 3 }), {
      guestVerification: async (_tx, notice) => {
        sent.push(notice);
      },
    });
    const client = createClient(app);
    const form = await client.get(`${BOOK}${SLOT}`);
    const review = await client.post(BOOK, { ...hiddenOf(form.html, BOOK), 'a.name': '小林', 'a.email': 'koba@example.jp', action: 'next' });
    await client.post(BOOK, { ...hiddenOf(review.html, BOOK), action: 'confirm' });
    const path = new URL(sent[0].url).pathname;
    const page = await client.get(path);
    clock.advance(3 * 86_400_000 + 1);
    expect(await purgeExpiredResidentData(db, clock.now().getTime())).toMatchObject({ held: 1, tokens: 1 });
    expect((await sqlGet<{ st: string; a: string; e: string | null }>(db, `SELECT status AS st, answers_json AS a, email_key AS e FROM bookings`))).toEqual({ st: 'expired', a: '{}', e: null });
    const late = await client.post(path, hiddenOf(page.html, path));
    expect(late.html).toContain(messageFor('booking.verification_invalid', {}, 'ja'));
    expect((await sqlGet<{ n: number }>(db, `SELECT COALESCE(SUM(used), 0) AS n FROM slot_counters`))!.n).toBe(0);
  });

  it('refuses to hold an application when no sender is configured', async () => {
    const { app, db } = await residentApp(blocks({ guestEmailVerification: true }));
    const client = createClient(app);
    const form = await client.get(`${BOOK}${SLOT}`);
    const review = await client.post(BOOK, { ...hiddenOf(form.html, BOOK), 'a.name': '小林', 'a.email': 'koba@example.jp', action: 'next' });
    const res = await client.post(BOOK, { ...hiddenOf(review.html, BOOK), action: 'confirm' });
    expect(res.html).toContain('メールによる本人確認を送信できません');
    expect((await sqlGet<{ n: number }>(db, `SELECT COUNT(*) AS n FROM member_tokens`))!.n).toBe(0);
  });
});

describe('group members', () => {
  it('registers a group with its own labels and the representative', async () => {
    const { app, db } = await residentApp('demo');
    const client = createClient(app);
    const page = await client.get('/t/demo-city/register?kind=group');
    expect(page.html).toContain('団体名 <span class="badge badge-required">必須</span>');
    expect(page.html).toContain('代表者氏名');
    const done = await client.post('/t/demo-city/register', {
      ...hiddenOf(page.html, '/register'),
      'a.name': 'さくらバレー部', 'a.kana': 'さくらばれーぶ', 'a.representative': '高橋 一郎', 'a.phone': '0312345678', 'a.email': 'volley@example.jp',
      'a.loginId': 'volley', 'a.password': 'volley-2026', 'a.passwordConfirm': 'volley-2026', action: 'next',
    });
    expect(done.status).toBe(201);
    const row = (await sqlGet<{ kind: string; profile: string; kana: string }>(db, `SELECT kind, profile_json AS profile, name_kana AS kana FROM members`))!;
    expect(row.kind).toBe('group');
    expect(row.kana).toBe('サクラバレーブ');
    expect(JSON.parse(row.profile)).toEqual({ representative: '高橋 一郎' });
  });
});
