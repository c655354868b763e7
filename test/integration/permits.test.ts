// 施設利用登録 with the demo tenant: the city gym's evening slots (17:00 and later) need
// the permit gym-evening (until the fiscal-year end, staff approve, reminder 30 days
// before). A booking without it is refused with booking.permit_required in the API
// and on the pages; apply → approve → book; 窓口登録; expiry and the renewal reminder;
// and the 窓口・電話のみ civic hall.
import { beforeEach, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { startSession } from '../../engine/auth/member-session';
import { runDueJobs } from '../../engine/jobs/scheduler';
import { silentLogger } from '../helpers/test-app';
import { createAdminTestApp, type AdminTestApp } from './admin-helpers';
import { createClient, h1Of, hiddenOf, textOf } from './resident-client';
import { sqlAll, sqlGet } from '../../engine/db';

const T = '/api/t/demo-city';
const A = '/api/admin/t/demo-city';
const EVENING = '2026-12-08T17:00:00+09:00';
const MORNING = '2026-12-08T09:00:00+09:00';
const gymAnswers = (n: number) => ({ name: `夜の会 ${n}`, phone: `0903333${String(n).padStart(4, '0')}`, people: 10, purpose: 'volleyball' });
const permitAnswers = { leader: '夜野 守', phone: '09012345678', activity: 'volleyball', people: 12 };

let t: AdminTestApp;
let n = 0;
beforeEach(async () => {
  t = await createAdminTestApp();
});

const staff = (method: string, path: string, body?: unknown, who: 'manager' | 'staff' | 'otherStaff' = 'manager') => t.request(method, `${A}${path}`, { cookie: t.cookies[who], ...(body !== undefined ? { body } : {}) });
const apiBook = (start: string, resource = 'court-a') => t.request('POST', `${T}/services/gym/reservations`, { body: { resource, start, answers: gymAnswers(++n) } });
const outbox = async (event: string) => sqlAll<{ rcpt: string; body: string }>(t.db, `SELECT recipient AS rcpt, body_text AS body FROM notification_outbox WHERE event = ?`, [event]);
const permitRow = async (no: string) => (await sqlGet<{ status: string; validFrom: string | null; validUntil: string | null }>(t.db, `SELECT status, valid_from AS "validFrom", valid_until AS "validUntil" FROM permits WHERE permit_no = ?`, [no]))!;
const jobs = () => runDueJobs({ db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger }, registry);

/** A member logged in on the resident pages (a client that keeps the session cookie). */
async function memberClient(name = '夜野 守') {
  n++;
  const m = await t.addMember({ name, phone: `0904444${String(n).padStart(4, '0')}`, email: `night${n}@example.jp` });
  const client = createClient(t.app);
  client.cookies.set('mr_session', await startSession(t.db, 'demo-city', m.id, t.clock.now().getTime()));
  return { ...m, client, email: `night${n}@example.jp` };
}

/** Applies for the gym's evening permit through the pages (入力 → 確認 → 申請). */
async function applyOnPages(client: ReturnType<typeof createClient>) {
  const form = await client.get('/t/demo-city/permits/gym-evening');
  expect(form.status).toBe(200);
  const fields = { 'a.leader': permitAnswers.leader, 'a.phone': permitAnswers.phone, 'a.activity': permitAnswers.activity, 'a.people': String(permitAnswers.people) };
  const review = await client.post('/t/demo-city/permits/gym-evening', { ...hiddenOf(form.html, '/permits/gym-evening'), ...fields, action: 'next' });
  expect(h1Of(review.html)).toContain('施設利用登録の申請');
  expect(review.html).toContain('申請内容の確認');
  const done = await client.post('/t/demo-city/permits/gym-evening', { ...hiddenOf(review.html, '/permits/gym-evening', 'permit-apply'), action: 'confirm' });
  // Post/Redirect/Get: the completion page is a GET of its own (reload does not apply twice).
  expect(done.status).toBe(200);
  expect(done.redirectedTo).toMatch(/^\/t\/demo-city\/permits\/gym-evening\?s=/);
  return { no: textOf(done.html, 'permit-no'), status: textOf(done.html, 'permit-status'), html: done.html, donePath: done.redirectedTo!, reviewPath: review.redirectedTo! };
}

/** Books an evening slot through the pages as the logged-in member; returns the last response. */
async function bookOnPages(client: ReturnType<typeof createClient>, start = EVENING) {
  const path = `/t/demo-city/s/gym/book?resource=court-a&start=${encodeURIComponent(start)}`;
  const form = await client.get(path);
  if (form.status !== 200) return form;
  const fields = { 'a.name': '夜の会', 'a.phone': '0903333999', 'a.people': '10', 'a.purpose': 'volleyball' };
  const review = await client.post('/t/demo-city/s/gym/book', { ...hiddenOf(form.html, '/s/gym/book'), ...fields, action: 'next' });
  return client.post('/t/demo-city/s/gym/book', { ...hiddenOf(review.html, '/s/gym/book', 'confirm'), action: 'confirm' });
}

describe('booking a slot that needs a permit', () => {
  it('is refused in the API with booking.permit_required, naming the permit and how to apply, in both languages', async () => {
    const r = await apiBook(EVENING);
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({
      code: 'booking.permit_required',
      details: { permit: '市民体育館 夜間利用登録', permitId: 'gym-evening', date: '2026-12-08', applyUrl: '/t/demo-city/permits/gym-evening', applyApi: '/api/t/demo-city/permits/gym-evening/applications' },
      issues: [expect.objectContaining({ path: '/start', code: 'booking.permit_required' })],
    });
    expect(r.body.error.message).toContain('施設利用登録「市民体育館 夜間利用登録」が必要です');
    expect(r.body.error.message).toContain('申請');
    const en = await t.request('POST', `${T}/services/gym/reservations?lang=en`, { body: { resource: 'court-b', start: '2026-12-08T19:00:00+09:00', answers: gymAnswers(++n) } });
    expect(en.body.error.message).toContain('"City gym: evening use permit"');
    // Day slots need no permit.
    expect((await apiBook(MORNING)).status).toBe(201);
  });

  it('the booking form refuses before it is filled in, with a link to apply', async () => {
    const m = await memberClient();
    const page = await m.client.get(`/t/demo-city/s/gym/book?resource=court-a&start=${encodeURIComponent(EVENING)}`);
    expect(page.status).toBe(403);
    expect(page.html).toContain('施設利用登録「市民体育館 夜間利用登録」が必要です');
    expect(page.html).toContain('href="/t/demo-city/permits/gym-evening"');
    // The service page says which slots need it.
    const service = await m.client.get('/t/demo-city/s/gym');
    expect(service.html).toContain('id="service-notices"');
    expect(service.html).toContain('17:00〜21:00に始まる枠');
    // The permits page in English.
    const en = await m.client.get('/t/demo-city/permits?lang=en');
    expect(h1Of(en.html)).toBe('Facility-use permits');
    expect(en.html).toContain('City gym: evening use permit');
    expect(en.html).toContain('slots starting 17:00–21:00');
    expect(en.html).toContain('You hold no facility-use permits yet.');
  });

  it('apply on the pages → staff approve → the member books the evening slot', async () => {
    const m = await memberClient();
    const applied = await applyOnPages(m.client);
    expect(applied.status).toBe('申請中');
    expect(await permitRow(applied.no)).toMatchObject({ status: 'applied', validFrom: null });
    expect(await outbox('permit.applied')).toEqual([expect.objectContaining({ rcpt: m.email })]);
    // Reload and back: the completion page again (nothing applied twice); 確認 again, read from the saved screen.
    const reload = await m.client.get(applied.donePath);
    expect([reload.status, textOf(reload.html, 'permit-no')]).toEqual([200, applied.no]);
    expect(applied.reviewPath).toMatch(/\?s=/);
    const back = await m.client.get(applied.reviewPath);
    expect(back.html).toContain('申請内容の確認');
    expect(back.html).toContain(permitAnswers.activity);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM permits WHERE member_id = ?`, [m.id]))!.n).toBe(1);
    // Another browser cannot open the saved screen (the id needs this browser's cookie).
    const other = await memberClient();
    expect((await other.client.get(applied.donePath)).status).toBe(303);

    // Still refused meanwhile, now saying the application is under review.
    const waiting = await m.client.get(`/t/demo-city/s/gym/book?resource=court-a&start=${encodeURIComponent(EVENING)}`);
    expect(waiting.status).toBe(403);
    expect(waiting.html).toContain(`申請中の登録 ${applied.no} は審査中です`);
    // A second application is turned away before the form, saying why.
    const twice = await m.client.get('/t/demo-city/permits/gym-evening');
    expect(twice.status).toBe(409);
    expect(twice.html).toContain(`すでに申請中です（登録番号 ${applied.no}）`);
    expect(twice.html).not.toContain('id="f-leader"');

    const queue = await staff('GET', '/permits?status=applied');
    expect(queue.body.rows).toEqual([expect.objectContaining({ permitNo: applied.no, status: 'applied', memberNo: m.memberNo, memberName: '夜野 守', answers: permitAnswers })]);
    // No 施設利用登録証 for an application: a card is shown at the counter as proof.
    const early = await staff('GET', `/permits/${applied.no}/card?size=card`);
    expect([early.status, early.body.error.code]).toEqual([409, 'permit.card_not_in_force']);
    const ok = await staff('POST', `/permits/${applied.no}/approve`, {});
    expect(ok.status).toBe(200);
    for (const size of ['a4', 'card']) {
      const card = await staff('GET', `/permits/${applied.no}/card?size=${size}`);
      expect([card.status, card.headers.get('content-type')]).toEqual([200, expect.stringContaining('text/html')]);
      const text = card.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      expect(text).toContain('施設利用登録証');
      expect(card.text).toContain(`data-testid="card-number">${applied.no}<`);
      expect(text).toContain(`会員 ${m.memberNo} 夜野 守`);
      expect(text).toContain('対象 市民体育館（A面・B面・全面） 17:00〜21:00に始まる枠');
      expect(text).toContain('有効期間 2026年12月1日 〜 2027年3月31日');
    }
    expect((await staff('GET', `/permits/${applied.no}/card?size=b5`)).status).toBe(422);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'permit.card_printed'`))!.n).toBe(2);
    expect(ok.body).toMatchObject({ status: 'approved', validFrom: '2026-12-01', validUntil: '2027-03-31' });
    expect(await outbox('permit.approved')).toEqual([expect.objectContaining({ rcpt: m.email, body: expect.stringContaining('2027年3月31日') })]);
    expect((await staff('POST', `/permits/${applied.no}/approve`, {})).body.error.code).toBe('permit.nothing_to_decide');

    const done = await bookOnPages(m.client);
    expect(done.status).toBe(200); // the completion page, re-opened by GET after the 303
    expect(done.redirectedTo).toMatch(/\?s=/);
    expect(h1Of(done.html)).toBe('お申込受付');
    const audit = (await sqlGet<{ details: string }>(t.db, `SELECT details_json AS details FROM audit_log WHERE action = 'booking.confirmed' ORDER BY id DESC LIMIT 1`))!;
    expect(JSON.parse(audit.details)).toMatchObject({ permit: applied.no });
    // 照会: the member's page and the permits page show it with its period.
    const my = await m.client.get('/t/demo-city/my');
    expect(my.html).toMatch(/id="member-links".*施設利用登録「市民体育館 夜間利用登録」/s);
    expect(my.html).toContain('2027年3月31日');
    const mine = await t.request('GET', `${T}/permits`, { headers: { cookie: `mr_session=${m.client.cookies.get('mr_session')}` } });
    expect(mine.body.mine).toEqual([expect.objectContaining({ permitNo: applied.no, status: 'approved', statusLabel: '承認' })]);
    expect(mine.body.permits[0]).toMatchObject({ id: 'gym-evening', requiresApproval: true, validity: { kind: 'fiscal-year-end' } });
  });

  it('a rejection needs a reason, tells the member, and shows 却下 with the reason', async () => {
    const m = await memberClient();
    const applied = await applyOnPages(m.client);
    expect((await staff('POST', `/permits/${applied.no}/reject`, {})).body.error.code).toBe('permit.reason_required');
    const r = await staff('POST', `/permits/${applied.no}/reject`, { reason: '活動内容を確認できませんでした' });
    expect(r.body).toMatchObject({ status: 'rejected', reason: '活動内容を確認できませんでした' });
    expect((await outbox('permit.rejected'))[0]!.body).toContain('活動内容を確認できませんでした');
    const page = await m.client.get('/t/demo-city/permits');
    expect(page.html).toContain('却下');
    expect(page.html).toContain('活動内容を確認できませんでした');
    // A new application is possible after a rejection.
    expect((await applyOnPages(m.client)).status).toBe('申請中');
  });

  it('the API applies for a logged-in member only, and validates the answers', async () => {
    const m = await memberClient();
    const cookie = `mr_session=${m.client.cookies.get('mr_session')}`;
    expect((await t.request('POST', `${T}/permits/gym-evening/applications`, { body: { answers: permitAnswers } })).body.error.code).toBe('permit.login_required');
    const bad = await t.request('POST', `${T}/permits/gym-evening/applications`, { body: { answers: { leader: '夜野 守' } }, headers: { cookie } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['/answers/phone', '/answers/activity']));
    const ok = await t.request('POST', `${T}/permits/gym-evening/applications`, { body: { answers: permitAnswers }, headers: { cookie } });
    expect(ok.status).toBe(201);
    const again = await t.request('POST', `${T}/permits/gym-evening/applications`, { body: { answers: permitAnswers }, headers: { cookie } });
    expect(again.body.error).toMatchObject({ code: 'permit.already_applied', details: { permitNo: ok.body.permitNo } });
  });
});

