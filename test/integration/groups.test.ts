// Groups (団体) with the demo tenant: a group registered at the desk is 申請中 until staff
// approve it, with its 代表者 and 構成員 and a 減免区分 that the fee of its bookings applies.
// The 音楽練習室 (access.approvedGroupsOnly) refuses an unapproved group with
// booking.group_required and accepts the approved one, its account or its 代表者, whose
// 申込内容確認 quotes the fee with the group's 減免区分.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { startSession } from '../../engine/auth/member-session';
import { createAdminTestApp, type AdminTestApp } from './admin-helpers';
import { createClient, h1Of, hiddenOf, textOf } from './resident-client';

const A = '/api/admin/t/demo-city';
const START = '2026-12-10T18:00:00+09:00'; // 夜間 2,500円
let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});
const staff = (method: string, path: string, body?: unknown, who: 'manager' | 'staff' | 'admin' = 'manager') => t.request(method, `${A}${path}`, { cookie: t.cookies[who], ...(body !== undefined ? { body } : {}) });

const groupAnswers = { name: 'さくら吹奏楽団', kana: 'サクラスイソウガクダン', phone: '0312340000', email: 'band@example.jp', loginId: 'band01', representative: '港 太郎' };
async function registerGroup() {
  const r = await staff('POST', '/members', { kind: 'group', answers: groupAnswers });
  expect(r.status).toBe(201);
  return r.body.member as { id: string; memberNo: string };
}
const bookFor = (memberId: string, start = START) => staff('POST', '/bookings', { service: 'practice-room', resource: 'studio', start, answers: { name: '港 太郎', phone: '0312340000', people: 8 }, memberId });

