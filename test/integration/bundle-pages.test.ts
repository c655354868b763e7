// 複数枠の一括予約 through the resident pages, as a browser without JavaScript posts
// them: choose three slots on the gym's grid (links only) → 入力 → 確認 → 完了 (one
// receipt number and key, each slot) → 予約確認 shows the bundle → cancel one slot →
// cancel all; a slot taken meanwhile is named on the error page.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { startSession } from '../../engine/auth/member-session';
import { createAdminTestApp, type AdminTestApp } from './admin-helpers';
import { feeTownBlocks } from './fixtures/fee-town';
import { createClient, h1Of, hiddenOf, residentApp, textOf } from './resident-client';
import { sqlAll } from '../../engine/db';

const at = (hhmm: string, day = '2026-12-08') => `${day}T${hhmm}:00+09:00`;
const fields = { 'a.name': '朝日 太郎', 'a.phone': '09012345678', 'a.people': '8', 'a.purpose': 'volleyball' };
const decode = (s: string) => s.replace(/&amp;/g, '&');
/** The href of the first link whose text (tags stripped) contains `text`. */
function linkOf(html: string, text: string): string {
  for (const m of html.matchAll(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)) if (m[2].replace(/<[^>]+>/g, '').includes(text)) return decode(m[1]);
  throw new Error(`no link with "${text}"`);
}
const statuses = async (t: AdminTestApp) => (await sqlAll<{ s: string }>(t.db, `SELECT status AS s FROM bookings WHERE service_id = 'gym' ORDER BY id`)).map((x) => x.s);

let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});

/** Chooses the slots on the grid (from=2026-12-08) by following the cells' links, then 「この枠で申し込む」. */
async function choose(client: ReturnType<typeof createClient>, starts: string[]) {
  let page = await client.get('/t/demo-city/s/gym?resource=court-a&from=2026-12-08');
  expect(page.html).toContain('複数の枠をまとめて申し込む（1回に3枠まで）');
  page = await client.get(linkOf(page.html, '複数の枠をまとめて申し込む'));
  expect(page.html).toContain('選んだ枠（0/3）');
  for (const [i, start] of starts.entries()) {
    const href = [...page.html.matchAll(/<a class="cell" href="([^"]*)"/g)].map((m) => decode(m[1])).find((h) => h.endsWith(encodeURIComponent(`court-a|${start}`)));
    expect(href, start).toBeDefined();
    page = await client.get(href!);
    expect(page.html).toContain(`選んだ枠（${i + 1}/3）`);
  }
  return page;
}

async function bookThree(client: ReturnType<typeof createClient>) {
  const chosen = await choose(client, [at('09:00'), at('11:00'), at('13:00')]);
  expect(chosen.html).toContain('3枠まで選びました');
  const q = [...chosen.html.matchAll(/<input type="hidden" name="pick" value="([^"]*)"/g)].map((m) => `pick=${encodeURIComponent(decode(m[1]))}`).join('&');
  const form = await client.get(`/t/demo-city/s/gym/bundle?${q}`);
  expect(form.status).toBe(200);
  expect(form.html).toContain('1番目の枠');
  expect(form.html).toContain('2026年12月8日（火） 13:00〜15:00 A面');
  const review = await client.post('/t/demo-city/s/gym/bundle', { ...hiddenOf(form.html, '/s/gym/bundle'), ...fields, action: 'next' });
  expect(review.redirectedTo).toMatch(/\/s\/gym\/bundle\?s=/);
  expect(h1Of(review.html)).toContain('確認');
  for (const s of ['09:00〜11:00', '11:00〜13:00', '13:00〜15:00']) expect(review.html).toContain(`2026年12月8日（火） ${s} A面`);
  return { review, done: () => client.post('/t/demo-city/s/gym/bundle', { ...hiddenOf(review.html, '/s/gym/bundle', 'confirm'), action: 'confirm' }) };
}

