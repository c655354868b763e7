// Booking use cases through the resident JSON API (createApp().request(), in-memory DB, fixed clock).
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkCounters } from '../../engine/booking/counters';
import { createTestApp } from '../helpers/test-app';
import { sqlAll, sqlGet } from '../../engine/db';

// 2026-12-01T00:00Z = Tue 09:00 JST.
const NOW = '2026-12-01T00:00:00Z';
const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  {
    kind: 'form', id: 'f', title: '申込',
    fields: [
      { id: 'name', type: 'text', label: '氏名', required: true },
      { id: 'phone', type: 'phone', label: '電話番号', required: true },
      { id: 'email', type: 'email', label: 'メールアドレス' },
    ],
  },
  {
    kind: 'calendar', id: 'desks', title: '窓口',
    resources: [{ id: 'main', title: '本庁舎窓口' }, { id: 'branch', title: '出張所' }],
    slotMinutes: 30, capacity: 2,
    weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '12:00' }],
    bookingWindow: { opensDaysBefore: 30, closesHoursBefore: 1 },
  },
  {
    kind: 'calendar', id: 'gym', title: '体育館',
    resources: [{ id: 'court-a', title: 'A面' }, { id: 'court-b', title: 'B面' }, { id: 'whole', title: '全面', consumes: ['court-a', 'court-b'] }],
    slotMinutes: 120, capacity: 1,
    weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '09:00', close: '21:00' }],
  },
  { kind: 'quota', id: 'one', title: 'お一人様1件まで', maxActive: 1 },
  { kind: 'service', id: 'pickup', title: '交付予約', form: 'f', calendar: 'desks', quotas: ['one'], changeDeadlineHours: 24, cancelDeadlineHours: 24 },
  { kind: 'service', id: 'gym', title: '体育館', form: 'f', calendar: 'gym' },
];

const answers = (phone: string, extra: Record<string, unknown> = {}) => ({ name: '髙橋 一郎', phone, ...extra });
const slot = (date: string, time: string) => `${date}T${time}:00+09:00`;

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  t = await createTestApp(blocks, { now: NOW });
});

const book = (service: string, resource: string, start: string, a: unknown, headers: Record<string, string> = {}) =>
  t.json('POST', `/api/t/test-town/services/${service}/reservations`, { resource, start, answers: a }, headers);

const used = async (calendar: string, unit: string, start: string) =>
  (await sqlGet<{ used: number } | undefined>(t.db, `SELECT used FROM slot_counters WHERE calendar_id = ? AND unit = ? AND slot_start = ?`, [calendar, unit, Date.parse(start)]))?.used ?? 0;

const auditActions = async () => (await sqlAll<{ action: string }>(t.db, `SELECT action FROM audit_log ORDER BY id`)).map((r) => r.action);