describe('lottery entries for slots a permit covers', () => {
  it('a choice of an evening slot needs the permit too, refused at the choice', async () => {
    const entry = (cookie?: string) =>
      t.request('POST', `${T}/lotteries/gym-monthly-2027-02/entries`, {
        body: { choices: [{ resource: 'court-b', start: '2027-02-13T09:00:00+09:00' }, { resource: 'court-b', start: '2027-02-13T17:00:00+09:00' }], answers: gymAnswers(++n) },
        ...(cookie ? { headers: { cookie } } : {}),
      });
    const anonymous = await entry();
    expect(anonymous.status).toBe(403);
    expect(anonymous.body.error).toMatchObject({ code: 'booking.permit_required', issues: [expect.objectContaining({ path: '/choices/1' })] });
    const m = await t.addMember({ name: '抽選 夜子', phone: '0458889999', email: 'lot@example.jp' });
    await staff('POST', '/permits', { permit: 'gym-evening', memberId: m.id, answers: permitAnswers });
    const held = await entry(`mr_session=${await startSession(t.db, 'demo-city', m.id, t.clock.now().getTime())}`);
    expect(held.status).toBe(201);
  });
});

describe('staff and permits', () => {
  it('register a permit at the desk, then book the evening for the member; without it staff are refused too', async () => {
    const m = await t.addMember({ name: '窓口 太郎', phone: '0455556666', email: 'desk@example.jp' });
    const book = () => staff('POST', '/bookings', { service: 'gym', resource: 'court-b', start: EVENING, memberId: m.id, answers: gymAnswers(++n) });
    const refused = await book();
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('booking.permit_required');
    // Told to staff in their terms: register it at the desk, then book.
    expect(refused.body.error.message).toContain('窓口登録で登録してから予約してください');
    // Staff without a member: a permit belongs to a member, so it is refused with the same reason.
    expect((await staff('POST', '/bookings', { service: 'gym', resource: 'court-b', start: EVENING, answers: gymAnswers(++n) })).body.error.code).toBe('booking.permit_required');

    const reg = await staff('POST', '/permits', { permit: 'gym-evening', memberId: m.id, answers: permitAnswers });
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({ status: 'approved', channel: 'staff', validFrom: '2026-12-01', validUntil: '2027-03-31', decidedBy: 'manager' });
    expect(await outbox('permit.approved')).toHaveLength(1);
    expect(await outbox('permit.applied')).toHaveLength(0);
    expect((await book()).status).toBe(201);
    const again = await staff('POST', '/permits', { permit: 'gym-evening', memberId: m.id, answers: permitAnswers });
    expect(again.body.error).toMatchObject({ code: 'permit.already_held', details: { until: '2027-03-31', renewFrom: '2027-03-01' } });
    // The permit's history is in the audit log.
    const history = await sqlAll<{ action: string; actor: string }>(t.db, `SELECT action, actor_id AS actor FROM audit_log WHERE target_type = 'permit' ORDER BY id`);
    expect(history).toEqual([{ action: 'permit.registered', actor: 'manager' }]);
    // Revoking needs a reason; the member is refused again afterwards.
    expect((await staff('POST', `/permits/${reg.body.permitNo}/revoke`, {})).body.error.code).toBe('permit.reason_required');
    expect((await staff('POST', `/permits/${reg.body.permitNo}/revoke`, { reason: '利用規則違反' })).body.status).toBe('revoked');
    expect((await staff('POST', '/bookings', { service: 'gym', resource: 'court-a', start: '2026-12-09T19:00:00+09:00', memberId: m.id, answers: gymAnswers(++n) })).body.error.code).toBe('booking.permit_required');
  });

  it('staff see only the permits of their facilities', async () => {
    const m = await memberClient();
    const applied = await applyOnPages(m.client);
    expect((await staff('GET', '/permits', undefined, 'staff')).body.rows).toEqual([]);
    expect((await staff('POST', `/permits/${applied.no}/approve`, {}, 'staff')).status).toBe(404);
    expect((await staff('GET', '/permits?status=applied', undefined, 'otherStaff')).body.rows).toHaveLength(1);
    expect((await staff('GET', '/permits?status=maybe')).body.error.issues[0].path).toBe('/status');
  });
});

