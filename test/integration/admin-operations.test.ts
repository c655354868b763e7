// Desk operations: proxy booking for a member found by phone, capacity override
// (only when ticked, audited), change and cancel, search filters, visits and the
// 不来場 sweep, member management, and the audit of personal-data views.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import { sweepNoShows } from '../../engine/staff/no-show';
import { createAdminTestApp, STAFF_PASSWORD, type AdminTestApp } from './admin-helpers';
import { sqlAll, sqlGet, sqlRun } from '../../engine/db';

const T = '/api/admin/t/demo-city';
let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});
const audit = async (action: string) => (await sqlAll<{ actor_id: string; target_id: string; details_json: string; ip: string }>(t.db, `SELECT actor_id, target_id, details_json, ip FROM audit_log WHERE action = ? ORDER BY id`, [action]));

describe('proxy booking', () => {
  it('finds the member by phone with or without hyphens, books on their behalf and records the staff member', async () => {
    const m = await t.addMember({ name: '髙橋 一郎', phone: '09012345678' });
    await t.addMember({ name: '髙橋 二郎', phone: '09087654321' });
    const found = await t.request('GET', `${T}/members?q=090-1234-5678`, { cookie: t.cookies.staff });
    expect(found.body.rows.map((r: { id: string }) => r.id)).toEqual([m.id]);
    expect((await t.request('GET', `${T}/members?q=09012345678`, { cookie: t.cookies.staff })).body.rows).toHaveLength(1);
    expect((await t.request('GET', `${T}/members?memberNo=${m.memberNo}`, { cookie: t.cookies.staff })).body.rows[0].name).toBe('髙橋 一郎');
    expect((await t.request('GET', `${T}/members?q=${encodeURIComponent('髙橋')}`, { cookie: t.cookies.staff })).body.total).toBe(2);
    const r = await t.request('POST', `${T}/bookings`, {
      cookie: t.cookies.staff,
      body: { service: 'card-pickup', resource: 'honcho', start: '2026-12-03T10:00:00+09:00', memberId: m.id, answers: { name: '髙橋 一郎', phone: '090-1234-5678', jukiCard: 'あり' } },
    });
    expect(r.status).toBe(201);
    expect(r.body.accessKey).toBeUndefined();
    const row = (await sqlGet<{ channel: string; member_id: string }>(t.db, `SELECT channel, member_id FROM bookings WHERE receipt_no = ?`, [r.body.receiptNo]))!;
    expect(row).toEqual({ channel: 'staff', member_id: m.id });
    expect((await audit('booking.confirmed')).at(-1)).toMatchObject({ actor_id: 'staff', target_id: r.body.receiptNo });
    // Anonymous booking for a caller: an access key, shown once.
    const anon = await t.request('POST', `${T}/bookings`, { cookie: t.cookies.staff, body: { service: 'card-pickup', resource: 'honcho', start: '2026-12-03T10:30:00+09:00', answers: { name: '匿名 太郎', phone: '0311112222', jukiCard: 'なし' } } });
    expect(anon.body.accessKey).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
  });

  it('validates with the staff version of the form and locates the issues', async () => {
    // tax-consultation: the consent is required for residents, not for staff (requiredStaff: false).
    t.clock.set('2027-02-10T01:00:00Z');
    const cookie = await t.login('manager', STAFF_PASSWORD); // the earlier session has long expired
    const body = (answers: Record<string, unknown>) => ({ service: 'tax-consultation', resource: 'venue', start: '2027-02-17T09:00:00+09:00', answers });
    const bad = await t.request('POST', `${T}/bookings`, { cookie, body: body({ name: '', phone: '12', topic: 'salary', kana: 'やまだ' }) });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['/answers/name', '/answers/phone']);
    const ok = await t.request('POST', `${T}/bookings`, { cookie, body: body({ name: '山田 太郎', phone: '0311112222', topic: 'salary', kana: 'やまだ たろう' }) });
    expect(ok.status).toBe(201);
  });

  it('exceeds capacity only when the override is ticked, only for managers, and audits it', async () => {
    const start = '2026-12-03T09:00:00+09:00';
    for (let i = 0; i < 2; i++) await t.residentBook({ resource: 'ekimae', start, answers: { name: `満員 ${i}`, phone: `090000000${i}0`, jukiCard: 'なし' } });
    const body = (extra: Record<string, unknown>) => ({ service: 'card-pickup', resource: 'ekimae', start, answers: { name: '追加', phone: '0312345678', jukiCard: 'なし' }, ...extra });
    const full = await t.request('POST', `${T}/bookings`, { cookie: t.cookies.manager, body: body({}) });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('booking.slot_full');
    const notAllowed = await t.request('POST', `${T}/bookings`, { cookie: t.cookies.staff, body: body({ overrideCapacity: true }) });
    expect(notAllowed.status).toBe(403);
    const over = await t.request('POST', `${T}/bookings`, { cookie: t.cookies.manager, body: body({ overrideCapacity: true }) });
    expect(over.status).toBe(201);
    expect(JSON.parse((await audit('booking.confirmed')).at(-1)!.details_json)).toMatchObject({ overrideCapacity: true });
  });

  it('changes and cancels on the resident’s behalf after the resident deadline', async () => {
    const b = await t.residentBook({ start: '2026-12-02T09:00:00+09:00', answers: { name: '期限 後', phone: '0300000001', jukiCard: 'なし' }, at: '2026-11-20T01:00:00Z' });
    const moved = await t.request('PATCH', `${T}/bookings/${b.receiptNo}`, { cookie: t.cookies.staff, body: { start: '2026-12-03T13:00:00+09:00' } });
    expect(moved.status).toBe(200);
    expect(moved.body.start).toBe('2026-12-03T13:00:00+09:00');
    const cancelled = await t.request('POST', `${T}/bookings/${b.receiptNo}/cancel`, { cookie: t.cookies.staff, body: { reason: '電話で取消' } });
    expect(cancelled.body.status).toBe('cancelled');
    expect(JSON.parse((await audit('booking.cancelled')).at(-1)!.details_json)).toMatchObject({ reason: '電話で取消' });
  });
});

