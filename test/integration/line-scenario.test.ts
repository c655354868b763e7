// Issue 20, the LINE story end to end (seeds 003, 004): a resident registers, links LINE
// through LINE Login, books a studio whose door has a SwitchBot keypad, gets the reminder
// and then the passcode pushed to LINE, cancels in the LINE talk, and the passcode is
// deleted from the keypad and the cancellation pushed to LINE. Everything goes through the
// real routes, jobs, notifier and adapters, against local servers standing in for LINE
// (Login, reply and push) and SwitchBot; the clock is fixed and every job run is explicit.
import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { runDueJobs } from '../../engine/jobs/scheduler';
import { createChannelsFromEnv } from '../../engine/notify/channels';
import { createNotifier } from '../../engine/notify/worker';
import { startFakeLine, type FakeLine } from '../helpers/line-server';
import { startFakeSwitchBot, type FakeSwitchBot } from '../helpers/switchbot-server';
import { createTestApp, silentLogger } from '../helpers/test-app';
import { createClient, hiddenOf } from './resident-client';
import { sqlAll, sqlGet } from '../../engine/db';

const SUB = `U${'e5'.repeat(16)}`;
const SECRET = 'messaging-channel-secret';
const START = '2026-12-03T10:00:00+09:00'; // Thu 10:00–11:00 JST

const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町', municipality: { name: 'テスト町', phone: '03-0000-0000' } },
  { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }, { id: 'email', type: 'email', label: 'メール' }] },
  {
    kind: 'calendar', id: 'rooms', title: '部屋', resources: [{ id: 'studio', title: '音楽スタジオ' }], slotMinutes: 60, capacity: 1,
    weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '09:00', close: '17:00' }],
  },
  { kind: 'service', id: 'studio', title: '貸しスタジオ', form: 'f', calendar: 'rooms' },
  { kind: 'lock', id: 'studio-lock', service: 'studio', devices: [{ resource: 'studio', deviceId: 'KEYPAD-STUDIO', title: 'スタジオ入口' }], noticeMinutes: 60 },
  {
    kind: 'notification', id: 'n', title: '通知',
    messages: [
      { id: 'confirmed', event: 'booking.confirmed', channels: ['line', 'email'], subject: '予約を受け付けました', body: '受付番号 {{booking.receiptNo}} {{booking.datetime}} {{booking.resourceTitle}}' },
      { id: 'day-before', event: 'booking.reminder', channels: ['line', 'email'], before: { days: 1, at: '09:00' }, subject: '明日のご予約', body: '受付番号 {{booking.receiptNo}} {{booking.datetime}} {{booking.resourceTitle}}' },
      { id: 'code', event: 'lock.passcode', channels: ['line', 'email'], subject: '暗証番号のお知らせ（受付番号 {{booking.receiptNo}}）', body: '{{lock.place}} の暗証番号は {{lock.passcode}} です。{{lock.validFrom}} から {{lock.validUntil}} まで使えます。' },
      { id: 'cancelled', event: 'booking.cancelled', channels: ['line', 'email'], subject: '予約の取消', body: '受付番号 {{booking.receiptNo}} を取り消しました。' },
    ],
  },
];

let line: FakeLine;
let bot: FakeSwitchBot;
let t: Awaited<ReturnType<typeof createTestApp>>;
const env: Record<string, string> = {};

beforeAll(async () => {
  line = await startFakeLine({ now: () => t.clock.now().getTime() });
  bot = await startFakeSwitchBot();
  Object.assign(env, {
    PUBLIC_BASE_URL: 'https://yoyaku.example.jp',
    LINE_LOGIN_CHANNEL_ID_TEST_TOWN: line.channelId,
    LINE_LOGIN_CHANNEL_SECRET_TEST_TOWN: line.channelSecret,
    LINE_LOGIN_BASE: line.base,
    LINE_API_BASE: line.base,
    LINE_CHANNEL_SECRET_TEST_TOWN: SECRET,
    LINE_CHANNEL_ACCESS_TOKEN_TEST_TOWN: 'town-messaging-token', // the tenant's own channel, for the talk and the pushes
    SWITCHBOT_TOKEN_TEST_TOWN: bot.token,
    SWITCHBOT_SECRET_TEST_TOWN: bot.secret,
    SWITCHBOT_BASE_URL: bot.baseUrl,
  });
  t = await createTestApp(blocks, { now: '2026-12-01T00:00:00Z', env }); // Tue 09:00 JST
});
afterAll(async () => {
  await line.close();
  await bot.close();
});

/** The scheduler at an instant (each run at its own minute, as the scheduler claims one run per due time). */
const jobsAt = async (iso: string) => {
  t.clock.set(iso);
  return runDueJobs({ db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger, env }, registry);
};
/** The notification worker at the clock's instant, with the channels main.ts would make from this environment. */
const notifier = () => createNotifier({ db: t.db, clock: t.clock, channels: createChannelsFromEnv(env).channels, logger: silentLogger });
const pushedSince = (n: number) => line.pushes.slice(n).map((p) => ({ to: p.to, text: p.messages.map((m) => m.text).join('\n') }));

