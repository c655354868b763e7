// Fees through the HTTP API: the fee is computed in the booking's transaction and
// shown in the response; the booking waits for payment holding its place; staff
// record the payment at the counter; unpaid bookings expire and give the place back.
import { beforeEach, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { checkCounters } from '../../engine/booking/counters';
import { sqlAll, sqlGet, sqlRun } from '../../engine/db';
import { runDueJobs } from '../../engine/jobs/scheduler';
import { ensureAdminAccounts } from '../../engine/staff/bootstrap';
import { createTestApp, silentLogger } from '../helpers/test-app';

const NOW = '2026-12-01T00:00:00Z'; // Tue 09:00 JST
const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  {
    kind: 'form', id: 'f', title: '申込',
    fields: [
      { id: 'name', type: 'text', label: '氏名', required: true },
      { id: 'email', type: 'email', label: 'メール', required: true },
      { id: 'residence', type: 'radio', label: 'お住まい', required: true, options: [{ value: 'city', label: '市内' }, { value: 'outside', label: '市外' }] },
      { id: 'group', type: 'radio', label: '団体区分', options: [{ value: 'none', label: '一般' }, { value: 'disabled', label: '障がい者団体' }] },
      { id: 'projector', type: 'number', label: 'プロジェクター', integer: true, min: 0, max: 3 },
    ],
  },
  {
    kind: 'calendar', id: 'rooms', title: '会議室', resources: [{ id: 'room', title: '第1会議室' }],
    slotMinutes: 180, capacity: 1, weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '09:00', close: '21:00' }],
  },
  { kind: 'service', id: 'meeting', version: 2, title: '会議室', form: 'f', calendar: 'rooms', admission: ['payment'] },
  {
    kind: 'fee', id: 'meeting-fee', service: 'meeting',
    rates: [
      { label: '午前', from: '09:00', to: '12:00', amount: 1200 },
      { label: '午後', from: '12:00', to: '18:00', amount: 1600 },
      { label: '夜間', from: '18:00', to: '21:00', amount: 400, per: 'hour' },
    ],
    surcharges: [{ id: 'outside', label: '市外', when: { '==': [{ var: 'answers.residence' }, 'outside'] }, percent: 50 }],
    options: [{ id: 'projector', label: 'プロジェクター', field: 'projector', amount: 500, per: 'unit' }],
    reductions: [{ id: 'disabled', label: '障がい者団体', percent: 100, when: { '==': [{ var: 'answers.group' }, 'disabled'] } }],
    rounding: { unit: 10, mode: 'floor' },
    payment: { withinDays: 7, closesDaysBefore: 3 },
  },
  {
    kind: 'notification', id: 'notices', title: '通知',
    messages: [
      { id: 'due', event: 'booking.awaiting_payment', channels: ['email'], subject: 'お支払いのお願い', body: '受付番号 {{booking.receiptNo}}' },
      { id: 'paid', event: 'payment.received', channels: ['email'], subject: '支払済み', body: '{{payment.amount}}（{{payment.method}}）を受け取りました。' },
      { id: 'gone', event: 'payment.expired', channels: ['email'], subject: '期限切れ', body: '受付番号 {{booking.receiptNo}} は取り消されました。' },
    ],
  },
];
const T = '/api/t/test-town';
const A = '/api/admin/t/test-town';
const day = '2026-12-10';
const answers = (o: Record<string, unknown> = {}) => ({ name: '山田 花子', email: 'hanako@example.jp', residence: 'outside', group: 'none', projector: 1, ...o });

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  t = await createTestApp(blocks, { now: NOW });
});
const book = (time: string, o: Record<string, unknown> = {}, date = day) => t.json('POST', `${T}/services/meeting/reservations`, { resource: 'room', start: `${date}T${time}:00+09:00`, answers: answers(o) });
const used = async () => (await sqlGet<{ n: number }>(t.db, 'SELECT COALESCE(SUM(used), 0) AS n FROM slot_counters'))!.n;
async function staffCookie() {
  await ensureAdminAccounts({ db: t.db, clock: t.clock }, ['test-town'], 'admin-pass-2026');
  await sqlRun(t.db, "UPDATE staff_accounts SET must_change_password = false WHERE tenant_slug = 'test-town'");
  const login = await t.app.request(`${A}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId: 'admin', password: 'admin-pass-2026' }) });
  return /muni_staff=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
}

describe('fees and payment', () => {
  it('computes the fee in the booking, waits for payment holding the place, and shows the breakdown', async () => {
    const r = await book('18:00');
    expect(r.status).toBe(201);
    // 夜間 3 h × 400 = 1,200; 市外 +50% = 600; projector 500.
    expect(r.body).toMatchObject({ status: 'awaiting_payment', fee: { total: 2300 }, paymentDeadline: '2026-12-07T18:00:00+09:00' });
    expect(r.body.fee.lines.map((l: { label: string; amount: number }) => [l.label, l.amount])).toEqual([
      ['夜間', 1200],
      ['市外（50%）', 600],
      ['プロジェクター', 500],
    ]);
    expect(await used()).toBe(1);
    const fee = await t.json('GET', `${T}/reservations/${r.body.receiptNo}/fee`, undefined, { 'x-access-key': r.body.accessKey });
    expect(fee.body).toMatchObject({ status: 'awaiting_payment', statusLabel: 'お支払い待ち', paid: 0, outstanding: 2300 });
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM notification_outbox WHERE event = 'booking.awaiting_payment'`))!.n).toBe(1);
    // The deadline is the earlier of 7 days after booking and 3 days before use.
    const soon = await book('09:00', {}, '2026-12-05');
    expect(soon.body.paymentDeadline).toBe('2026-12-02T09:00:00+09:00');
  });

  it('staff record a cash payment of exactly what is owed; the booking is confirmed and the resident told', async () => {
    const r = await book('09:00', { residence: 'city', projector: 0 });
    const cookie = await staffCookie();
    const pay = (body: unknown) => t.json('POST', `${A}/bookings/${r.body.receiptNo}/payments`, body, { cookie, origin: 'http://localhost' });
    const wrong = await pay({ method: 'cash', amount: 1000 });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('fee.amount_mismatch');
    expect((await pay({ method: 'cash', amount: 12.5 })).body.error.code).toBe('fee.bad_amount');
    const ok = await pay({ method: 'cash', amount: 1200 });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'confirmed', paid: 1200, outstanding: 0, payments: [{ method: 'cash', amount: 1200 }] });
    const again = await pay({ method: 'cash', amount: 1200 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('fee.not_awaiting_payment');
    const mail = (await sqlGet<{ body: string }>(t.db, `SELECT body_text AS body FROM notification_outbox WHERE event = 'payment.received'`))!;
    expect(mail.body).toContain('1,200円（窓口現金）を受け取りました。');
    expect((await sqlAll<{ t: string }>(t.db, 'SELECT to_status AS t FROM booking_history ORDER BY id')).map((x) => x.t)).toEqual(['awaiting_payment', 'confirmed']);
  });

  it('expires an unpaid booking at its deadline and gives the place back', async () => {
    const r = await book('12:00');
    expect(await used()).toBe(1);
    const deps = { db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger };
    t.clock.advance(6 * 86_400_000);
    await runDueJobs(deps, registry);
    expect((await sqlGet<{ s: string }>(t.db, 'SELECT status AS s FROM bookings'))!.s).toBe('awaiting_payment');
    t.clock.advance(86_400_000 + 60_000);
    await runDueJobs(deps, registry);
    expect((await sqlGet<{ s: string }>(t.db, 'SELECT status AS s FROM bookings'))!.s).toBe('expired');
    expect(await used()).toBe(0);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM notification_outbox WHERE event = 'payment.expired'`))!.n).toBe(1);
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
    expect(r.body.receiptNo).toBeTruthy();
  });

  it('confirms at once what costs nothing (減免100%), and refuses online what cannot be paid in time', async () => {
    const free = await book('09:00', { group: 'disabled' });
    expect(free.body).toMatchObject({ status: 'confirmed', fee: { total: 0 } });
    expect(free.body.paymentDeadline).toBeUndefined();
    const late = await book('09:00', {}, '2026-12-03');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('fee.too_late_to_pay');
    expect(late.body.error.message).toContain('利用日の3日前');
  });

  it('refuses a time the table has no rate for, and stores the fee as computed when the table changes later', async () => {
    const r = await book('09:00', { residence: 'city', projector: 0 });
    const stored = async () => (await sqlGet<{ total: number }>(t.db, 'SELECT total FROM booking_charges'))!.total;
    expect(await stored()).toBe(1200);
    const cheaper = await createTestApp(blocks.map((b) => (b.kind === 'fee' ? { ...b, rates: [{ label: '午後', from: '12:00', to: '21:00', amount: 100 }] } : b)), { now: NOW });
    const none = await cheaper.json('POST', `${T}/services/meeting/reservations`, { resource: 'room', start: `${day}T09:00:00+09:00`, answers: answers() });
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe('fee.no_rate');
    expect(await stored()).toBe(1200);
    expect(r.status).toBe(201);
  });
});

describe('fees on the resident pages', () => {
  it('the completion page says the booking waits for payment and shows the fee and the deadline', async () => {
    const { createClient, hiddenOf, residentApp, textOf } = await import('./resident-client');
    const { app } = await residentApp(blocks, { now: NOW });
    const client = createClient(app);
    const BOOK = '/t/test-town/s/meeting/book';
    const form = await client.get(`${BOOK}?resource=room&start=${encodeURIComponent(`${day}T18:00:00+09:00`)}`);
    const review = await client.post(BOOK, { ...hiddenOf(form.html, BOOK), 'a.name': '山田 花子', 'a.email': 'hanako@example.jp', 'a.residence': 'outside', 'a.group': 'none', 'a.projector': '1', action: 'next' });
    const done = await client.post(BOOK, { ...hiddenOf(review.html, BOOK), action: 'confirm' });
    expect(done.status).toBe(200);
    expect(done.html).toContain('まだ確定していません（お支払い待ち）');
    expect(textOf(done.html, 'booking-status')).toBe('お支払い待ち');
    expect(done.html).toContain('2,300円');
    expect(done.html).toContain('2026年12月7日（月） 18:00');
  });
});