describe('group approval', () => {
  it('a desk-registered group is 申請中 first in the queue; staff approve it with 代表者, 構成員 and a 減免区分', async () => {
    const g = await registerGroup();
    const list = await staff('GET', '/groups?status=applied');
    expect(list.status).toBe(200);
    expect(list.body.rows).toEqual([expect.objectContaining({ id: g.id, status: 'applied', name: 'さくら吹奏楽団', representative: null, registeredRepresentative: '港 太郎' })]);
    // Every fee block of the tenant offers its 減免区分 (the 会議室's too).
    expect(list.body.reductions.map((r: any) => r.id)).toEqual(expect.arrayContaining(['social-education', 'disability', 'children']));
    // No 減免区分 before approval.
    const early = await staff('PUT', `/groups/${g.id}/reduction`, { reduction: 'social-education' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('group.not_approved');
    // A rejection needs a reason.
    const noReason = await staff('POST', `/groups/${g.id}/decision`, { decision: 'rejected' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.issues[0]).toMatchObject({ path: '/reason' });
    const ok = await staff('POST', `/groups/${g.id}/decision`, { decision: 'approved' });
    expect(ok.status).toBe(200);
    const rep = await t.addMember({ name: '港 太郎', phone: '09011110001' });
    const mem = await t.addMember({ name: '港 花子', phone: '09011110002' });
    expect((await staff('POST', `/groups/${g.id}/people`, { memberNo: rep.memberNo, role: 'representative' })).status).toBe(200);
    const people = await staff('POST', `/groups/${g.id}/people`, { memberNo: mem.memberNo, role: 'member' });
    expect(people.body.people).toEqual([expect.objectContaining({ memberNo: rep.memberNo, role: 'representative' }), expect.objectContaining({ memberNo: mem.memberNo, role: 'member' })]);
    const red = await staff('PUT', `/groups/${g.id}/reduction`, { reduction: 'social-education' });
    expect(red.status).toBe(200);
    const unknown = await staff('PUT', `/groups/${g.id}/reduction`, { reduction: 'nope' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.issues[0]).toMatchObject({ path: '/reduction', code: 'group.unknown_reduction' });
    const approved = await staff('GET', '/groups?status=approved');
    expect(approved.body.rows).toEqual([expect.objectContaining({ id: g.id, status: 'approved', reduction: 'social-education', representative: '港 太郎', people: 2 })]);
    const detail = await staff('GET', `/members/${g.id}`);
    expect(detail.body.group.people).toHaveLength(2);
    // Front-desk staff see the queue but may not decide.
    expect((await staff('GET', '/groups', undefined, 'staff')).status).toBe(200);
    expect((await staff('POST', `/groups/${g.id}/decision`, { decision: 'rejected', reason: 'x' }, 'staff')).status).toBe(403);
    expect(t.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('group.approved', 'group.reduction_set', 'group.person_added')`)!.n).toBe(4);
  });

  it('a person must be an individual member that exists', async () => {
    const g = await registerGroup();
    const r = await staff('POST', `/groups/${g.id}/people`, { memberNo: '999999', role: 'member' });
    expect(r.status).toBe(422);
    expect(r.body.error.issues[0]).toMatchObject({ path: '/memberNo', code: 'group.person_not_found' });
  });
});

describe('a service for approved groups only', () => {
  it('refuses an unapproved group and an individual (booking.group_required), accepts the approved group with its 減免区分', async () => {
    const g = await registerGroup();
    const refused = await bookFor(g.id);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('booking.group_required');
    expect(refused.body.error.message).toContain('承認した団体');
    const person = await t.addMember({ name: '一般 利用者', phone: '09022220000' });
    expect((await bookFor(person.id)).body.error.code).toBe('booking.group_required');
    await staff('POST', `/groups/${g.id}/decision`, { decision: 'approved' });
    await staff('PUT', `/groups/${g.id}/reduction`, { reduction: 'social-education' });
    const ok = await bookFor(g.id);
    expect(ok.status).toBe(201);
    // 夜間 2,500円, 社会教育関係団体 50% off.
    expect(ok.body.fee.total).toBe(1250);
    expect(ok.body.fee.lines.map((l: any) => l.label)).toContain('減免：社会教育関係団体（50%）');
    // A rejected group is refused again.
    await staff('POST', `/groups/${g.id}/decision`, { decision: 'rejected', reason: '活動実態が確認できない' });
    expect((await bookFor(g.id, '2026-12-11T09:00:00+09:00')).body.error.code).toBe('booking.group_required');
  });

  it('the 代表者 of an approved group books it on the resident pages; an individual is told why not', async () => {
    const g = await registerGroup();
    await staff('POST', `/groups/${g.id}/decision`, { decision: 'approved' });
    await staff('PUT', `/groups/${g.id}/reduction`, { reduction: 'social-education' });
    const rep = await t.addMember({ name: '港 太郎', phone: '09011110001', email: 'rep@example.jp' });
    await staff('POST', `/groups/${g.id}/people`, { memberNo: rep.memberNo, role: 'representative' });
    const path = `/t/demo-city/s/practice-room/book?resource=studio&start=${encodeURIComponent(START)}`;

    const other = await t.addMember({ name: '一般 利用者', phone: '09022220000', email: 'ippan@example.jp' });
    const outsider = createClient(t.app);
    outsider.cookies.set('mr_session', startSession(t.db, 'demo-city', other.id, t.clock.now().getTime()));
    const no = await outsider.get(path);
    expect(no.html).toContain('承認した団体');

    const client = createClient(t.app);
    client.cookies.set('mr_session', startSession(t.db, 'demo-city', rep.id, t.clock.now().getTime()));
    const form = await client.get(path);
    expect(form.status).toBe(200);
    const fields = { 'a.name': '港 太郎', 'a.phone': '09011110001', 'a.people': '8' };
    const review = await client.post('/t/demo-city/s/practice-room/book', { ...hiddenOf(form.html, '/s/practice-room/book'), ...fields, action: 'next' });
    // 申込内容確認 quotes the fee as the booking will compute it: the group's 減免区分 applies.
    expect(review.html).toContain('減免：社会教育関係団体（50%）');
    expect(review.html).toContain('<strong id="quote-total">1,250円</strong>');
    // Two slots at once (a band's evening on two days): each slot's fee and the total apply the 減免区分 too.
    const picks = ['2026-12-11T18:00:00+09:00', '2026-12-12T18:00:00+09:00'].map((s) => `pick=${encodeURIComponent(`studio|${s}`)}`).join('&');
    const bundleForm = await client.get(`/t/demo-city/s/practice-room/bundle?${picks}`);
    expect(bundleForm.status).toBe(200);
    const bundleReview = await client.post('/t/demo-city/s/practice-room/bundle', { ...hiddenOf(bundleForm.html, '/s/practice-room/bundle'), ...fields, action: 'next' });
    expect(textOf(bundleReview.html, 'fee-total')).toBe('2,500円');
    const done = await client.post('/t/demo-city/s/practice-room/book', { ...hiddenOf(review.html, '/s/practice-room/book', 'confirm'), action: 'confirm' });
    expect(h1Of(done.html)).toBe('お申込受付');
    expect(done.html).toContain('お支払い待ち');
    const row = t.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM bookings WHERE service_id = 'practice-room' AND member_id = ${rep.id}`)!;
    expect(row.n).toBe(1);
    const audit = t.db.get<{ details: string }>(sql`SELECT details_json AS details FROM audit_log WHERE action LIKE 'booking.%' AND details_json LIKE '%practice-room%' ORDER BY at DESC LIMIT 1`);
    expect(audit?.details ?? '').toContain(g.memberNo);
  });
});
