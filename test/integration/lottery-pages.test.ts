// The lottery's resident pages posted as a browser without JavaScript would:
// choices (第1希望, 第2希望) → the service's form → review → 抽選申込番号 and key;
// the entry page before and after the draw (当選, 当選確定), withdrawal, and the
// published result with the seed and how to verify it.
import { describe, expect, it } from 'vitest';
import { drawLottery } from '../../blocks/lottery/store';
import { ADMITTED, statusLabel } from '../../engine/booking/status';
import { committed, sqlAll } from '../../engine/db';
import { createClient, hiddenOf, residentApp, textOf } from './resident-client';

const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  {
    kind: 'form', id: 'f', title: '申込',
    fields: [
      { id: 'name', type: 'text', label: '氏名', required: true },
      { id: 'email', type: 'email', label: 'メール', required: true },
    ],
  },
  {
    kind: 'calendar', id: 'courts', title: '体育館',
    resources: [{ id: 'a', title: 'A面' }, { id: 'b', title: 'B面' }],
    slotMinutes: 120, capacity: 1, weekly: [{ days: ['sat', 'sun'], open: '09:00', close: '13:00' }],
    bookingWindow: { opensDaysBefore: 90 },
  },
  { kind: 'service', id: 'gym', title: '体育館', form: 'f', calendar: 'courts' },
  {
    kind: 'lottery', id: 'jan', title: '1月抽選', service: 'gym',
    slots: { from: '2027-01-01', to: '2027-01-31' },
    applicationWindow: { opens: '2026-12-01T09:00:00+09:00', closes: '2026-12-10T17:00:00+09:00' },
    drawAt: '2026-12-11T09:00:00+09:00',
    maxChoices: 3, maxEntriesPerPerson: 2, maxWinsPerPerson: 1, confirmWithinHours: 72,
  },
];
const BASE = '/t/test-town/lottery/jan';

async function apply(client: ReturnType<typeof createClient>, choices: [string, string, string][], answers: Record<string, string>) {
  const q = new URLSearchParams(choices.flatMap(([d, t, r], i) => [[`d${i + 1}`, d], [`t${i + 1}`, t], [`r${i + 1}`, r]]));
  const form = await client.get(`${BASE}/apply/form?${q}`);
  expect(form.status).toBe(200);
  const review = await client.post(`${BASE}/apply/form`, { ...hiddenOf(form.html, '/apply/form'), ...answers, action: 'next' });
  expect(review.status).toBe(200);
  const done = await client.post(`${BASE}/apply/form`, { ...hiddenOf(review.html, '/apply/form'), action: 'confirm' });
  // Post/Redirect/Get: the completion page is a GET of a saved screen.
  expect(done.redirectedTo).toMatch(/\/apply\/form\?s=/);
  return done;
}