describe('search', () => {
  it('filters by receipt, name (prefix / partial), phone with hyphens, status, dates, resource and answers', async () => {
    const at = '2026-11-20T01:00:00Z';
    const a = await t.residentBook({ start: '2026-12-03T09:00:00+09:00', answers: { name: '鈴木 太郎', phone: '0311112222', jukiCard: 'あり' }, at });
    const b = await t.residentBook({ start: '2026-12-04T09:00:00+09:00', resource: 'ekimae', answers: { name: '佐々木 次郎', phone: '0322223333', jukiCard: 'なし' }, at: '2026-11-25T01:00:00Z' });
    const c = await t.residentBook({ start: '2026-12-07T09:00:00+09:00', answers: { name: '鈴木 花子', phone: '0333334444', jukiCard: 'なし' }, at });
    await t.request('POST', `${T}/bookings/${c.receiptNo}/cancel`, { cookie: t.cookies.admin, body: {} });
    const find = async (q: string) => (await t.request('GET', `${T}/bookings?${q}`, { cookie: t.cookies.staff })).body.rows.map((r: { receiptNo: string }) => r.receiptNo).sort();
    expect(await find(`receiptNo=${b.receiptNo}`)).toEqual([b.receiptNo]);
    expect(await find(`name=${encodeURIComponent('鈴木')}&nameMatch=prefix`)).toEqual([a.receiptNo]);
    expect(await find(`name=${encodeURIComponent('鈴木')}&nameMatch=prefix&status=all`)).toEqual([a.receiptNo, c.receiptNo].sort());
    expect(await find(`name=${encodeURIComponent('木')}&nameMatch=partial&status=all`)).toEqual([a.receiptNo, b.receiptNo, c.receiptNo].sort());
    expect(await find(`name=${encodeURIComponent('木')}&nameMatch=prefix&status=all`)).toEqual([]);
    expect(await find('phone=03-2222-3333')).toEqual([b.receiptNo]);
    expect(await find('status=cancelled')).toEqual([c.receiptNo]);
    expect(await find('dateField=visit&from=2026-12-04&to=2026-12-10&status=all')).toEqual([b.receiptNo, c.receiptNo].sort());
    expect(await find('dateField=created&from=2026-11-25&to=2026-11-25')).toEqual([b.receiptNo]);
    expect(await find('dateField=updated&from=2026-12-01&to=2026-12-01&status=all')).toEqual([c.receiptNo]);
    expect(await find('service=card-pickup&resource=ekimae')).toEqual([b.receiptNo]);
    expect(await find(`service=card-pickup&q.jukiCard=${encodeURIComponent('あり')}`)).toEqual([a.receiptNo]);
    // 異体字, width and kana: 髙橋 is found as 高橋, 山﨑 as 山崎 and the other way round,
    // also for a key stored before 異体字 were folded (written here as it was then).
    const d = await t.residentBook({ start: '2026-12-08T09:00:00+09:00', answers: { name: '髙橋 ｶｽﾞｺ', phone: '0344445555', jukiCard: 'なし' }, at });
    const e = await t.residentBook({ start: '2026-12-08T10:00:00+09:00', answers: { name: '山崎 あい', phone: '0355556666', jukiCard: 'なし' }, at });
    await sqlRun(t.db, 'UPDATE bookings SET name_key = ? WHERE receipt_no = ?', ['髙橋カズコ', d.receiptNo]);
    expect(await find(`name=${encodeURIComponent('高橋')}&nameMatch=prefix`)).toEqual([d.receiptNo]);
    expect(await find(`name=${encodeURIComponent('高橋かずこ')}`)).toEqual([d.receiptNo]);
    expect(await find(`name=${encodeURIComponent('山﨑アイ')}`)).toEqual([e.receiptNo]);
    const bad = await t.request('GET', `${T}/bookings?from=2026-12-10&to=2026-12-01&q.nope=1`, { cookie: t.cookies.staff });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0]).toMatchObject({ path: '/to', code: 'search.bad_date_range' });
  });

  it('remembers the chosen columns per staff member', async () => {
    await t.request('PUT', `${T}/preferences/search.columns`, { cookie: t.cookies.staff, body: { value: ['receiptNo', 'a.phone'] } });
    const me = await t.request('GET', `${T}/me`, { cookie: t.cookies.staff });
    expect(me.body.preferences['search.columns']).toEqual(['receiptNo', 'a.phone']);
    expect((await t.request('GET', `${T}/me`, { cookie: t.cookies.manager })).body.preferences['search.columns']).toBeUndefined();
    const r = await t.request('GET', `${T}/bookings?columns=receiptNo,a.phone`, { cookie: t.cookies.staff });
    expect(r.body.columns.map((c: { id: string }) => c.id)).toEqual(['receiptNo', 'a.phone']);
    expect(r.body.available.length).toBeGreaterThan(15);
    expect((await t.request('PUT', `${T}/preferences/nope`, { cookie: t.cookies.staff, body: { value: [] } })).status).toBe(422); // unknown keys are refused like any invalid input (request-limits.test.ts)
  });
});