describe('expiry and renewal', () => {
  async function granted() {
    const m = await t.addMember({ name: '更新 花子', phone: '0457778888', email: 'renew@example.jp' });
    const reg = await staff('POST', '/permits', { permit: 'gym-evening', memberId: m.id, answers: permitAnswers });
    expect(reg.body.validUntil).toBe('2027-03-31');
    return { m, no: reg.body.permitNo as string };
  }

  it('a permit is valid up to its last day: a later evening is refused, and the sweep marks it 失効', async () => {
    const { m, no } = await granted();
    t.clock.set('2027-03-01T01:00:00Z'); // the end of March is inside the gym's booking window now
    const manager = await t.login('manager', 'staff-pass-2026');
    const at = (start: string) => t.request('POST', `${A}/bookings`, { cookie: manager, body: { service: 'gym', resource: 'court-a', start, memberId: m.id, answers: gymAnswers(++n) } });
    expect((await at('2027-03-30T17:00:00+09:00')).status).toBe(201);
    const after = await at('2027-04-06T17:00:00+09:00');
    expect(after.body.error).toMatchObject({ code: 'booking.permit_required', details: { date: '2027-04-06' } });

    expect(await jobs()).toContain('permit/expiry-and-renewal');
    expect((await permitRow(no)).status).toBe('approved');
    t.clock.set('2027-04-01T00:30:00Z'); // 09:30 on 1 April in Tokyo
    await jobs();
    expect((await permitRow(no)).status).toBe('expired');
    const list = await t.request('GET', `${A}/permits?status=expired`, { cookie: await t.login('manager', 'staff-pass-2026') });
    expect(list.body.rows).toEqual([expect.objectContaining({ permitNo: no, statusLabel: '失効' })]);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'permit.expired' AND target_id = ?`, [no]))!.n).toBe(1);
  });

  it('sends the renewal reminder once, 30 days before expiry; the renewal starts the day after the old permit ends', async () => {
    const { m, no } = await granted();
    t.clock.set('2027-02-27T00:00:00Z');
    await jobs();
    expect(await outbox('permit.renewal_due')).toHaveLength(0);
    t.clock.set('2027-03-02T00:00:00Z');
    await jobs();
    expect(await outbox('permit.renewal_due')).toEqual([expect.objectContaining({ rcpt: 'renew@example.jp', body: expect.stringContaining('2027年3月31日') })]);
    t.clock.advance(3_600_000);
    await jobs();
    expect(await outbox('permit.renewal_due')).toHaveLength(1);

    const manager = await t.login('manager', 'staff-pass-2026');
    const renewed = await t.request('POST', `${A}/permits`, { cookie: manager, body: { permit: 'gym-evening', memberId: m.id, answers: permitAnswers } });
    expect(renewed.body).toMatchObject({ status: 'approved', validFrom: '2027-04-01', validUntil: '2028-03-31' });
    expect((await permitRow(no)).status).toBe('approved');
    // Both are in force for their own days: an evening in April is bookable now.
    expect((await t.request('POST', `${A}/bookings`, { cookie: manager, body: { service: 'gym', resource: 'court-a', start: '2027-04-06T17:00:00+09:00', memberId: m.id, answers: gymAnswers(++n) } })).status).toBe(201);
  });

  it('a member who renewed online before the reminder gets none', async () => {
    const m = await memberClient();
    const first = await applyOnPages(m.client);
    await staff('POST', `/permits/${first.no}/approve`, {});
    const early = await m.client.get('/t/demo-city/permits/gym-evening');
    expect(early.status).toBe(409);
    expect(early.html).toContain('2027年3月31日（水） まで有効です。更新の申請は 2027年3月1日（月） からできます。');
    t.clock.set('2027-03-01T00:00:00Z');
    m.client.cookies.set('mr_session', await startSession(t.db, 'demo-city', m.id, t.clock.now().getTime())); // logged in again
    const second = await applyOnPages(m.client);
    expect(second.status).toBe('申請中');
    await jobs();
    expect(await outbox('permit.renewal_due')).toHaveLength(0);
  });
});

describe('窓口・電話のみ (a service not bookable online)', () => {
  const START = '2027-01-12T09:00:00+09:00';
  const answers = { name: '演奏会 実行委員会', phone: '0312349999', event: '定期演奏会' };

  it('says so in the API, refuses resident bookings with booking.not_online, and staff still book it', async () => {
    const info = await t.request('GET', `${T}/services/civic-hall`);
    expect(info.body.online).toEqual({ bookable: false, reason: expect.stringContaining('インターネットでは予約できません'), contact: '市民ホール事務室（電話 0120-000-111、9:00〜17:00、月曜休館）' });
    const r = await t.request('POST', `${T}/services/civic-hall/reservations`, { body: { resource: 'main-hall', start: START, answers } });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'booking.not_online', details: { service: 'civic-hall', contact: expect.stringContaining('0120-000-111') } });
    const proxy = await staff('POST', '/bookings', { service: 'civic-hall', resource: 'main-hall', start: START, answers });
    expect(proxy.status).toBe(201);
    expect(proxy.body.status).toBe('confirmed');
  });

  it('its page shows the reason and where to apply instead of a grid, and the form is refused', async () => {
    const client = createClient(t.app);
    const page = await client.get('/t/demo-city/s/civic-hall');
    expect(page.status).toBe(200);
    expect(page.html).toContain('id="counter-only"');
    expect(textOf(page.html, 'counter-contact')).toBe('市民ホール事務室（電話 0120-000-111、9:00〜17:00、月曜休館）');
    expect(page.html).not.toContain('class="grid"');
    expect(page.html).not.toContain('/s/civic-hall/book');
    const top = await client.get('/t/demo-city/');
    expect(top.html).toContain('窓口・電話のみ');
    const form = await client.get(`/t/demo-city/s/civic-hall/book?resource=main-hall&start=${encodeURIComponent(START)}`);
    expect(form.status).toBe(403);
    expect(form.html).toContain('インターネットでは予約できません');
  });
});