describe('booking', () => {
  it('books an anonymous slot and returns receipt number and access key', async () => {
    const r = await book('pickup', 'main', slot('2026-12-03', '10:00'), answers('090-1234-5678'));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ receiptNo: '1', status: 'confirmed', resource: 'main', start: '2026-12-03T10:00:00+09:00', end: '2026-12-03T10:30:00+09:00' });
    expect(r.body.accessKey).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(await used('desks', 'main', slot('2026-12-03', '10:00'))).toBe(1);
    // The access key is stored hashed only.
    const row = (await sqlGet<{ h: string; phone: string }>(t.db, `SELECT access_key_hash AS h, phone_key AS phone FROM bookings`))!;
    expect(row.h).not.toContain(r.body.accessKey);
    expect(row.h).toMatch(/^[0-9a-f]{64}$/);
    expect(row.phone).toBe('09012345678');
    expect(await auditActions()).toEqual(['booking.confirmed']);
  });

  it('refuses a full slot with 409 booking.slot_full and changes nothing', async () => {
    const s = slot('2026-12-03', '10:00');
    expect((await book('pickup', 'main', s, answers('0311111111'))).status).toBe(201);
    expect((await book('pickup', 'main', s, answers('0322222222'))).status).toBe(201);
    const third = await book('pickup', 'main', s, answers('0333333333'));
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('booking.slot_full');
    expect(third.body.error.message).toContain('満員');
    // Full is said before the answers are checked: nobody corrects a form for a slot that is gone.
    expect((await book('pickup', 'main', s, { phone: '12' })).body.error.code).toBe('booking.slot_full');
    expect(await used('desks', 'main', s)).toBe(2);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM bookings`))!.n).toBe(2);
    expect(await auditActions()).toEqual(['booking.confirmed', 'booking.confirmed']);
  });

  it('locates invalid input by JSON pointer', async () => {
    const r = await book('pickup', 'main', slot('2026-12-03', '10:00'), { phone: '12' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('input.invalid');
    const paths = r.body.error.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(['/answers/name', '/answers/phone']);
    const r2 = await book('pickup', 'nowhere', 'tomorrow', answers('0312345678'));
    expect(r2.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['/resource', '/start']);
    // Any JSON value where a string belongs is a located 422, never a 500 (found by the long fuzz run).
    const odd = await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: { toString: null }, start: 'x', answers: {} });
    expect([odd.status, odd.body.error.issues[0].path, odd.body.error.issues[0].message]).toEqual([422, '/resource', expect.stringContaining('{"toString":null}')]);
    const r3 = await book('pickup', 'main', slot('2026-12-03', '10:10'), answers('0312345678'));
    expect(r3.body.error.issues).toEqual([expect.objectContaining({ path: '/start', code: 'booking.no_such_slot' })]);
    const r4 = await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers('0312345678'), extra: 1 });
    expect(r4.body.error.issues).toEqual([expect.objectContaining({ path: '/extra', code: 'schema.additional_property' })]);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM bookings`))!.n).toBe(0);
  });

  it('answers 400 for a body that is not JSON and 404 for an unknown service', async () => {
    const res = await t.app.request('/api/t/test-town/services/pickup/reservations', { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect((await book('nope', 'main', slot('2026-12-03', '10:00'), answers('0312345678'))).body.error.code).toBe('service.not_found');
  });

  it('enforces the booking window: not open yet, closed before start, past', async () => {
    expect((await book('pickup', 'main', slot('2027-01-04', '10:00'), answers('0312345678'))).body.error.code).toBe('booking.not_open');
    // Closes 1 hour before: at 09:00 (now) the 10:00 slot has just closed, 10:30 is still open.
    expect((await book('pickup', 'main', slot('2026-12-01', '09:30'), answers('0312345678'))).body.error.code).toBe('booking.closed');
    expect((await book('pickup', 'main', slot('2026-12-01', '10:00'), answers('0312345678'))).body.error.code).toBe('booking.closed');
    expect((await book('pickup', 'main', slot('2026-12-01', '10:30'), answers('0312345678'))).status).toBe(201);
  });

  it('counts one active booking per person by normalised phone number', async () => {
    expect((await book('pickup', 'main', slot('2026-12-03', '10:00'), answers('090-1234-5678'))).status).toBe(201);
    const again = await book('pickup', 'branch', slot('2026-12-04', '10:00'), answers('０９０１２３４５６７８'));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('booking.quota_exceeded');
    // Another service is not covered by the service-scoped quota.
    expect((await book('gym', 'court-a', slot('2026-12-04', '09:00'), answers('09012345678'))).status).toBe(201);
  });
});

describe('composite resources', () => {
  it('booking 全面 blocks A and B, booking A blocks 全面', async () => {
    const s = slot('2026-12-05', '09:00');
    expect((await book('gym', 'whole', s, answers('0311111111'))).status).toBe(201);
    expect((await book('gym', 'court-a', s, answers('0322222222'))).body.error.code).toBe('booking.slot_full');
    expect((await book('gym', 'court-b', s, answers('0322222222'))).body.error.code).toBe('booking.slot_full');
    const s2 = slot('2026-12-05', '11:00');
    expect((await book('gym', 'court-a', s2, answers('0311111111'))).status).toBe(201);
    expect((await book('gym', 'whole', s2, answers('0322222222'))).body.error.code).toBe('booking.slot_full');
    expect((await book('gym', 'court-b', s2, answers('0333333333'))).status).toBe(201);
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
  });
});

