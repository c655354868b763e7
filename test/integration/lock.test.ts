// Smart-lock passcodes (issue 20) against a local server that speaks the part of SwitchBot's
// Open API v1.1 the adapter uses (signed requests, createKey / deleteKey commands, the keypad's
// keyList in its status), with a hub that can be offline. The reconcile job plans a passcode
// per booking, retries while the hub is offline, sends it at the notice time, replaces it on a
// change and deletes it on cancellation; one cancelled before it reached the device is never sent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { passcodeWindow, reconcileLocks } from '../../blocks/lock/passcodes';
import { createSwitchBot } from '../../blocks/lock/switchbot';
import { bookSlot } from '../../engine/booking/book';
import { cancelBooking } from '../../engine/booking/cancel';
import { changeBooking } from '../../engine/booking/change';
import { sqlAll, sqlGet } from '../../engine/db';
import { startFakeSwitchBot, type FakeSwitchBot } from '../helpers/switchbot-server';
import { createTestApp } from '../helpers/test-app';

const TOKEN = 'test-token';
const SECRET = 'test-secret';

let fake: FakeSwitchBot;
let baseUrl = '';

beforeAll(async () => {
  fake = await startFakeSwitchBot({ token: TOKEN, secret: SECRET });
  baseUrl = fake.baseUrl;
});
afterAll(() => fake.close());

const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }, { id: 'email', type: 'email', label: 'メール', required: true }] },
  { kind: 'calendar', id: 'rooms', title: '部屋', resources: [{ id: 'studio', title: 'スタジオ' }, { id: 'hall', title: 'ホール' }], slotMinutes: 60, capacity: 1, weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '09:00', close: '17:00' }] },
  { kind: 'service', id: 'rooms', title: '貸しスタジオ', form: 'f', calendar: 'rooms' },
  { kind: 'lock', id: 'studio-lock', service: 'rooms', devices: [{ resource: 'studio', deviceId: 'KEYPAD1', title: 'スタジオ入口' }], noticeMinutes: 60 },
  { kind: 'notification', id: 'n', title: '通知', messages: [{ id: 'code', event: 'lock.passcode', channels: ['email'], subject: '暗証番号のお知らせ（{{booking.receiptNo}}）', body: '{{lock.place}} の暗証番号は {{lock.passcode}} です。{{lock.validFrom}} から {{lock.validUntil}} まで使えます。' }] },
];

let t: Awaited<ReturnType<typeof createTestApp>>;
const client = () => createSwitchBot({ token: TOKEN, secret: SECRET, baseUrl });
const run = () => reconcileLocks({ db: t.db, clock: t.clock }, t.published, client());
const book = async (start: string, resource = 'studio') => (await bookSlot({ db: t.db, clock: t.clock }, { published: t.published, serviceId: 'rooms', resource, start, answers: { name: '鍵 太郎', email: 'key@example.jp' }, actor: { type: 'resident' }, channel: 'api' })).body;
const rows = (receiptNo: string) =>
  sqlAll<{ state: string; name: string; attempts: number; lastError: string | null; sentAt: number | null }>(
    t.db,
    'SELECT p.state, p.name, p.attempts, p.last_error AS "lastError", p.sent_at AS "sentAt" FROM lock_passcodes p JOIN bookings b ON b.id = p.booking_id WHERE b.receipt_no = ? ORDER BY p.id',
    [receiptNo],
  );
const sent = () => sqlAll<{ body: string; secrets: string | null }>(t.db, `SELECT body_text AS body, secrets_json AS secrets FROM notification_outbox WHERE event = 'lock.passcode' ORDER BY id`);

beforeEach(async () => {
  t = await createTestApp(blocks, { now: '2026-12-01T00:00:00Z' }); // 09:00 JST
  fake.reset();
});

