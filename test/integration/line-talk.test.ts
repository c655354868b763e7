// Booking in LINE talk (issue 20), against a local server standing in for the Messaging
// API's reply endpoint: a linked resident lists their bookings, cancels one after the
// confirmation, and the cancellation notice is addressed to their LINE; a redelivered
// event does nothing twice; a forged request is refused; someone not linked is told how.
import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeLine, type FakeLine } from '../helpers/line-server';
import { createAdminTestApp, type AdminTestApp } from './admin-helpers';
import { sqlAll, sqlGet } from '../../engine/db';

let line: FakeLine;
let t: AdminTestApp;
const SECRET = 'messaging-channel-secret';
const env: Record<string, string> = {};
const SUB = `U${'c3'.repeat(16)}`;
let n = 0;

beforeAll(async () => {
  line = await startFakeLine({ now: () => t.clock.now().getTime() });
  Object.assign(env, { LINE_CHANNEL_SECRET_DEMO_CITY: SECRET, LINE_CHANNEL_ACCESS_TOKEN_DEMO_CITY: 'token', LINE_API_BASE: line.base, PUBLIC_BASE_URL: 'https://yoyaku.example.jp' });
});
afterAll(() => line.close());
beforeEach(async () => {
  t = await createAdminTestApp({ env });
  line.replies.length = 0;
});

async function send(events: Record<string, unknown>[], secret = SECRET) {
  const body = JSON.stringify({ destination: 'Uxxxxxxxx', events });
  const signature = createHmac('sha256', secret).update(body).digest('base64');
  const res = await t.app.request('/api/t/demo-city/line/webhook', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'x-line-signature': signature }, body });
  return res.status;
}
const event = (type: string, extra: Record<string, unknown>, user = SUB) => ({ type, webhookEventId: `01H${String(++n).padStart(23, '0')}`, replyToken: `rt-${n}`, timestamp: t.clock.now().getTime(), mode: 'active', source: { type: 'user', userId: user }, deliveryContext: { isRedelivery: false }, ...extra });
const said = (text: string, user = SUB) => event('message', { message: { type: 'text', id: String(n), text } }, user);
const pressed = (data: string) => event('postback', { postback: { data } });
const lastReply = () => line.replies.at(-1)!;

describe('LINE talk', () => {
  it('lists the upcoming bookings, cancels one after the confirmation, and tells the member by LINE', async () => {
    const m = await t.addMember({ name: '佐藤 花子', phone: '09011112222', lineUserId: SUB });
    const b = await t.residentBook({ start: '2026-12-04T10:00:00+09:00', answers: { name: '佐藤 花子', phone: '09011112222', jukiCard: 'なし' }, memberId: m.id });
    expect(await send([said('予約確認')])).toBe(200);
    const list = lastReply();
    expect(list.replyToken).toBe(`rt-${n}`);
    const first = list.messages[0] as { text: string; quickReply: { items: { action: { data: string } }[] } };
    expect(first.text).toContain(`受付番号 ${b.receiptNo}`);
    expect(first.text).toContain('2026年12月4日');
    expect(first.quickReply.items[0].action.data).toBe(`action=cancel&r=${b.receiptNo}`);

    await send([pressed(`action=cancel&r=${b.receiptNo}`)]);
    expect(lastReply().messages[0]).toMatchObject({ type: 'template', template: { type: 'confirm' } });
    expect((await sqlGet<{ s: string }>(t.db, `SELECT status AS s FROM bookings WHERE receipt_no = ?`, [b.receiptNo]))!.s).toBe('confirmed'); // asked, not yet done

    const yes = pressed(`action=cancel-yes&r=${b.receiptNo}`);
    await send([yes]);
    expect((lastReply().messages[0] as { text: string }).text).toContain('を取り消しました');
    expect((await sqlGet<{ s: string }>(t.db, `SELECT status AS s FROM bookings WHERE receipt_no = ?`, [b.receiptNo]))!.s).toBe('cancelled');
    const notice = (await sqlAll<{ channel: string; recipient: string }>(t.db, `SELECT channel, recipient FROM notification_outbox WHERE event = 'booking.cancelled'`));
    expect(notice).toEqual(expect.arrayContaining([{ channel: 'line', recipient: SUB }]));

    // LINE delivers the same event again: nothing happens twice, no second answer.
    const replies = line.replies.length;
    expect(await send([yes])).toBe(200);
    expect(line.replies.length).toBe(replies);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'booking.cancelled'`))!.n).toBe(1);
  });

  it('refuses a request not signed with the channel secret, and answers someone not linked with how to link', async () => {
    expect(await send([said('予約確認')], 'another-secret')).toBe(401);
    expect(line.replies).toHaveLength(0);
    await send([said('予約確認', `U${'d4'.repeat(16)}`)]);
    expect((lastReply().messages[0] as { text: string }).text).toContain('https://yoyaku.example.jp/t/demo-city/line/login');
  });

  it('cannot cancel another member’s booking by naming its receipt number', async () => {
    await t.addMember({ name: '佐藤 花子', phone: '09011112222', lineUserId: SUB });
    const other = await t.addMember({ name: '他人', phone: '09099998888' });
    const b = await t.residentBook({ start: '2026-12-04T10:30:00+09:00', answers: { name: '他人', phone: '09099998888', jukiCard: 'なし' }, memberId: other.id });
    await send([pressed(`action=cancel-yes&r=${b.receiptNo}`)]);
    expect((lastReply().messages[0] as { text: string }).text).toContain('見つからない');
    expect((await sqlGet<{ s: string }>(t.db, `SELECT status AS s FROM bookings WHERE receipt_no = ?`, [b.receiptNo]))!.s).toBe('confirmed');
  });
});