describe('lottery resident pages', () => {
  it('applies with two ranked choices, shows the entry, and after the draw 当選 with 当選確定', async () => {
    const { app, db, clock, published } = await residentApp(blocks, { now: '2026-12-02T00:00:00Z' });
    const client = createClient(app);
    const overview = await client.get(BASE);
    expect(overview.status).toBe(200);
    expect(textOf(overview.html, 'lottery-status')).toBe('申込受付中');
    expect(overview.html).toMatch(/id="seed-hash"[^>]*>[0-9a-f]{64}</);
    // From the grid cell: the slot is 第1希望 already.
    const choices = await client.get(`${BASE}/apply?resource=a&start=2027-01-02T09%3A00%3A00%2B09%3A00`);
    expect(choices.html).toContain('第1希望');
    expect(choices.html).toContain('第3希望');
    expect(choices.html).toMatch(/<option value="2027-01-02" selected/);

    // Someone else takes the first choice (and loses nothing: one place, one winner).
    const other = createClient(app);
    expect((await apply(other, [['2027-01-02', '09:00', 'a']], { 'a.name': '乙', 'a.email': 'b@example.jp' })).status).toBe(200);

    const done = await apply(client, [['2027-01-02', '09:00', 'a'], ['2027-01-03', '11:00', 'b']], { 'a.name': '甲', 'a.email': 'a@example.jp' });
    expect(done.status).toBe(200);
    const entryNo = textOf(done.html, 'entry-no');
    const key = textOf(done.html, 'access-key');
    expect(entryNo).toBe('2');
    expect(key).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    expect(done.html).toContain('第2希望');

    const lookup = await client.get(`${BASE}/entry`);
    const shown = await client.post(`${BASE}/entry`, { ...hiddenOf(lookup.html, '/entry'), entryNo, accessKey: key.toLowerCase(), action: 'show' });
    expect(shown.status).toBe(200);
    expect(textOf(shown.html, 'entry-status')).toBe('申込中（抽選前）');
    expect(shown.html).toContain('id="withdraw"');

    clock.set('2026-12-11T00:00:00Z');
    // Whatever the seed, entry 2 wins: 第1希望 if it ranks before entry 1, else its 第2希望.
    await committed(db, () => drawLottery({ db, clock }, { published: published[0]!, lotteryId: 'jan', actor: { type: 'system' } }));
    const after = await client.post(`${BASE}/entry`, { ...hiddenOf(lookup.html, '/entry'), entryNo, accessKey: key, action: 'show' });
    expect(textOf(after.html, 'entry-status')).toBe('当選');
    expect(after.html).toContain('id="won-choice"');
    expect(after.html).toContain('id="confirm-by"');
    expect(after.html).not.toContain('id="withdraw"');
    const confirmed = await client.post(`${BASE}/entry`, { ...hiddenOf(after.html, '/entry', 'confirm'), action: 'confirm' });
    expect(confirmed.status).toBe(200);
    expect(textOf(confirmed.html, 'done-note')).toContain('当選を確定しました');
    expect(textOf(confirmed.html, 'booking-status')).toBe(statusLabel(ADMITTED, 'ja'));
    expect(confirmed.html).not.toContain('id="confirm-win"');
    // The entry's access key opens the booking its win became (to check or cancel it like any booking).
    const receiptNo = textOf(confirmed.html, 'receipt-no');
    const booking = await app.request(`/api/t/test-town/reservations/${receiptNo}`, { headers: { 'x-access-key': key } });
    expect(booking.status).toBe(200);

    const result = await client.get(`${BASE}/result`);
    expect(result.status).toBe(200);
    expect(result.html).toMatch(/id="seed"[^>]*>[0-9a-f]{64}</);
    expect(result.html).toContain('npm run lottery:verify');
    expect(result.html).not.toContain('example.jp');
    expect(result.html).not.toContain('甲');
  });

  it('申込 posted twice from the same screen makes one entry; reloading the completion page changes nothing', async () => {
    const { app, db } = await residentApp(blocks, { now: '2026-12-02T00:00:00Z' });
    const client = createClient(app);
    const form = await client.get(`${BASE}/apply/form?d1=2027-01-02&t1=09:00&r1=a`);
    const review = await client.post(`${BASE}/apply/form`, { ...hiddenOf(form.html, '/apply/form'), 'a.name': '甲', 'a.email': 'a@example.jp', action: 'next' });
    const confirm = { ...hiddenOf(review.html, '/apply/form'), action: 'confirm' };
    const first = await client.post(`${BASE}/apply/form`, confirm);
    const again = await client.post(`${BASE}/apply/form`, confirm);
    expect(textOf(again.html, 'entry-no')).toBe(textOf(first.html, 'entry-no'));
    expect(textOf(again.html, 'access-key')).toBe(textOf(first.html, 'access-key'));
    const reload = await client.get(first.redirectedTo!);
    expect(textOf(reload.html, 'entry-no')).toBe('1');
    expect(await sqlAll(db, `SELECT entry_no FROM lottery_entries`)).toHaveLength(1);
    // Another browser cannot open the saved page.
    expect((await createClient(app).get(first.redirectedTo!)).html).not.toContain('id="access-key"');
  });

  it('refuses a bad choice on the choices screen and withdraws with a confirmation step', async () => {
    const { app } = await residentApp(blocks, { now: '2026-12-02T00:00:00Z' });
    const client = createClient(app);
    // Monday is no slot of the lottery; the same slot twice is refused at 第2希望.
    const bad = await client.get(`${BASE}/apply/form?d1=2027-01-04&t1=09:00&r1=a&d2=2027-01-02&t2=09:00&r2=a&d3=2027-01-02&t3=09:00&r3=a`);
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('第1希望: この枠は抽選の対象ではありません。');
    expect(bad.html).toContain('第3希望: 同じ枠を2回希望しています。');
    const partial = await client.get(`${BASE}/apply/form?d1=2027-01-02&t1=&r1=a`);
    expect(partial.status).toBe(422);
    expect(partial.html).toContain('利用日・開始時刻・場所をすべて選んでください。');

    const done = await apply(client, [['2027-01-02', '09:00', 'a']], { 'a.name': '甲', 'a.email': 'a@example.jp' });
    const entryNo = textOf(done.html, 'entry-no');
    const accessKey = textOf(done.html, 'access-key');
    const lookup = await client.get(`${BASE}/entry`);
    const shown = await client.post(`${BASE}/entry`, { ...hiddenOf(lookup.html, '/entry'), entryNo, accessKey, action: 'show' });
    const ask = await client.post(`${BASE}/entry`, { ...hiddenOf(shown.html, '/entry', 'withdraw'), action: 'withdraw-ask' });
    expect(ask.html).toContain('id="withdraw-confirm"');
    const gone = await client.post(`${BASE}/entry`, { ...hiddenOf(ask.html, '/entry'), action: 'withdraw' });
    expect(textOf(gone.html, 'entry-status')).toBe('取下げ済み');
    // A wrong key is one answer for "no such entry" and "wrong key".
    const wrong = await client.post(`${BASE}/entry`, { ...hiddenOf(lookup.html, '/entry'), entryNo, accessKey: 'AAAAA-AAAAA-AAAAA', action: 'show' });
    expect(wrong.status).toBe(404);
    expect(wrong.html).toContain('抽選申込が見つからないか、アクセスキーが違います。');
  });

  it('speaks English with ?lang=en, and errors are pages', async () => {
    const { app } = await residentApp(blocks, { now: '2026-12-02T00:00:00Z' });
    const page = await createClient(app).get(`${BASE}/apply?lang=en`);
    expect(page.html).toContain('Choice 1');
    expect(page.html).toContain('<html lang="en"');
    // Before the window: the choices page says when entries are taken.
    const early = await residentApp(blocks, { now: '2026-11-20T00:00:00Z' });
    const notYet = await createClient(early.app).get(`${BASE}/apply`);
    expect(notYet.status).toBe(409);
    expect(notYet.html).toContain('抽選の申込期間外です（2026年12月1日（火） 09:00〜2026年12月10日（木） 17:00）。');
    const missing = await createClient(app).get('/t/test-town/lottery/nope');
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('抽選「nope」は見つかりません。');
    expect(missing.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('a member applies without a key, opens the entry from 申し込み一覧 and from the lottery page', async () => {
    const withMembers = [{ ...blocks[0], modes: { loginId: 'login-id' } }, ...blocks.slice(1)];
    const { app } = await residentApp(withMembers, { now: '2026-12-02T00:00:00Z' });
    const client = createClient(app);
    const reg = await client.get('/t/test-town/register');
    const registered = await client.post('/t/test-town/register', { ...hiddenOf(reg.html, '/register'), 'a.name': '会員 一郎', 'a.phone': '0312345678', 'a.loginId': 'kaiin01', 'a.password': 'correct-horse', 'a.passwordConfirm': 'correct-horse', action: 'next' });
    expect(registered.status).toBe(201);
    const done = await apply(client, [['2027-01-09', '09:00', 'b']], { 'a.name': '会員 一郎', 'a.email': 'kaiin@example.jp' });
    expect(done.status).toBe(200);
    expect(done.html).not.toContain('id="access-key"');
    const my = await client.get('/t/test-town/my');
    expect(my.html).toContain('id="member-links"');
    expect(my.html).toContain('1月抽選 抽選申込番号 1');
    const entry = await client.get(`${BASE}/entry?no=1`);
    expect(textOf(entry.html, 'entry-status')).toBe('申込中（抽選前）');
    const overview = await client.get(BASE);
    expect(overview.html).toContain('申込番号 1');
  });
});
