// キャンセル待ち through the resident API: join only a full slot, in order; a freed
// place is offered to the first in line that fits (composite courts, quotas), held
// until accepted or expired, then passed on. The offer sweep is the kind's job,
// run here through the scheduler with a fixed clock.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { checkCounters } from '../../engine/booking/counters';
import { runDueJobs } from '../../engine/jobs/scheduler';
import { createTestApp, silentLogger } from '../helpers/test-app';

const NOW = '2026-12-01T00:00:00Z';
const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  {
    kind: 'form', id: 'f', title: '申込',
    fields: [
      { id: 'name', type: 'text', label: '氏名', required: true },
      { id: 'phone', type: 'phone', label: '電話番号', required: true },
      { id: 'email', type: 'email', label: 'メール' },
    ],
  },
  {
    kind: 'calendar', id: 'courts', title: '体育館',
    resources: [{ id: 'a', title: 'A面' }, { id: 'b', title: 'B面' }, { id: 'whole', title: '全面', consumes: ['a', 'b'] }],
    slotMinutes: 120, capacity: 1, weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '09:00', close: '13:00' }],
  },
  { kind: 'quota', id: 'one-a-day', title: '1日1回', perPeriod: { period: 'day', max: 1 } },
  { kind: 'service', id: 'gym', title: '体育館', form: 'f', calendar: 'courts', quotas: ['one-a-day'] },
  { kind: 'waitlist', id: 'gym-wait', service: 'gym', offerHours: 24, maxPerPerson: 2 },
  {
    kind: 'notification', id: 'notices', title: '通知',
    messages: [
      { id: 'offer', event: 'waitlist.offered', channels: ['email'], subject: '空きが出ました（{{booking.receiptNo}}）', body: '{{booking.datetime}} に空きが出ました。{{offer.expiresAt}} までに確定してください。' },
      { id: 'join', event: 'waitlist.joined', channels: ['email'], subject: 'キャンセル待ちを受け付けました', body: '受付番号 {{booking.receiptNo}}' },
    ],
  },
];
const T = '/api/t/test-town';
const at10 = '2026-12-03T09:00:00+09:00';
const person = (n: number) => ({ name: `利用者${n}`, phone: `090000000${n}`, email: `p${n}@example.jp` });

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  t = await createTestApp(blocks, { now: NOW });
});
const book = (resource: string, n: number, start = at10) => t.json('POST', `${T}/services/gym/reservations`, { resource, start, answers: person(n) });
const join = (resource: string, n: number, start = at10) => t.json('POST', `${T}/services/gym/waitlist`, { resource, start, answers: person(n) });
const entry = (w: { waitNo: string; accessKey: string }) => t.json('GET', `${T}/waitlist/${w.waitNo}`, undefined, { 'x-access-key': w.accessKey });
const sweep = async () => {
  t.clock.advance(60_000); // the next due time of the one-minute job
  return runDueJobs({ db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger }, registry);
};
const used = (unit: string) => t.db.get<{ n: number } | undefined>(sql`SELECT used AS n FROM slot_counters WHERE unit = ${unit}`)?.n ?? 0;