describe('look up, change, cancel', () => {
  async function booked(phone = '0312345678', start = slot('2026-12-03', '10:00')) {
    const r = await book('pickup', 'main', start, answers(phone));
    expect(r.status).toBe(201);
    return r.body as { receiptNo: string; accessKey: string };
  }

  it('shows the booking for the right key and the same 404 for a wrong key or unknown number', async () => {
    const b = await booked();
    const ok = await t.json('GET', `/api/t/test-town/reservations/${b.receiptNo}`, undefined, { 'x-access-key': b.accessKey });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ receiptNo: b.receiptNo, status: 'confirmed', resourceTitle: '本庁舎窓口', answers: { name: '髙橋 一郎', phone: '0312345678' }, canChange: true, canCancel: true });
    const wrong = await t.json('GET', `/api/t/test-town/reservations/${b.receiptNo}`, undefined, { 'x-access-key': 'AAAAAAAAAAAA' });
    const unknown = await t.json('GET', '/api/t/test-town/reservations/999', undefined, { 'x-access-key': b.accessKey });
    const none = await t.json('GET', `/api/t/test-town/reservations/${b.receiptNo}`);
    for (const r of [wrong, unknown, none]) {
      expect(r.status).toBe(404);
      expect(r.body).toEqual(wrong.body);
    }
    expect(wrong.body.error.code).toBe('reservation.not_found');
  });

  it('rate-limits repeated failures, then refuses even the right key until the window passes', async () => {
    const b = await booked();
    for (let i = 0; i < 10; i++) {
      expect((await t.json('GET', `/api/t/test-town/reservations/${b.receiptNo}`, undefined, { 'x-access-key': `WRONGKEY${i}` })).status).toBe(404);
    }
    const limited = await t.json('GET', `/api/t/test-town/reservations/${b.receiptNo}`, undefined, { 'x-access-key': b.accessKey });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('http.rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Booking is not throttled by lookup failures.
    expect((await book('pickup', 'branch', slot('2026-12-04', '10:00'), answers('0399999999'))).status).toBe(201);
    t.clock.advance(16 * 60_000);
    expect((await t.json('GET', `/api/t/test-town/reservations/${b.receiptNo}`, undefined, { 'x-access-key': b.accessKey })).status).toBe(200);
  });

  it('moves a booking atomically: old place freed, new place taken', async () => {
    const b = await booked();
    const from = slot('2026-12-03', '10:00');
    const to = slot('2026-12-03', '11:00');
    const r = await t.json('PATCH', `/api/t/test-town/reservations/${b.receiptNo}`, { resource: 'branch', start: to }, { 'x-access-key': b.accessKey });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ resource: 'branch', start: '2026-12-03T11:00:00+09:00' });
    expect(await used('desks', 'main', from)).toBe(0);
    expect(await used('desks', 'branch', to)).toBe(1);
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
  });

  it('leaves everything as it was when the target slot is full', async () => {
    const b = await booked();
    const full = slot('2026-12-03', '11:30');
    await book('pickup', 'main', full, answers('0311111111'));
    await book('pickup', 'main', full, answers('0322222222'));
    const r = await t.json('PATCH', `/api/t/test-town/reservations/${b.receiptNo}`, { start: full }, { 'x-access-key': b.accessKey });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('booking.slot_full');
    expect(await used('desks', 'main', slot('2026-12-03', '10:00'))).toBe(1);
    expect(await used('desks', 'main', full)).toBe(2);
    expect((await auditActions()).filter((a) => a === 'booking.changed')).toEqual([]);
  });

  it('changes answers without moving, re-validating them', async () => {
    const b = await booked();
    const bad = await t.json('PATCH', `/api/t/test-town/reservations/${b.receiptNo}`, { answers: { name: '' } }, { 'x-access-key': b.accessKey });
    expect(bad.status).toBe(422);
    const ok = await t.json('PATCH', `/api/t/test-town/reservations/${b.receiptNo}`, { answers: answers('0312345678', { email: 'A@Example.JP' }) }, { 'x-access-key': b.accessKey });
    expect(ok.body.answers.email).toBe('A@example.jp');
    expect(await used('desks', 'main', slot('2026-12-03', '10:00'))).toBe(1);
  });

  it('cancels and gives the place back exactly once', async () => {
    const b = await booked();
    const r = await t.json('DELETE', `/api/t/test-town/reservations/${b.receiptNo}`, undefined, { 'x-access-key': b.accessKey });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('cancelled');
    expect(await used('desks', 'main', slot('2026-12-03', '10:00'))).toBe(0);
    const again = await t.json('DELETE', `/api/t/test-town/reservations/${b.receiptNo}`, undefined, { 'x-access-key': b.accessKey });
    expect(again.body.error.code).toBe('booking.already_cancelled');
    expect(await used('desks', 'main', slot('2026-12-03', '10:00'))).toBe(0);
    // The quota counts active bookings only: the same person can book again.
    expect((await book('pickup', 'main', slot('2026-12-03', '10:00'), answers('0312345678'))).status).toBe(201);
    expect(await auditActions()).toEqual(['booking.confirmed', 'booking.cancelled', 'booking.confirmed']);
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
  });

  it('refuses changes and cancellation after the deadline', async () => {
    const b = await booked('0312345678', slot('2026-12-02', '10:00'));
    // 2026-12-02 10:00 JST minus 24 h = 2026-12-01 10:00 JST = 01:00Z
    t.clock.set('2026-12-01T01:00:00Z');
    const ch = await t.json('PATCH', `/api/t/test-town/reservations/${b.receiptNo}`, { start: slot('2026-12-03', '10:00') }, { 'x-access-key': b.accessKey });
    expect(ch.body.error.code).toBe('booking.change_closed');
    const cn = await t.json('DELETE', `/api/t/test-town/reservations/${b.receiptNo}`, undefined, { 'x-access-key': b.accessKey });
    expect(cn.body.error.code).toBe('booking.cancel_closed');
    const view = await t.json('GET', `/api/t/test-town/reservations/${b.receiptNo}`, undefined, { 'x-access-key': b.accessKey });
    expect(view.body).toMatchObject({ canChange: false, canCancel: false });
  });
});

