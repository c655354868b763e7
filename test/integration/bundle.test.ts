// 複数枠の一括予約 (issue 20): several slots in one booking, all or nothing, one receipt
// number and access key, one confirmation listing every slot, each slot counted for
// places and quotas, reminded, and cancelled alone or with the others.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAdminTestApp, type AdminTestApp } from './admin-helpers';
import { sqlAll, sqlGet } from '../../engine/db';

const T = '/api/t/demo-city';
const answers = { name: '朝日 太郎', phone: '09012345678', people: 8, purpose: 'volleyball', email: 'asahi@example.jp' };
const at = (hhmm: string, day = '2026-12-08') => `${day}T${hhmm}:00+09:00`;
const slot = (hhmm: string, resource = 'court-a', day?: string) => ({ resource, start: at(hhmm, day) });

let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});

const book = (body: unknown, key?: string) => t.request('POST', `${T}/services/gym/reservations`, { body, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
const count = async () => (await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM bookings WHERE service_id = 'gym'`))!.n;
const used = async () => (await sqlAll<{ start: number; used: number }>(t.db, `SELECT slot_start AS start, used FROM slot_counters ORDER BY slot_start, unit`));

describe('several slots in one booking', () => {
  it('three slots with one of them full books nothing, and says which', async () => {
    const other = await book({ resource: 'court-a', start: at('11:00'), answers: { ...answers, name: '先客 花子', phone: '09099998888', email: 'saki@example.jp' } });
    expect(other.status).toBe(201);
    const before = { n: await count(), used: await used() };
    const r = await book({ slots: [slot('09:00'), slot('11:00'), slot('13:00')], answers });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('booking.slot_full');
    expect(r.body.error.issues).toEqual([expect.objectContaining({ path: '/slots/1', message: 'この時間枠は満員です。別の時間枠を選んでください。' })]);
    // Nothing of the first slot (taken before the second was refused) is left behind.
    expect({ n: await count(), used: await used() }).toEqual(before);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM notification_outbox WHERE recipient = 'asahi@example.jp'`))!.n).toBe(0);
  });

  it('books them under one receipt number and access key, with one confirmation listing each slot', async () => {
    const r = await book({ slots: [slot('09:00'), slot('13:00'), slot('09:00', 'court-b', '2026-12-09')], answers });
    expect(r.status).toBe(201);
    const { receiptNo, accessKey, slots } = r.body;
    expect(slots.map((s: { resource: string; start: string }) => [s.resource, s.start])).toEqual([
      ['court-a', at('09:00')],
      ['court-a', at('13:00')],
      ['court-b', at('09:00', '2026-12-09')],
    ]);
    expect(slots[0].receiptNo).toBe(receiptNo);
    const rows = (await sqlAll<{ r: string; b: string; s: string; k: string }>(t.db, `SELECT receipt_no AS r, bundle_no AS b, status AS s, access_key_hash AS k FROM bookings ORDER BY id`));
    expect(rows.map((x) => x.b)).toEqual([receiptNo, receiptNo, receiptNo]);
    expect(new Set(rows.map((x) => x.k)).size).toBe(1);
    // One access key opens each slot, and each shows the whole booking.
    const view = await t.request('GET', `${T}/reservations/${slots[2].receiptNo}`, { headers: { 'x-access-key': accessKey } });
    expect(view.status).toBe(200);
    expect(view.body.bundle).toEqual({ receiptNo, slots: slots.map((s: { receiptNo: string; resource: string; start: string; end: string }) => ({ receiptNo: s.receiptNo, status: 'confirmed', resource: s.resource, start: s.start, end: s.end })) });
    // One message, naming every slot (and the place, as they differ).
    const mails = (await sqlAll<{ body: string }>(t.db, `SELECT body_text AS body FROM notification_outbox WHERE event = 'booking.confirmed' AND recipient = 'asahi@example.jp'`));
    expect(mails).toHaveLength(1);
    expect(mails[0].body).toContain('日時: 2026年12月8日（火）09:00〜11:00（A面）、2026年12月8日（火）13:00〜15:00（A面）、2026年12月9日（水）09:00〜11:00（B面）');
    expect(mails[0].body).toContain('場所: A面・B面');
    expect(mails[0].body).toContain(`受付番号: ${receiptNo}`);
    // Staff see the slots booked together on each booking's page.
    const detail = await t.request('GET', `/api/admin/t/demo-city/bookings/${slots[1].receiptNo}`, { cookie: t.cookies.manager });
    expect(detail.body.bundle).toEqual({ receiptNo, slots: slots.map((s: { receiptNo: string; resource: string; start: string; end: string }) => ({ receiptNo: s.receiptNo, status: 'confirmed', resourceTitle: s.resource === 'court-a' ? 'A面' : 'B面', start: s.start, end: s.end })) });
    // Each slot is reminded before it starts.
    const reminders = (await sqlAll<{ id: number }>(t.db, `SELECT booking_id AS id FROM notification_outbox WHERE event = 'booking.reminder' ORDER BY booking_id`));
    expect(new Set(reminders.map((x) => x.id)).size).toBe(3);
  });

  it('counts each slot for the quota: the fourth and fifth of a month are refused with the slot named', async () => {
    expect((await book({ resource: 'court-b', start: at('15:00'), answers })).status).toBe(201);
    const r = await book({ slots: [slot('09:00'), slot('11:00'), slot('13:00')], answers: { ...answers } });
    expect(r.status).toBe(201); // 4 of 4 this month
    const over = await book({ slots: [slot('09:00', 'court-b', '2026-12-10'), slot('11:00', 'court-b', '2026-12-10')], answers });
    expect([over.status, over.body.error.code, over.body.error.issues[0].path]).toEqual([409, 'booking.quota_exceeded', '/slots/0']);
  });

  it('refuses more slots than the service allows, a slot twice, and slots beside resource/start', async () => {
    const four = await book({ slots: [slot('09:00'), slot('11:00'), slot('13:00'), slot('15:00')], answers });
    expect([four.status, four.body.error.issues[0].path, four.body.error.issues[0].message]).toEqual([422, '/slots', '1回に予約できる枠は3枠までです（4枠が指定されました）。']);
    const twice = await book({ slots: [slot('09:00'), slot('09:00')], answers });
    expect([twice.status, twice.body.error.issues[0].path, twice.body.error.issues[0].message]).toEqual([422, '/slots/1', '1番目の枠と同じ枠です。']);
    const both = await book({ slots: [slot('09:00')], resource: 'court-a', start: at('09:00'), answers });
    expect([both.status, both.body.error.issues[0].path]).toEqual([422, '/slots']);
    const unknown = await book({ slots: [slot('09:00'), slot('09:00', 'court-z')], answers });
    expect([unknown.status, unknown.body.error.issues[0].path]).toEqual([422, '/slots/1/resource']);
    expect(await count()).toBe(0);
  });

  it('replays an idempotent retry instead of booking twice', async () => {
    const body = { slots: [slot('09:00'), slot('13:00')], answers };
    const a = await book(body, 'bundle-retry-1');
    const b = await book(body, 'bundle-retry-1');
    expect([a.status, b.status, b.body.receiptNo]).toEqual([201, 201, a.body.receiptNo]);
    expect(await count()).toBe(2);
  });

  it('cancels one slot alone, then the rest together', async () => {
    const r = await book({ slots: [slot('09:00'), slot('11:00'), slot('13:00')], answers });
    const key = { 'x-access-key': r.body.accessKey };
    const one = await t.request('DELETE', `${T}/reservations/${r.body.slots[1].receiptNo}`, { headers: key });
    expect([one.status, one.body.status]).toEqual([200, 'cancelled']);
    const rest = await t.request('DELETE', `${T}/reservations/${r.body.receiptNo}?bundle=all`, { headers: key });
    expect(rest.status).toBe(200);
    expect(rest.body.cancelled.map((v: { receiptNo: string }) => v.receiptNo)).toEqual([r.body.slots[0].receiptNo, r.body.slots[2].receiptNo]);
    expect((await sqlAll<{ s: string }>(t.db, `SELECT status AS s FROM bookings ORDER BY id`)).map((x) => x.s)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect((await used()).every((u) => u.used === 0)).toBe(true);
    // One message for the slot cancelled alone, one for the two cancelled together naming both.
    const told = (await sqlAll<{ body: string }>(t.db, `SELECT body_text AS body FROM notification_outbox WHERE event = 'booking.cancelled' AND recipient = 'asahi@example.jp' ORDER BY id`)).map((m) => m.body);
    expect(told).toHaveLength(2);
    expect(told[0]).toContain('2026年12月8日（火）11:00〜13:00');
    expect(told[1]).toContain('2026年12月8日（火）09:00〜11:00、2026年12月8日（火）13:00〜15:00');
    // Their reminders are withdrawn with them (three were planned).
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM notification_outbox WHERE event = 'booking.reminder' AND status = 'withdrawn'`))!.n).toBe(3);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM notification_outbox WHERE event = 'booking.reminder' AND status <> 'withdrawn'`))!.n).toBe(0);
    // A wrong key cancels nothing.
    const r2 = await book({ slots: [slot('09:00', 'court-b'), slot('11:00', 'court-b')], answers });
    expect((await t.request('DELETE', `${T}/reservations/${r2.body.receiptNo}?bundle=all`, { headers: { 'x-access-key': 'WRONG-KEY-0000' } })).status).toBe(404);
    expect((await sqlAll<{ s: string }>(t.db, `SELECT status AS s FROM bookings WHERE bundle_no = ?`, [r2.body.receiptNo])).map((x) => x.s)).toEqual(['confirmed', 'confirmed']);
  });
});