describe('smart-lock passcodes through SwitchBot', () => {
  it('retries while the hub is offline, registers the key, and sends the passcode at the notice time', async () => {
    const b = await book('2026-12-03T10:00:00+09:00');
    fake.online = false;
    await run();
    expect(await rows(b.receiptNo)).toMatchObject([{ state: 'to-create', attempts: 1, lastError: expect.stringContaining('171') }]);
    t.clock.set('2026-12-01T00:01:30Z'); // past the first backoff
    fake.online = true;
    await run(); // createKey accepted
    await run(); // seen in the keypad's list
    expect(await rows(b.receiptNo)).toMatchObject([{ state: 'on-device' }]);
    expect(fake.keys).toHaveLength(1);
    const key = fake.keys[0];
    const w = passcodeWindow(t.published.tenant.list('lock')[0], { slotStart: Date.parse('2026-12-03T10:00:00+09:00'), slotEnd: Date.parse('2026-12-03T11:00:00+09:00') }, 'Asia/Tokyo');
    expect([key.startTime * 1000, key.endTime * 1000]).toEqual([w.validFrom, w.validUntil]);
    expect(key.startTime * 1000).toBe(Date.parse('2026-12-03T09:00:00+09:00'));
    expect(key.password).toMatch(/^\d{6}$/);
    expect(await sent()).toEqual([]); // not before the notice time
    // Asked in LINE talk before the notice time: nothing; after it, the passcode (see line-talk.ts).
    const talk = async () => {
      const booking = (await sqlGet<Record<string, unknown>>(t.db, 'SELECT id, receipt_no AS "receiptNo", service_id AS "serviceId", member_id AS "memberId" FROM bookings WHERE receipt_no = ?', [b.receiptNo]))!;
      const said: (string | undefined)[] = [];
      for (const l of t.published.tenant.registry.behaviour().talkLines) said.push(await l.forBooking({ db: t.db, published: t.published, booking: booking as never, now: t.clock.now().getTime() }));
      return said;
    };
    expect(await talk()).toEqual([undefined]);

    t.clock.set('2026-12-03T00:00:00Z'); // 09:00 on the day: one hour before
    await run();
    await run(); // once only
    const out = await sent();
    expect(out).toHaveLength(1);
    expect(out[0].body).not.toContain(key.password); // the stored text keeps a placeholder
    expect(Object.values(JSON.parse(out[0].secrets!))).toContain(key.password);
    expect(out[0].body).toContain('スタジオ入口');
    expect(await talk()).toEqual([`暗証番号 ${key.password}（2026年12月3日（木） 09:00〜11:00）`]);
    expect(fake.badSignatures).toBe(0);
    const actions = (await sqlAll<{ action: string }>(t.db, `SELECT action FROM audit_log WHERE target_id = ? AND action LIKE 'lock.%' ORDER BY id`, [b.receiptNo])).map((a) => a.action);
    expect(actions).toEqual(['lock.planned', 'lock.retrying', 'lock.requested', 'lock.registered', 'lock.sent', 'lock.viewed']);
  });

  it('replaces the passcode on a change and deletes it from the device on cancellation', async () => {
    const b = await book('2026-12-03T10:00:00+09:00');
    await run();
    await run();
    expect(fake.keys.map((k) => k.name)).toEqual([(await rows(b.receiptNo))[0].name]);
    await changeBooking({ db: t.db, clock: t.clock }, { published: t.published, receiptNo: b.receiptNo, auth: { kind: 'staff' }, actor: { type: 'staff', id: 'x' }, patch: { start: '2026-12-03T14:00:00+09:00' } });
    await run(); // old one to delete, new one planned and created
    await run();
    await run();
    const after = await rows(b.receiptNo);
    expect(after.map((r) => r.state)).toEqual(['revoked', 'on-device']);
    expect(fake.keys.map((k) => k.name)).toEqual([after[1].name]);
    expect(fake.keys[0].startTime * 1000).toBe(Date.parse('2026-12-03T13:00:00+09:00'));

    await cancelBooking({ db: t.db, clock: t.clock }, { published: t.published, receiptNo: b.receiptNo, auth: { kind: 'staff' }, actor: { type: 'staff', id: 'x' } });
    await run();
    expect((await rows(b.receiptNo)).map((r) => r.state)).toEqual(['revoked', 'revoked']);
    expect(fake.keys).toEqual([]);
    t.clock.set('2026-12-03T04:00:00Z');
    await run();
    expect(await sent()).toEqual([]);
  });

  it('never sends a passcode cancelled before it reached the device, and leaves places without a keypad alone', async () => {
    const b = await book('2026-12-04T10:00:00+09:00');
    fake.online = false;
    await run();
    await cancelBooking({ db: t.db, clock: t.clock }, { published: t.published, receiptNo: b.receiptNo, auth: { kind: 'staff' }, actor: { type: 'staff', id: 'x' } });
    fake.online = true;
    await run();
    expect((await rows(b.receiptNo)).map((r) => r.state)).toEqual(['revoked']);
    expect(fake.calls).toEqual([]);
    const hall = await book('2026-12-04T10:00:00+09:00', 'hall');
    await run();
    expect(await rows(hall.receiptNo)).toEqual([]);
    t.clock.set('2026-12-04T01:00:00Z');
    await run();
    expect(await sent()).toEqual([]);
  });

  it('signs requests as SwitchBot documents; a wrong secret is refused without retrying', async () => {
    const wrong = createSwitchBot({ token: TOKEN, secret: 'not-it', baseUrl });
    const r = await wrong.listKeys('KEYPAD1');
    expect(r).toMatchObject({ ok: false, retry: false });
    expect(fake.badSignatures).toBe(1);
    expect((await client().listKeys('KEYPAD1')).ok).toBe(true);
  });

  it('gives all-day bookings a notice at 15:00 the day before, valid to 24:00 of the day', () => {
    const lock = { ...t.published.tenant.list('lock')[0], allDayNotice: '15:00' };
    const w = passcodeWindow(lock, { slotStart: Date.parse('2026-12-05T06:00:00+09:00'), slotEnd: Date.parse('2026-12-05T22:00:00+09:00') }, 'Asia/Tokyo');
    expect(w.noticeAt).toBe(Date.parse('2026-12-04T15:00:00+09:00'));
    expect(w.validUntil).toBe(Date.parse('2026-12-06T00:00:00+09:00'));
  });
});
