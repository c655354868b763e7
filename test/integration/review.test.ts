// 予約審査・取消審査 with the demo tenant's 会議室 (meeting-room): a booking waits
// as pending holding its room, staff approve or reject it from the queue (alone or
// in bulk), and a resident's cancellation waits for staff too.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { createAdminTestApp, STAFF_PASSWORD, type AdminTestApp } from './admin-helpers';
import { sqlAll, sqlGet } from '../../engine/db';

const T = '/api/t/demo-city';
const A = '/api/admin/t/demo-city';
let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});

let n = 0;
async function apply(start = '2026-12-08T09:00:00+09:00', resource = 'room-1') {
  n++;
  const res = await t.request('POST', `${T}/services/meeting-room/reservations`, {
    body: { resource, start, answers: { name: `申請者 ${n}`, phone: `0901111${String(n).padStart(4, '0')}`, email: `a${n}@example.jp`, residence: 'city', people: 10, purpose: '町内会の定例会' } },
  });
  expect(res.status).toBe(201);
  return res.body as { receiptNo: string; accessKey: string; status: string; fee: { total: number; lines: { amount: number }[] } };
}
/** Approved, then paid at the counter (the 会議室 has a fee): confirmed. */
async function approveAndPay(b: { receiptNo: string }) {
  const approved = await staff('POST', `/bookings/${b.receiptNo}/approve`, {});
  expect(approved.body.status).toBe('awaiting_payment');
  const paid = await staff('POST', `/bookings/${b.receiptNo}/payments`, { method: 'cash', amount: 1200 });
  expect(paid.status).toBe(201);
  return paid;
}
const remaining = async (start: string, resource = 'room-1') => {
  const r = await t.request('GET', `${T}/services/meeting-room/availability?from=${start.slice(0, 10)}&to=${start.slice(0, 10)}&resource=${resource}`);
  return (r.body.slots as { start: string; remaining: number }[]).find((s) => s.start === start)!.remaining;
};
const outbox = async (event: string) => (await sqlAll<{ body: string; rcpt: string }>(t.db, `SELECT body_text AS body, recipient AS rcpt FROM notification_outbox WHERE event = ?`, [event]));
const staff = (method: string, path: string, body?: unknown, who: 'manager' | 'staff' = 'manager') => t.request(method, `${A}${path}`, { cookie: t.cookies[who], ...(body !== undefined ? { body } : {}) });
const resident = (method: string, b: { receiptNo: string; accessKey: string }) => t.request(method, `${T}/reservations/${b.receiptNo}`, { headers: { 'x-access-key': b.accessKey } });