describe('several slots in one booking on the pages', () => {
  it('choose 3 → confirm → done → lookup → cancel one → cancel all', async () => {
    const client = createClient(t.app);
    const { done: submit } = await bookThree(client);
    const done = await submit();
    expect(done.status).toBe(200);
    const receiptNo = textOf(done.html, 'receipt-no');
    const key = textOf(done.html, 'access-key');
    expect(receiptNo).not.toBe('');
    expect(key).not.toBe('');
    expect(done.html.match(/番目の枠/g)).toHaveLength(3);
    const rows = (await sqlAll<{ r: string; b: string }>(t.db, `SELECT receipt_no AS r, bundle_no AS b FROM bookings ORDER BY id`));
    expect(rows.map((x) => x.b)).toEqual([receiptNo, receiptNo, receiptNo]);
    // Reloading 完了 books nothing more.
    expect((await client.get(done.redirectedTo!)).html).toContain(receiptNo);
    expect(rows).toHaveLength((await sqlAll(t.db, `SELECT id FROM bookings`)).length);

    // 予約確認 by the bundle's number and key: every slot with its state.
    const lookupForm = await client.get('/t/demo-city/lookup');
    const details = await client.post('/t/demo-city/lookup', { ...hiddenOf(lookupForm.html, '/lookup'), receiptNo, accessKey: key });
    expect(details.status).toBe(200);
    expect(details.html).toContain('同じ申し込みの枠');
    expect(details.html.match(/この枠だけ取り消す/g)).toHaveLength(3);

    // この枠だけ取り消す (the second slot) → its confirmation → 取消.
    const second = rows[1].r;
    const ask = await client.post('/t/demo-city/r/cancel', hiddenOf(details.html, '/r/cancel', `value="${second}"`));
    expect(ask.html).toContain('2026年12月8日（火） 11:00〜13:00');
    const cancelled = await client.post('/t/demo-city/r/cancel', hiddenOf(ask.html, '/r/cancel', 'confirm'));
    expect(cancelled.html).toContain('予約を取り消しました');
    expect(await statuses(t)).toEqual(['confirmed', 'cancelled', 'confirmed']);

    // すべての枠を取り消す → the confirmation lists the two left → both cancelled together.
    const again = await client.post('/t/demo-city/lookup', { ...hiddenOf(lookupForm.html, '/lookup'), receiptNo, accessKey: key });
    expect(again.html).toContain('取消済');
    const askAll = await client.post('/t/demo-city/r/cancel', hiddenOf(again.html, '/r/cancel', 'name="all"'));
    expect(askAll.html).toContain('次の枠をすべて取り消します');
    expect(askAll.html).toContain('09:00〜11:00');
    expect(askAll.html).toContain('13:00〜15:00');
    const all = await client.post('/t/demo-city/r/cancel', hiddenOf(askAll.html, '/r/cancel', 'confirm'));
    expect(all.html).toContain('すべての枠の予約を取り消しました');
    expect(await statuses(t)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('a slot taken meanwhile books nothing and is named, with the way back keeping the others', async () => {
    const client = createClient(t.app);
    const { done: submit } = await bookThree(client);
    const other = await t.request('POST', '/api/t/demo-city/services/gym/reservations', { body: { resource: 'court-a', start: at('11:00'), answers: { name: '先客 花子', phone: '09099998888', people: 4, purpose: 'volleyball' } } });
    expect(other.status).toBe(201);
    const refused = await submit();
    expect(refused.status).toBe(409);
    expect(textOf(refused.html, 'slot-refused')).toBe('2番目の枠（2026年12月8日（火） 11:00〜13:00 A面）: この時間枠は満員です。別の時間枠を選んでください。');
    expect(await statuses(t)).toEqual(['confirmed']);
    const back = await client.get(linkOf(refused.html, 'ほかの枠は残したまま'));
    expect(back.html).toContain('選んだ枠（2/3）');
    expect(back.html).toContain('2026年12月8日（火） 13:00〜15:00 A面');
  });

  it('a member sees the bundle on /my and cancels every slot together, in English too', async () => {
    const m = await t.addMember({ name: '朝日 太郎', phone: '09012345678', email: 'asahi@example.jp' });
    const client = createClient(t.app);
    client.cookies.set('mr_session', await startSession(t.db, 'demo-city', m.id, t.clock.now().getTime()));
    const done = await (await bookThree(client)).done();
    const receiptNo = textOf(done.html, 'receipt-no');
    expect(done.html).not.toContain('id="access-key"'); // a member needs no key
    const list = await client.get('/t/demo-city/my');
    expect(list.html.match(new RegExp(`（一括申込 ${receiptNo}）`, 'g'))).toHaveLength(3);
    const mine = await client.get(`/t/demo-city/my/r/${receiptNo}?lang=en`);
    expect(mine.html).toContain('Slots of this booking');
    expect(mine.html).toContain('Slot 3');
    const askAll = await client.post('/t/demo-city/r/cancel?lang=en', hiddenOf(mine.html, '/r/cancel', 'name="all"'));
    expect(askAll.html).toContain('All these slots will be cancelled');
    const all = await client.post('/t/demo-city/r/cancel?lang=en', hiddenOf(askAll.html, '/r/cancel', 'confirm'));
    expect(all.html).toContain('All slots have been cancelled.');
    expect(await statuses(t)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('a single-slot link keeps today\'s flow: the grid links straight to 入力', async () => {
    const page = await createClient(t.app).get('/t/demo-city/s/gym?resource=court-a&from=2026-12-08');
    expect(page.html).toContain(`/t/demo-city/s/gym/book?resource=court-a&amp;start=${encodeURIComponent(at('09:00'))}`);
    expect(page.html).not.toContain('選んだ枠');
  });

  it('confirms the fee of each slot and the total where the fee kind quotes one', async () => {
    const blocks = feeTownBlocks.map((b) => (b.kind === 'service' && b.id === 'meeting' ? { ...b, maxSlotsPerBooking: 2 } : b));
    const { app } = await residentApp(blocks, { slug: 'fee-town' });
    const client = createClient(app);
    const picks = ['2026-12-10T09:00:00+09:00', '2026-12-10T12:00:00+09:00'].map((s) => `pick=${encodeURIComponent(`room-1|${s}`)}`).join('&');
    const form = await client.get(`/t/fee-town/s/meeting/bundle?${picks}`);
    expect(form.status).toBe(200);
    const review = await client.post('/t/fee-town/s/meeting/bundle', { ...hiddenOf(form.html, '/s/meeting/bundle'), 'a.name': '山田 太郎', 'a.email': 'yamada@example.jp', 'a.residence': 'city', action: 'next' });
    expect(review.html).toContain('09:00〜12:00 第1会議室（1,200円）');
    expect(review.html).toContain('12:00〜15:00 第1会議室（1,600円）');
    expect(textOf(review.html, 'fee-total')).toBe('2,800円');
    const done = await client.post('/t/fee-town/s/meeting/bundle', { ...hiddenOf(review.html, '/s/meeting/bundle', 'confirm'), action: 'confirm' });
    expect(done.html).toContain('使用料の合計');
    expect(done.html).toContain('2,800円');
  });
});