describe('idempotency', () => {
  it('replays the first response for the same key and never books twice', async () => {
    const s = slot('2026-12-03', '10:00');
    const h = { 'idempotency-key': 'k-123' };
    const first = await book('pickup', 'main', s, answers('0312345678'), h);
    const second = await book('pickup', 'main', s, answers('0312345678'), h);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM bookings`))!.n).toBe(1);
    expect(await used('desks', 'main', s)).toBe(1);
    // The stored replay does not contain the access key in clear.
    const stored = (await sqlAll<{ r: string }>(t.db, `SELECT response_sealed AS r FROM idempotency_keys`));
    expect(stored).toHaveLength(1);
    expect(stored[0].r).not.toContain(first.body.accessKey);
    expect(Buffer.from(stored[0].r, 'base64').toString('latin1')).not.toContain(first.body.accessKey);
  });

  it('refuses the same key with a different request', async () => {
    const h = { 'idempotency-key': 'k-9' };
    await book('pickup', 'main', slot('2026-12-03', '10:00'), answers('0312345678'), h);
    const other = await book('pickup', 'main', slot('2026-12-03', '10:30'), answers('0312345678'), h);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency.key_reused');
  });
});

describe('availability', () => {
  const get = (q: string, service = 'pickup') => t.json('GET', `/api/t/test-town/services/${service}/availability?${q}`);

  it('lists slots with capacity, remaining and status, counting bookings', async () => {
    await book('pickup', 'main', slot('2026-12-03', '10:00'), answers('0311111111'));
    const r = await get('from=2026-12-01&to=2026-12-07&resource=main');
    expect(r.status).toBe(200);
    const byStart = new Map(r.body.slots.map((s: { start: string }) => [s.start, s]));
    expect(byStart.get('2026-12-03T10:00:00+09:00')).toEqual({ resource: 'main', start: '2026-12-03T10:00:00+09:00', end: '2026-12-03T10:30:00+09:00', capacity: 2, remaining: 1, status: 'open' });
    // now = 12-01 09:00 and bookings close 1 hour before: 09:00..10:00 today are past
    expect((byStart.get('2026-12-01T09:30:00+09:00') as { status: string }).status).toBe('past');
    expect((byStart.get('2026-12-01T10:30:00+09:00') as { status: string }).status).toBe('open');
    // weekends have no slots in this calendar; all slots are for the requested resource
    expect(r.body.slots.every((s: { resource: string; start: string }) => s.resource === 'main' && !s.start.startsWith('2026-12-05'))).toBe(true);
  });

  it('reports full, and composite remaining as the minimum over its units', async () => {
    await book('gym', 'court-a', slot('2026-12-05', '09:00'), answers('0311111111'));
    const r = await get('from=2026-12-05&to=2026-12-05', 'gym');
    const at = (res: string) => r.body.slots.find((s: { resource: string; start: string }) => s.resource === res && s.start === slot('2026-12-05', '09:00'));
    expect(at('court-a')).toMatchObject({ remaining: 0, status: 'full' });
    expect(at('court-b')).toMatchObject({ remaining: 1, status: 'open' });
    expect(at('whole')).toMatchObject({ remaining: 0, status: 'full' });
  });

  it('says not-open-yet beyond the rolling window', async () => {
    const r = await get('from=2027-01-04&to=2027-01-04&resource=main');
    expect(r.body.slots.length).toBeGreaterThan(0);
    expect(r.body.slots.every((s: { status: string }) => s.status === 'not-open-yet')).toBe(true);
  });

  it('refuses bad ranges with located issues', async () => {
    const bad = await get('from=2026-02-30&to=x&resource=nope');
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['/from', '/to', '/resource']);
    const long = await get('from=2026-12-01&to=2027-03-01');
    expect(long.body.error.code).toBe('availability.range_too_long');
  });
});

describe('staff after the online deadline', () => {
  it('lets staff book a slot that has not started after online booking closed, and audits it', async () => {
    // Online bookings close 1 hour before: at 09:00 the 10:00 slot is closed to residents.
    const s = slot('2026-12-01', '10:00');
    expect((await book('pickup', 'main', s, answers('0312345678'))).body.error.code).toBe('booking.closed');
    const { bookSlot } = await import('../../engine/booking/book');
    const r = await bookSlot({ db: t.db, clock: t.clock }, {
      published: t.published, serviceId: 'pickup', resource: 'main', start: s, answers: answers('0312345678'),
      actor: { type: 'staff', id: 'tanaka' }, channel: 'staff',
    });
    expect(r.body.start).toBe(s);
    const audit = (await sqlGet<{ d: string }>(t.db, `SELECT details_json AS d FROM audit_log WHERE action = 'booking.confirmed'`))!;
    expect(JSON.parse(audit.d)).toMatchObject({ afterOnlineDeadline: true });
    // A slot that has already started stays closed, for staff too.
    await expect(bookSlot({ db: t.db, clock: t.clock }, {
      published: t.published, serviceId: 'pickup', resource: 'main', start: slot('2026-12-01', '09:00'), answers: answers('0399999999'),
      actor: { type: 'staff', id: 'tanaka' }, channel: 'staff',
    })).rejects.toThrow('booking.closed');
  });
});

describe('利用者制限 of the site', () => {
  it('refuses anonymous API bookings when the site takes registered users only', async () => {
    const restricted = blocks.map((b) => (b.kind === 'site' ? { ...b, modes: { userRestriction: 'members-only' } } : b));
    const r = await createTestApp(restricted, { now: NOW });
    const res = await r.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers('0312345678') });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('booking.anonymous_not_allowed');
  });
});