describe('予約審査', () => {
  it('a booking waits as pending holding its room, and appears in the queue with its deadline', async () => {
    const b = await apply();
    expect(b.status).toBe('pending');
    // 午前 of the 会議室, 市内, no 冷暖房: 1,200円, the lines summing to the total.
    expect(b.fee.total).toBe(1200);
    expect(b.fee.lines.reduce((a, l) => a + l.amount, 0)).toBe(1200);
    expect(await remaining('2026-12-08T09:00:00+09:00')).toBe(0);
    expect((await resident('GET', b)).body).toMatchObject({ status: 'pending', statusLabel: '審査中' });
    expect(await outbox('booking.pending')).toEqual([expect.objectContaining({ rcpt: 'a' + n + '@example.jp' })]);
    const queue = await staff('GET', '/reviews');
    expect(queue.body.rows).toEqual([expect.objectContaining({ receiptNo: b.receiptNo, status: 'pending', decideBy: '2026-12-04T10:00:00+09:00', overdue: false, name: `申請者 ${n}` })]);
    // Staff of another facility see nothing of it.
    expect((await staff('GET', '/reviews', undefined, 'staff')).body.rows).toEqual([]);
    expect((await staff('POST', `/bookings/${b.receiptNo}/approve`, {}, 'staff')).status).toBe(404);
    t.clock.advance(72 * 3_600_000);
    const later = await t.login('manager', STAFF_PASSWORD); // the morning session has timed out meanwhile
    expect((await t.request('GET', `${A}/reviews`, { cookie: later })).body.rows[0].overdue).toBe(true);
  });

  it('approval asks for the fee and tells the applicant; the payment at the counter confirms it', async () => {
    const b = await apply();
    const r = await staff('POST', `/bookings/${b.receiptNo}/approve`, {});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ receiptNo: b.receiptNo, status: 'awaiting_payment' });
    expect((await resident('GET', b)).body.status).toBe('awaiting_payment');
    await staff('POST', `/bookings/${b.receiptNo}/payments`, { method: 'cash', amount: 1200 });
    expect((await resident('GET', b)).body.status).toBe('confirmed');
    expect(await outbox('review.approved')).toHaveLength(1);
    expect((await staff('POST', `/bookings/${b.receiptNo}/approve`, {})).body.error.code).toBe('review.nothing_to_decide');
    expect((await staff('GET', '/reviews')).body.rows).toEqual([]);
  });

  it('rejection needs a reason, frees the room and sends the reason', async () => {
    const b = await apply();
    const bare = await staff('POST', `/bookings/${b.receiptNo}/reject`, {});
    expect(bare.status).toBe(422);
    expect(bare.body.error.code).toBe('review.reason_required');
    const r = await staff('POST', `/bookings/${b.receiptNo}/reject`, { reason: '営利目的の利用はできません' });
    expect(r.body.status).toBe('rejected');
    expect(await remaining('2026-12-08T09:00:00+09:00')).toBe(1);
    expect((await outbox('review.rejected'))[0].body).toContain('理由: 営利目的の利用はできません');
    expect((await sqlAll<{ t: string; reason: string | null }>(t.db, `SELECT h.to_status AS t, h.reason FROM booking_history h JOIN bookings b ON b.id = h.booking_id WHERE b.receipt_no = ? ORDER BY h.id`, [b.receiptNo]))).toEqual([
      { t: 'pending', reason: null },
      { t: 'rejected', reason: '営利目的の利用はできません' },
    ]);
  });

  it('bulk approval decides all or nothing', async () => {
    const a = await apply('2026-12-08T09:00:00+09:00');
    const b = await apply('2026-12-08T12:00:00+09:00');
    const c = await apply('2026-12-08T15:00:00+09:00');
    await staff('POST', `/bookings/${c.receiptNo}/reject`, { reason: '重複申請' });
    const mixed = await staff('POST', '/reviews/approve', { receiptNos: [a.receiptNo, b.receiptNo, c.receiptNo] });
    expect(mixed.status).toBe(409);
    expect(mixed.body.error.message).toContain(`受付番号 ${c.receiptNo}`);
    expect((await resident('GET', a)).body.status).toBe('pending');
    const ok = await staff('POST', '/reviews/approve', { receiptNos: [a.receiptNo, b.receiptNo] });
    expect(ok.body.results.map((x: { status: string }) => x.status)).toEqual(['awaiting_payment', 'awaiting_payment']);
    expect((await staff('POST', '/reviews/approve', { receiptNos: [] })).status).toBe(422);
  });
});