describe('waiting list', () => {
  it('takes only full slots, in order, once per person and slot', async () => {
    const free = await join('a', 1);
    expect(free.status).toBe(409);
    expect(free.body.error.code).toBe('waitlist.has_room');
    expect((await book('a', 1)).status).toBe(201);
    const first = await join('a', 2);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'waitlisted', position: 1, resource: 'a' });
    expect(first.body.accessKey).toBeTruthy();
    expect((await join('a', 3)).body.position).toBe(2);
    const again = await join('a', 2);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('waitlist.already_waiting');
    // Waiting holds nothing: the slot stays as booked.
    expect(used('a')).toBe(1);
    expect(t.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM notification_outbox WHERE event = 'waitlist.joined'`).n).toBe(2);
  });

  it('offers a freed place to the first in line, holds it, and the offer is accepted as a booking', async () => {
    const booked = await book('a', 1);
    const w2 = (await join('a', 2)).body;
    const w3 = (await join('a', 3)).body;
    expect(await sweep()).toContain('waitlist/offers');
    expect((await entry(w2)).body.status).toBe('waitlisted'); // nothing freed yet

    expect((await t.json('DELETE', `${T}/reservations/${booked.body.receiptNo}`, undefined, { 'x-access-key': booked.body.accessKey })).status).toBe(200);
    expect(used('a')).toBe(0);
    await sweep();
    const offered = (await entry(w2)).body;
    expect(offered).toMatchObject({ status: 'offered', offerExpiresAt: '2026-12-02T09:02:00+09:00' }); // two sweeps (2 min) after 09:00, plus 24 h
    expect(used('a')).toBe(1); // the offer holds the place
    expect((await entry(w3)).body).toMatchObject({ status: 'waitlisted', position: 1 });
    const mail = t.db.get<{ body: string; rcpt: string }>(sql`SELECT body_text AS body, recipient AS rcpt FROM notification_outbox WHERE event = 'waitlist.offered'`);
    expect(mail).toMatchObject({ rcpt: 'p2@example.jp' });
    expect(mail.body).toContain('2026年12月2日（水） 09:02 までに確定してください');
    // Someone else cannot book the held place.
    expect((await book('a', 4)).status).toBe(409);

    const accepted = await t.json('POST', `${T}/waitlist/${w2.waitNo}/accept`, undefined, { 'x-access-key': w2.accessKey });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('confirmed');
    const view = await t.json('GET', `${T}/reservations/${w2.waitNo}`, undefined, { 'x-access-key': w2.accessKey });
    expect(view.body.status).toBe('confirmed');
    expect(t.db.all<{ f: string | null; t: string }>(sql`SELECT from_status AS f, to_status AS t FROM booking_history h JOIN bookings b ON b.id = h.booking_id WHERE b.receipt_no = ${w2.waitNo} ORDER BY h.id`)).toEqual([
      { f: null, t: 'waitlisted' },
      { f: 'waitlisted', t: 'offered' },
      { f: 'offered', t: 'confirmed' },
    ]);
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
  });

  it('passes an unaccepted offer on when it expires', async () => {
    const booked = await book('a', 1);
    const w2 = (await join('a', 2)).body;
    const w3 = (await join('a', 3)).body;
    await t.json('DELETE', `${T}/reservations/${booked.body.receiptNo}`, undefined, { 'x-access-key': booked.body.accessKey });
    await sweep();
    expect((await entry(w2)).body.status).toBe('offered');
    t.clock.advance(24 * 3_600_000);
    await sweep();
    expect((await entry(w2)).body.status).toBe('expired');
    expect((await entry(w3)).body.status).toBe('offered');
    expect(used('a')).toBe(1);
    const late = await t.json('POST', `${T}/waitlist/${w2.waitNo}/accept`, undefined, { 'x-access-key': w2.accessKey });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('waitlist.no_offer');
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
  });

  it('does not offer a freed A面 to someone waiting for 全面 while B面 is taken, but to the next who fits', async () => {
    const a = await book('a', 1);
    expect((await book('b', 2)).status).toBe(201);
    const whole = (await join('whole', 3)).body;
    const forA = (await join('a', 4)).body;
    await t.json('DELETE', `${T}/reservations/${a.body.receiptNo}`, undefined, { 'x-access-key': a.body.accessKey });
    await sweep();
    expect((await entry(whole)).body.status).toBe('waitlisted');
    expect((await entry(forA)).body.status).toBe('offered');
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
  });

  it('skips someone whose quota is used up meanwhile, and leaving frees an offered place for the next', async () => {
    const a = await book('a', 1);
    const w2 = (await join('a', 2)).body;
    const w3 = (await join('a', 3)).body;
    // Person 2 books another court the same day: one a day, so they can no longer take A面.
    expect((await book('b', 2, '2026-12-03T11:00:00+09:00')).status).toBe(201);
    await t.json('DELETE', `${T}/reservations/${a.body.receiptNo}`, undefined, { 'x-access-key': a.body.accessKey });
    await sweep();
    expect((await entry(w2)).body.status).toBe('waitlisted');
    expect((await entry(w3)).body.status).toBe('offered');
    const left = await t.json('DELETE', `${T}/waitlist/${w3.waitNo}`, undefined, { 'x-access-key': w3.accessKey });
    expect(left.status).toBe(200);
    expect(used('a')).toBe(0);
    const wrongKey = await t.json('GET', `${T}/waitlist/${w2.waitNo}`, undefined, { 'x-access-key': w3.accessKey });
    expect(wrongKey.status).toBe(404);
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
  });

  it('is refused for a service without a list, and its job runs once per due time', async () => {
    const noList = await createTestApp(blocks.filter((b) => b.kind !== 'waitlist'), { now: NOW });
    const r = await noList.json('POST', `${T}/services/gym/waitlist`, { resource: 'a', start: at10, answers: person(1) });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('waitlist.not_available');
    const deps = { db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger };
    t.clock.advance(60_000);
    expect(await runDueJobs(deps, registry)).toContain('waitlist/offers');
    expect(await runDueJobs(deps, registry)).toEqual([]);
  });
});