let n = 0;
async function talk(ev: Record<string, unknown>) {
  const body = JSON.stringify({ destination: 'Ubot', events: [{ webhookEventId: `01J${String(++n).padStart(23, '0')}`, replyToken: `rt-${n}`, timestamp: t.clock.now().getTime(), mode: 'active', source: { type: 'user', userId: SUB }, deliveryContext: { isRedelivery: false }, ...ev }] });
  const res = await t.app.request('/api/t/test-town/line/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-line-signature': createHmac('sha256', SECRET).update(body).digest('base64') },
    body,
  });
  expect(res.status).toBe(200);
  const r = line.replies.at(-1)!;
  expect(r.replyToken).toBe(`rt-${n}`);
  return r.messages as Record<string, any>[];
}
const bookingRow = async (receiptNo: string) =>
  sqlGet<{ status: string; memberId: string | null }>(t.db, 'SELECT status, member_id AS "memberId" FROM bookings WHERE receipt_no = ?', [receiptNo]);

describe('a LINE-linked resident, from booking to a cancelled passcode', () => {
  it('books, gets the reminder and the passcode in LINE, cancels in the talk, and the passcode is revoked', async () => {
    // 1. Registers, then links LINE through LINE Login (state, nonce, PKCE against the fake LINE).
    const resident = createClient(t.app);
    const reg = await resident.get('/t/test-town/register');
    const registered = await resident.post('/t/test-town/register', {
      ...hiddenOf(reg.html, '/register'),
      'a.name': '鍵山 花子', 'a.phone': '0312345678', 'a.email': 'hanako@example.jp', 'a.loginId': 'kagiyama', 'a.password': 'studio-pass-1', 'a.passwordConfirm': 'studio-pass-1', action: 'next',
    });
    expect(registered.status).toBe(201);
    const start = await resident.get('/t/test-town/line/login?next=/my');
    expect(start.status).toBe(302);
    const callback = line.authorize(start.headers.get('location')!, { sub: SUB, name: '鍵山 花子' });
    const linked = await resident.get(callback);
    expect(linked.status).toBe(303);
    expect(linked.headers.get('location')).toBe('/t/test-town/my/profile?line=linked');
    const member = (await sqlGet<{ id: string; line: string }>(t.db, `SELECT id, line_user_id AS line FROM members WHERE login_id = 'kagiyama'`))!;
    expect(member.line).toBe(SUB);

    // 2. Books the studio on the resident pages, logged in: the booking is the member's.
    const BOOK = '/t/test-town/s/studio/book';
    const form = await resident.get(`${BOOK}?resource=studio&start=${encodeURIComponent(START)}`);
    expect(form.status).toBe(200);
    const review = await resident.post(BOOK, { ...hiddenOf(form.html, BOOK), 'a.name': '鍵山 花子', 'a.email': 'hanako@example.jp', action: 'next' });
    const done = await resident.post(BOOK, { ...hiddenOf(review.html, BOOK), action: 'confirm' });
    expect(done.status).toBe(200);
    const receiptNo = (await sqlGet<{ r: string }>(t.db, 'SELECT receipt_no AS r FROM bookings'))!.r;
    expect(done.html).toContain(receiptNo);
    expect(await bookingRow(receiptNo)).toEqual({ status: 'confirmed', memberId: member.id });

    // The confirmation goes to LINE, not to the email address (the channel order puts LINE first).
    await notifier().runOnce();
    expect(pushedSince(0)).toEqual([{ to: SUB, text: expect.stringContaining(`受付番号 ${receiptNo}`) }]);
    expect(line.pushes.map((p) => p.authorization)).toEqual(['Bearer town-messaging-token']);

    // The lock job plans the passcode and registers it on the keypad now, valid from the notice time (09:00) to the end (11:00).
    expect(await jobsAt('2026-12-01T00:01:00Z')).toContain('lock/passcodes'); // createKey
    await jobsAt('2026-12-01T00:02:00Z'); // seen in the keypad's key list
    expect(bot.keys).toHaveLength(1);
    const key = bot.keys[0];
    expect(key.deviceId).toBe('KEYPAD-STUDIO');
    expect(key.password).toMatch(/^\d{6}$/);
    expect([key.startTime * 1000, key.endTime * 1000]).toEqual([Date.parse('2026-12-03T09:00:00+09:00'), Date.parse('2026-12-03T11:00:00+09:00')]);
    expect(bot.badSignatures).toBe(0);
    await notifier().runOnce();
    expect(line.pushes).toHaveLength(1); // no passcode before its notice time

    // 3. The day before at 09:00: the reminder is pushed to the member's LINE.
    let seen = line.pushes.length;
    await jobsAt('2026-12-02T00:00:00Z');
    await notifier().runOnce();
    const reminder = pushedSince(seen);
    expect(reminder).toEqual([{ to: SUB, text: expect.stringContaining('明日のご予約') }]);
    expect(reminder[0].text).toContain(`受付番号 ${receiptNo}`);
    expect(reminder[0].text).toContain('2026年12月3日');
    expect(reminder[0].text).toContain('音楽スタジオ');

    // 4. One hour before: the passcode that is on the keypad is pushed to LINE, once.
    seen = line.pushes.length;
    await jobsAt('2026-12-03T00:00:00Z');
    await notifier().runOnce();
    await jobsAt('2026-12-03T00:01:00Z');
    await notifier().runOnce();
    const code = pushedSince(seen);
    expect(code).toHaveLength(1);
    expect(code[0].to).toBe(SUB);
    expect(code[0].text).toContain(`暗証番号のお知らせ（受付番号 ${receiptNo}）`);
    expect(code[0].text).toContain(`スタジオ入口 の暗証番号は ${key.password} です。`);
    const stored = (await sqlGet<{ body: string; channel: string }>(t.db, `SELECT body_text AS body, channel FROM notification_outbox WHERE event = 'lock.passcode'`))!;
    expect(stored.channel).toBe('line');
    expect(stored.body).not.toContain(key.password); // the outbox keeps a placeholder, the push carries the passcode

    // 5. In the LINE talk (09:10): asks for the bookings, sees the passcode, presses 取消, then confirms.
    t.clock.set('2026-12-03T00:10:00Z');
    const list = await talk({ type: 'message', message: { type: 'text', id: 'm1', text: '予約確認' } });
    expect(list[0].text).toContain(`受付番号 ${receiptNo}`);
    expect(list[0].text).toContain(`暗証番号 ${key.password}`);
    const cancelData = list[0].quickReply.items[0].action.data as string;
    expect(cancelData).toBe(`action=cancel&r=${receiptNo}`);
    const ask = await talk({ type: 'postback', postback: { data: cancelData } });
    expect(ask[0]).toMatchObject({ type: 'template', template: { type: 'confirm' } });
    expect(ask[0].template.text).toContain('取り消しますか');
    const yes = ask[0].template.actions.find((a: { label: string }) => a.label === '取り消す').data as string;
    expect((await bookingRow(receiptNo))?.status).toBe('confirmed'); // asked, not yet done
    const answer = await talk({ type: 'postback', postback: { data: yes } });
    expect(answer[0].text).toContain('を取り消しました');
    expect((await bookingRow(receiptNo))?.status).toBe('cancelled');
    const cancelled = (await sqlGet<{ actor: string; id: string }>(t.db, `SELECT actor_type AS actor, actor_id AS id FROM audit_log WHERE action = 'booking.cancelled' AND target_id = ?`, [receiptNo]))!;
    expect(cancelled).toEqual({ actor: 'member', id: member.id });

    // 6. The next job run deletes the key from the keypad; the worker pushes the cancellation to LINE.
    seen = line.pushes.length;
    await jobsAt('2026-12-03T00:11:00Z');
    expect(bot.keys).toEqual([]);
    expect(bot.calls.map((c) => `${c.deviceId} ${c.command}`)).toEqual(['KEYPAD-STUDIO createKey', 'KEYPAD-STUDIO deleteKey']);
    const states = await sqlAll<{ state: string }>(t.db, 'SELECT state FROM lock_passcodes');
    expect(states).toEqual([{ state: 'revoked' }]);
    await notifier().runOnce();
    expect(pushedSince(seen)).toEqual([{ to: SUB, text: expect.stringContaining(`受付番号 ${receiptNo} を取り消しました。`) }]);
    const lockLog = (await sqlAll<{ action: string }>(t.db, `SELECT action FROM audit_log WHERE target_id = ? AND action LIKE 'lock.%' ORDER BY id`, [receiptNo])).map((a) => a.action);
    expect(lockLog).toEqual(['lock.planned', 'lock.requested', 'lock.registered', 'lock.sent', 'lock.viewed', 'lock.revoking', 'lock.revoked']);
    // Nothing was held or failed on the way: every message of this booking went out by LINE.
    const outbox = await sqlAll<{ event: string; channel: string; status: string }>(t.db, 'SELECT event, channel, status FROM notification_outbox ORDER BY id');
    expect(outbox).toEqual([
      { event: 'booking.confirmed', channel: 'line', status: 'sent' },
      { event: 'booking.reminder', channel: 'line', status: 'sent' },
      { event: 'lock.passcode', channel: 'line', status: 'sent' },
      { event: 'booking.cancelled', channel: 'line', status: 'sent' },
    ]);
  });
});