describe('取消審査', () => {
  it("a resident's cancellation waits for staff, keeping the room; refused, the booking stands; approved, it is cancelled", async () => {
    const b = await apply();
    await approveAndPay(b);
    const asked = await resident('DELETE', b);
    expect(asked.status).toBe(200);
    expect(asked.body.status).toBe('cancel_requested');
    expect(await remaining('2026-12-08T09:00:00+09:00')).toBe(0);
    expect(await outbox('review.cancel_requested')).toHaveLength(1);
    expect((await resident('DELETE', b)).body.error.code).toBe('booking.cancel_already_requested');
    expect((await staff('GET', '/reviews')).body.rows).toEqual([expect.objectContaining({ receiptNo: b.receiptNo, status: 'cancel_requested' })]);

    const refused = await staff('POST', `/bookings/${b.receiptNo}/reject`, { reason: '利用日の直前のため' });
    expect(refused.body.status).toBe('confirmed');
    expect((await outbox('review.cancel_rejected'))[0].body).toContain('利用日の直前のため');

    await resident('DELETE', b);
    const approved = await staff('POST', `/bookings/${b.receiptNo}/approve`, {});
    expect(approved.body.status).toBe('cancelled');
    expect(await remaining('2026-12-08T09:00:00+09:00')).toBe(1);
  });

  it('a service can refuse online cancellation: residents are told to call, staff can still cancel', async () => {
    const app = await createTestApp([
      { kind: 'site', id: 'test-town', title: 'テスト町' },
      { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
      { kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'r', title: '窓口' }], slotMinutes: 60, capacity: 1, weekly: [{ days: ['thu'], open: '09:00', close: '12:00' }] },
      { kind: 'service', id: 's', title: '相談', form: 'f', calendar: 'c' },
      { kind: 'review', id: 'no-online', service: 's', cancellation: 'refuse' },
    ]);
    const b = await app.json('POST', '/api/t/test-town/services/s/reservations', { resource: 'r', start: '2026-12-03T09:00:00+09:00', answers: { name: '山田' } });
    expect(b.body.status).toBe('confirmed');
    const r = await app.json('DELETE', `/api/t/test-town/reservations/${b.body.receiptNo}`, undefined, { 'x-access-key': b.body.accessKey });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('booking.cancel_refused');
    expect(r.body.error.message).toContain('窓口へお問い合わせください');
    expect((await sqlGet<{ s: string }>(app.db, `SELECT status AS s FROM bookings`))!.s).toBe('confirmed');
  });
});

describe('staff at the desk on the day', () => {
  it('sees same-day slots open until they start and books a walk-in, while residents are told online booking has closed', async () => {
    // 2026-12-01 10:00 JST: card pickup closes online booking the day before.
    const staffView = await t.request('GET', '/api/admin/t/demo-city/services/card-pickup/availability?from=2026-12-01&to=2026-12-01&resource=honcho', { cookie: t.cookies.staff });
    const slotAt = (rows: { start: string; status: string }[], hm: string) => rows.find((s) => s.start === `2026-12-01T${hm}:00+09:00`)!.status;
    expect(slotAt(staffView.body.slots, '13:00')).toBe('open');
    expect(slotAt(staffView.body.slots, '09:30')).toBe('past'); // already begun
    const publicView = await t.request('GET', '/api/t/demo-city/services/card-pickup/availability?from=2026-12-01&to=2026-12-01&resource=honcho');
    expect(slotAt(publicView.body.slots, '13:00')).toBe('past');
    const walkIn = await t.request('POST', '/api/admin/t/demo-city/bookings', { cookie: t.cookies.staff, body: { service: 'card-pickup', resource: 'honcho', start: '2026-12-01T13:00:00+09:00', answers: { name: '来庁 太郎', phone: '0312340000', jukiCard: 'なし' } } });
    expect(walkIn.status).toBe(201);
    const online = await t.request('POST', '/api/t/demo-city/services/card-pickup/reservations', { body: { resource: 'honcho', start: '2026-12-01T13:30:00+09:00', answers: { name: '住民', phone: '0312340001', jukiCard: 'なし' } } });
    expect(online.status).toBe(409);
    expect(online.body.error.code).toBe('booking.closed');
  });
});

describe('reminders after a decision', () => {
  it('an approved booking gets the day-before reminder a confirmed one gets', async () => {
    const b = await apply();
    const reminders = async () => (await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM notification_outbox o JOIN bookings b ON b.id = o.booking_id WHERE o.event = 'booking.reminder' AND b.receipt_no = ?`, [b.receiptNo]))!.n;
    expect(await reminders()).toBe(0);
    await approveAndPay(b);
    expect(await reminders()).toBeGreaterThan(0);
  });
});