describe('visits', () => {
  it('checks in, records 住基カード回収 and a note, shows them in the grid, and audits each change', async () => {
    const b = await t.residentBook({ start: '2026-12-01T10:00:00+09:00', answers: { name: '来場 太郎', phone: '0355556666', jukiCard: 'あり' }, at: '2026-11-20T01:00:00Z' });
    const future = await t.residentBook({ start: '2026-12-03T10:00:00+09:00', answers: { name: '未来 太郎', phone: '0355557777', jukiCard: 'なし' } });
    const early = await t.request('PUT', `${T}/bookings/${future.receiptNo}/visit`, { cookie: t.cookies.staff, body: { visited: true } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('visit.too_early');
    const r = await t.request('PUT', `${T}/bookings/${b.receiptNo}/visit`, { cookie: t.cookies.staff, body: { visited: true, items: { 'juki-card': true }, note: '本人確認済み' } });
    expect(r.body).toEqual({ status: 'visited', visitedAt: t.clock.now().getTime(), items: { 'juki-card': true }, note: '本人確認済み', checkedOutAt: null });
    const grid = await t.request('GET', `${T}/grid?service=card-pickup&date=2026-12-01`, { cookie: t.cookies.staff });
    expect(grid.body.cells.find((c: { resource: string; time: string }) => c.resource === 'honcho' && c.time === '10:00')).toMatchObject({ booked: 1, visited: 1, remaining: 4, capacity: 5 });
    expect((await audit('visit.checked_in')).at(-1)).toMatchObject({ actor_id: 'staff', target_id: b.receiptNo });
    expect((await audit('visit.checked_in')).at(-1)!.details_json).not.toContain('本人確認済み');
    expect(JSON.parse((await audit('visit.checked_in')).at(-1)!.details_json)).toEqual({ from: null, to: 'visited', itemsChanged: ['juki-card'], noteChanged: true });
    const detail = await t.request('GET', `${T}/bookings/${b.receiptNo}`, { cookie: t.cookies.staff });
    expect(detail.body.visit).toMatchObject({ status: 'visited', items: { 'juki-card': true } });
    expect(detail.body.checkinItems).toEqual([{ id: 'juki-card', label: '住基カード回収', labelEn: 'Juki card collected', type: 'boolean', maxLength: 0, options: [] }]);
    const list = await t.request('GET', `${T}/bookings?date=2026-12-01&service=card-pickup&columns=receiptNo,c.juki-card`, { cookie: t.cookies.staff });
    expect(list.body.rows.find((x: { receiptNo: string }) => x.receiptNo === b.receiptNo).cells).toEqual({ receiptNo: b.receiptNo, 'c.juki-card': '済' });
    expect((await audit('pii.viewed')).at(-1)).toMatchObject({ actor_id: 'staff', target_id: b.receiptNo });
  });

  it('takes the old jukiCardCollected field as item juki-card, and unticking clears it; nothing but the item id reaches the audit', async () => {
    const b = await t.residentBook({ start: '2026-12-01T10:00:00+09:00', answers: { name: '旧形式 太郎', phone: '0355558888', jukiCard: 'あり' }, at: '2026-11-20T01:00:00Z' });
    const on = await t.request('PUT', `${T}/bookings/${b.receiptNo}/visit`, { cookie: t.cookies.staff, body: { jukiCardCollected: true } });
    expect(on.body).toMatchObject({ status: null, items: { 'juki-card': true } });
    const stored = async () => (await sqlGet<{ j: string }>(t.db, `SELECT v.items_json AS j FROM booking_visits v JOIN bookings b ON b.id = v.booking_id WHERE b.receipt_no = ?`, [b.receiptNo]))!.j;
    expect(await stored()).toBe('{"juki-card":true}');
    const off = await t.request('PUT', `${T}/bookings/${b.receiptNo}/visit`, { cookie: t.cookies.staff, body: { items: { 'juki-card': false } } });
    expect(off.body.items).toEqual({});
    expect(await stored()).toBe('{}');
    const same = await t.request('PUT', `${T}/bookings/${b.receiptNo}/visit`, { cookie: t.cookies.staff, body: { note: 'メモ' } });
    expect(same.status).toBe(200);
    expect((await audit('visit.updated')).map((a) => JSON.parse(a.details_json).itemsChanged)).toEqual([['juki-card'], ['juki-card'], []]);
  });

  it('refuses items the service does not declare, and values of the wrong kind, each at its own path', async () => {
    const card = await t.residentBook({ start: '2026-12-01T10:00:00+09:00', answers: { name: '型 違い', phone: '0355559999', jukiCard: 'なし' }, at: '2026-11-20T01:00:00Z' });
    const bad = await t.request('PUT', `${T}/bookings/${card.receiptNo}/visit`, { cookie: t.cookies.staff, body: { items: { 'juki-card': 'yes', 'desk/1': true }, jukiCardCollected: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues.map((i: { path: string; code: string }) => [i.path, i.code])).toEqual([
      ['/jukiCardCollected', 'schema.type'],
      ['/items/juki-card', 'schema.type'],
      ['/items/desk~11', 'visit.unknown_item'],
    ]);
    expect((await t.request('PUT', `${T}/bookings/${card.receiptNo}/visit`, { cookie: t.cookies.staff, body: { items: [true] } })).body.error.issues[0]).toMatchObject({ path: '/items', code: 'schema.type' });
    // The gym declares no check-in items: no 住基カード回収 there, under either name.
    const gym = await t.residentBook({ service: 'gym', resource: 'court-a', start: '2026-12-01T13:00:00+09:00', answers: { name: 'バスケ部', phone: '0311112222', people: 12, purpose: 'basketball' }, at: '2026-11-02T01:00:00Z' });
    const g = await t.request('PUT', `${T}/bookings/${gym.receiptNo}/visit`, { cookie: t.cookies.manager, body: { items: { 'juki-card': true }, jukiCardCollected: true } });
    expect(g.status).toBe(422);
    expect(g.body.error.issues.map((i: { path: string; code: string; message: string }) => [i.path, i.code, i.message])).toEqual([
      ['/jukiCardCollected', 'visit.unknown_item', '来場受付の項目「juki-card」はこのサービスにありません。'],
      ['/items/juki-card', 'visit.unknown_item', '来場受付の項目「juki-card」はこのサービスにありません。'],
    ]);
    const detail = await t.request('GET', `${T}/bookings/${gym.receiptNo}`, { cookie: t.cookies.manager });
    expect(detail.body.checkinItems).toEqual([]);
    // No seatsField: seats is not a head count, and the console shows no 人数 beside 利用人数.
    expect(detail.body.seatsCounted).toBe(false);
    const ok = await t.request('PUT', `${T}/bookings/${gym.receiptNo}/visit`, { cookie: t.cookies.manager, body: { visited: true, note: '鍵を貸出' } });
    expect(ok.body).toMatchObject({ status: 'visited', items: {}, note: '鍵を貸出' });
  });

  it('leaves the bookings of a service with checkin.noShow false alone', async () => {
    const at = '2026-11-02T01:00:00Z';
    const card = await t.residentBook({ start: '2026-12-01T10:00:00+09:00', answers: { name: '来ない 人', phone: '0366660001', jukiCard: 'なし' }, at });
    const gym = await t.residentBook({ service: 'gym', resource: 'court-a', start: '2026-12-01T13:00:00+09:00', answers: { name: 'バスケ部', phone: '0311112222', people: 12, purpose: 'basketball' }, at });
    const original = t.tenants.get('demo-city')!;
    const blocks = original.tenant.blocks.map((b) => (b.kind === 'service' && b.id === 'gym' ? { ...b, checkin: { noShow: false } } : b));
    const variant = loadTenantBlocks('demo-city', blocks, registry);
    expect(variant.issues).toEqual([]);
    t.tenants.set({ ...original, tenant: variant.tenant! });
    const deps = { db: t.db, clock: t.clock, tenants: t.tenants };
    t.clock.set('2026-12-01T13:00:00Z'); // 22:00 JST: both days have closed
    const status = async (no: string) => (await sqlGet<{ s: string | null } | undefined>(t.db, `SELECT v.status AS s FROM booking_visits v JOIN bookings b ON b.id = v.booking_id WHERE b.receipt_no = ?`, [no]))?.s ?? null;
    expect((await sweepNoShows(deps)).marked).toBe(1);
    expect([await status(card.receiptNo), await status(gym.receiptNo)]).toEqual(['no-show', null]);
    // The same booking is swept once its service checks visitors in again.
    t.tenants.set(original);
    expect((await sweepNoShows(deps)).marked).toBe(1);
    expect(await status(gym.receiptNo)).toBe('no-show');
  });

  it('marks 不来場 after the day has closed, never before, never a visited or cancelled booking', async () => {
    const at = '2026-11-20T01:00:00Z';
    const a = await t.residentBook({ start: '2026-12-01T10:00:00+09:00', answers: { name: '来ない 人', phone: '0366660001', jukiCard: 'なし' }, at });
    const v = await t.residentBook({ start: '2026-12-01T10:30:00+09:00', answers: { name: '来た 人', phone: '0366660002', jukiCard: 'なし' }, at });
    const c = await t.residentBook({ start: '2026-12-01T11:00:00+09:00', answers: { name: '取消 人', phone: '0366660003', jukiCard: 'なし' }, at });
    await t.request('PUT', `${T}/bookings/${v.receiptNo}/visit`, { cookie: t.cookies.staff, body: { visited: true } });
    await t.request('POST', `${T}/bookings/${c.receiptNo}/cancel`, { cookie: t.cookies.staff, body: {} });
    const deps = { db: t.db, clock: t.clock, tenants: t.tenants };
    t.clock.set('2026-12-01T07:59:00Z'); // 16:59 JST: the last slot (16:30–17:00) has not ended
    expect((await sweepNoShows(deps)).marked).toBe(0);
    t.clock.set('2026-12-01T08:00:00Z'); // 17:00 JST
    expect((await sweepNoShows(deps)).marked).toBe(1);
    expect((await sweepNoShows(deps)).marked).toBe(0);
    const status = async (no: string) => (await sqlGet<{ s: string | null } | undefined>(t.db, `SELECT v.status AS s FROM booking_visits v JOIN bookings b ON b.id = v.booking_id WHERE b.receipt_no = ?`, [no]))?.s ?? null;
    expect([await status(a.receiptNo), await status(v.receiptNo), await status(c.receiptNo)]).toEqual(['no-show', 'visited', null]);
    expect((await audit('visit.no_show')).map((r) => r.target_id)).toEqual([a.receiptNo]);
    const list = await t.request('GET', `${T}/bookings?date=2026-12-01&visit=no-show`, { cookie: await t.login('staff', STAFF_PASSWORD) });
    expect(list.body.rows.map((r: { receiptNo: string }) => r.receiptNo)).toEqual([a.receiptNo]);
  });
});

describe('members', () => {
  it('edits, suspends and resets the LINE link; staff of a facility may only look', async () => {
    const m = await t.addMember({ name: '会員 一郎', phone: '0311110000', lineUserId: 'U1234567890' });
    const view = await t.request('GET', `${T}/members/${m.id}`, { cookie: t.cookies.staff });
    expect(view.body).toMatchObject({ accountType: 'LINE', name: '会員 一郎' });
    expect((await audit('pii.viewed')).at(-1)).toMatchObject({ target_id: m.memberNo });
    expect((await t.request('PATCH', `${T}/members/${m.id}`, { cookie: t.cookies.staff, body: { name: 'x' } })).status).toBe(403);
    const edited = await t.request('PATCH', `${T}/members/${m.id}`, { cookie: t.cookies.manager, body: { name: '会員 一朗', phone: '03-1111-9999' } });
    expect(edited.body).toMatchObject({ name: '会員 一朗', phone: '0311119999' });
    expect((await t.request('GET', `${T}/members?q=03-1111-9999`, { cookie: t.cookies.staff })).body.total).toBe(1);
    const bad = await t.request('PATCH', `${T}/members/${m.id}`, { cookie: t.cookies.manager, body: { phone: '12', email: 'no' } });
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['/phone', '/email']);
    const unlinked = await t.request('DELETE', `${T}/members/${m.id}/line-link`, { cookie: t.cookies.manager });
    expect(unlinked.body.accountType).toBe('WEB');
    expect((await t.request('DELETE', `${T}/members/${m.id}/line-link`, { cookie: t.cookies.manager })).status).toBe(409);
    expect((await audit('member.line_unlinked'))[0].details_json).not.toContain('U1234567890');
    const suspended = await t.request('PUT', `${T}/members/${m.id}/status`, { cookie: t.cookies.manager, body: { status: 'suspended' } });
    expect(suspended.body.status).toBe('suspended');
  });
});
