// 窓口登録 with the demo tenant: staff create a member with every item of the member-fields
// block, edit them all, suspend, 登録抹消 and the purge after the retention period, the
// duplicate warning (異体字, width and kana folded), CSV bulk creation of pre-issued login
// ids (a bad row imports nothing, the report names row and column) and the 利用者登録証.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { purgeExpiredResidentData } from '../../engine/members/housekeeping';
import { createAdminTestApp, type AdminTestApp } from './admin-helpers';
import { sqlGet } from '../../engine/db';

const A = '/api/admin/t/demo-city';
let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});
const staff = (method: string, path: string, body?: unknown, who: 'manager' | 'staff' | 'admin' = 'manager') => t.request(method, `${A}${path}`, { cookie: t.cookies[who], ...(body !== undefined ? { body } : {}) });

const fullAnswers = {
  name: '髙橋 花子',
  kana: 'タカハシ ハナコ',
  gender: 'female',
  birthdate: '1980-04-01',
  postalCode: '1000001',
  address: '中央町1-2-3',
  phone: '0312345678',
  email: 'hanako@example.jp',
  newsletter: 'yes',
  loginId: 'hanako01',
  adminId: 'K-0001',
  district: 'chuo',
};
const create = (answers: Record<string, unknown>, extra: Record<string, unknown> = {}) => staff('POST', '/members', { kind: 'individual', answers, ...extra });

describe('窓口登録', () => {
  it('creates a member with every item of the member-fields block and returns a generated initial password', async () => {
    const r = await create(fullAnswers);
    expect(r.status).toBe(201);
    expect(r.body.initialPassword).toEqual(expect.any(String));
    const id = r.body.member.id;
    const got = await staff('GET', `/members/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ name: '髙橋 花子', phone: '0312345678', email: 'hanako@example.jp', kind: 'individual' });
    // Every item as the desk form's answers, for the console's edit form.
    expect(got.body.answers).toMatchObject({ ...fullAnswers, postalCode: expect.stringContaining('100') });
    const row = (await sqlGet<{ profile: string; loginId: string }>(t.db, `SELECT profile_json AS profile, login_id AS "loginId" FROM members WHERE id = ?`, [id]))!;
    expect(row.loginId).toBe('hanako01');
    expect(JSON.parse(row.profile)).toMatchObject({ gender: 'female', birthdate: '1980-04-01', address: '中央町1-2-3', newsletter: 'yes', adminId: 'K-0001', district: 'chuo' });
    // Audited as a desk registration.
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'member.registered'`))!.n).toBe(1);
  });

  it('refuses a missing required item and a taken login id, located at the answer', async () => {
    const { name: _n, ...noName } = fullAnswers;
    const r = await create(noName);
    expect(r.status).toBe(422);
    expect(r.body.error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/answers/name' })]));
    expect((await create(fullAnswers)).status).toBe(201);
    const again = await create({ ...fullAnswers, name: '別人 太郎', kana: 'ベツジン タロウ', phone: '0399999999', email: 'other@example.jp' });
    expect(again.status).toBe(422);
    expect(again.body.error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/answers/loginId', code: 'member.login_id_taken' })]));
  });

  it('edits every item, suspends and resumes', async () => {
    const id = (await create(fullAnswers)).body.member.id;
    const edited = { ...fullAnswers, name: '高橋 花', kana: 'タカハシ ハナ', gender: 'unspecified', birthdate: '1981-05-02', postalCode: '1000002', address: '港町4-5', phone: '0311112222', email: 'hana@example.jp', newsletter: 'no', loginId: 'hana02', adminId: 'K-0002', district: 'minato' };
    const r = await staff('PATCH', `/members/${id}`, { answers: edited });
    expect(r.status).toBe(200);
    const row = (await sqlGet<{ name: string; phone: string; email: string; loginId: string; profile: string }>(t.db, `SELECT name, phone, email, login_id AS "loginId", profile_json AS profile FROM members WHERE id = ?`, [id]))!;
    expect(row).toMatchObject({ name: '高橋 花', phone: '0311112222', email: 'hana@example.jp', loginId: 'hana02' });
    expect(JSON.parse(row.profile)).toMatchObject({ gender: 'unspecified', birthdate: '1981-05-02', address: '港町4-5', newsletter: 'no', adminId: 'K-0002', district: 'minato', postalCode: expect.stringContaining('100') });
    const s = await staff('PUT', `/members/${id}/status`, { status: 'suspended' });
    expect(s.status).toBe(200);
    expect(s.body.status).toBe('suspended');
    expect((await staff('PUT', `/members/${id}/status`, { status: 'active' })).body.status).toBe('active');
    // Front-desk staff (no member editing) may not edit.
    expect((await staff('PATCH', `/members/${id}`, { answers: edited }, 'staff')).status).toBe(403);
  });

  it('登録抹消: hidden from search at once, personal data purged after the retention period (number kept)', async () => {
    const id = (await create(fullAnswers)).body.member.id;
    const d = await staff('POST', `/members/${id}/deregister`, { reason: '転出' });
    expect(d.status).toBe(200);
    expect(d.body.status).toBe('deleted');
    const search = await staff('GET', `/members?q=${encodeURIComponent('髙橋')}`);
    expect(search.body.rows.map((m: any) => m.id)).not.toContain(id);
    // Still there the day before the retention (365 days) ends…
    t.clock.set('2027-11-30T01:00:00Z');
    await purgeExpiredResidentData(t.db, t.clock.now().getTime());
    expect((await sqlGet<{ name: string | null }>(t.db, `SELECT name FROM members WHERE id = ?`, [id]))!.name).toBe('髙橋 花子');
    // …and purged after it.
    t.clock.set('2027-12-02T01:00:00Z');
    expect((await purgeExpiredResidentData(t.db, t.clock.now().getTime())).deregistered).toBe(1);
    const row = (await sqlGet<{ name: string | null; phone: string | null; email: string | null; loginId: string | null; profile: string; memberNo: string }>(t.db, `SELECT name, phone, email, login_id AS "loginId", profile_json AS profile, member_no AS "memberNo" FROM members WHERE id = ?`, [id]))!;
    expect(row).toMatchObject({ name: null, phone: null, email: null, loginId: null, profile: '{}' });
    expect(row.memberNo).toMatch(/\d+/);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'member.purged'`))!.n).toBe(1);
  });
});

describe('duplicate warning', () => {
  beforeEach(async () => {
    expect((await create(fullAnswers)).status).toBe(201);
  });
  const probe = (name: string, extra: Record<string, unknown>) =>
    create({ ...fullAnswers, name, kana: 'タカハシ ハナコ', loginId: `dup${Math.abs(name.length * 7919 + JSON.stringify(extra).length)}`, email: 'dup@example.jp', phone: '0900000000', birthdate: '1999-09-09', ...extra });

  it.each([
    ['髙/高 and the same birthdate', '高橋 花子', { birthdate: '1980-04-01' }],
    ['full-width spaces and the same phone', '高橋　花子', { phone: '0312345678' }],
    ['no space, same birthdate', '高橋花子', { birthdate: '1980-04-01' }],
  ])('warns on %s (409 with the candidate), registers once staff confirm', async (_label, name, extra) => {
    const r = await probe(name, extra);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('member.possible_duplicates');
    expect(r.body.error.details.candidates).toEqual([expect.objectContaining({ name: '髙橋 花子' })]);
    expect(r.body.error.message).toContain('同じ氏名');
    const ok = await create({ ...fullAnswers, name, loginId: 'confirmed2', email: 'c2@example.jp', ...extra }, { confirmDuplicates: true });
    expect(ok.status).toBe(201);
  });

  it('﨑/崎, half-width kana and full-width digits in the phone', async () => {
    expect((await create({ ...fullAnswers, name: '山﨑 ｹﾝ', kana: 'ヤマサキ ケン', loginId: 'ken01', email: 'ken@example.jp', phone: '0455556666', birthdate: '1970-01-01' })).status).toBe(201);
    const r = await create({ ...fullAnswers, name: '山崎 ケン', kana: 'ヤマサキ ケン', loginId: 'ken02', email: 'ken2@example.jp', phone: '０４５５５５６６６６', birthdate: '1990-01-01' });
    expect(r.status).toBe(409);
    expect(r.body.error.details.candidates[0]).toMatchObject({ name: '山﨑 ｹﾝ', matched: ['phone'] });
  });

  it('no warning for the same name with another birthdate and phone', async () => {
    expect((await probe('高橋 花子', {})).status).toBe(201);
  });
});

describe('CSV bulk creation of pre-issued login ids', () => {
  const header = '氏名,フリガナ,電話番号,メールアドレス,ログインID,パスワード';
  it('imports every row, with the given initial passwords', async () => {
    const csv = `${header}\n山田 一郎,ヤマダ イチロウ,0311110001,ichiro@example.jp,pre0001,Start-2026-a\n山田 二郎,ヤマダ ジロウ,0311110002,jiro@example.jp,pre0002,Start-2026-b\n`;
    const r = await staff('POST', '/members/import', { csv });
    expect(r.status).toBe(201);
    expect(r.body.imported).toBe(2);
    // Each created member with its row, number, name and login id (the console lists them).
    expect(r.body.members).toEqual([
      { row: 2, id: expect.any(String), memberNo: expect.any(String), name: '山田 一郎', loginId: 'pre0001' },
      { row: 3, id: expect.any(String), memberNo: expect.any(String), name: '山田 二郎', loginId: 'pre0002' },
    ]);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM members WHERE login_id IN ('pre0001', 'pre0002')`))!.n).toBe(2);
  });

  it('a bad row imports nothing; the report names row and column', async () => {
    const csv = `${header}\n山田 一郎,ヤマダ イチロウ,0311110001,ichiro@example.jp,pre0001,Start-2026-a\n山田 二郎,ヤマダ ジロウ,0311110002,not-an-email,pre0002,Start-2026-b\n`;
    const r = await staff('POST', '/members/import', { csv });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('member.import_invalid');
    expect(r.body.error.details.problems).toEqual(expect.arrayContaining([expect.objectContaining({ row: 3, column: 'メールアドレス' })]));
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM members WHERE login_id LIKE 'pre%'`))!.n).toBe(0);
  });

  it('a login id used twice in the file or already taken is reported by row', async () => {
    expect((await create(fullAnswers)).status).toBe(201);
    const csv = `${header}\n山田 一郎,ヤマダ イチロウ,0311110001,ichiro@example.jp,hanako01,Start-2026-a\n山田 二郎,ヤマダ ジロウ,0311110002,jiro@example.jp,pre0002,Start-2026-b\n山田 三郎,ヤマダ サブロウ,0311110003,saburo@example.jp,pre0002,Start-2026-c\n`;
    const r = await staff('POST', '/members/import', { csv });
    expect(r.status).toBe(422);
    const issues = r.body.error.details.problems;
    expect(issues).toEqual(expect.arrayContaining([expect.objectContaining({ row: 2, column: 'ログインID' }), expect.objectContaining({ row: 4, column: 'ログインID' })]));
  });
});

describe('利用者登録証', () => {
  it('prints the member number as text and as a Code 128 barcode, A4 and card size', async () => {
    const r = await create(fullAnswers);
    const { id, memberNo } = r.body.member;
    for (const size of ['a4', 'card']) {
      const p = await staff('GET', `/members/${id}/card?size=${size}`, undefined, 'staff');
      expect(p.status).toBe(200);
      expect(p.headers.get('content-type')).toContain('text/html');
      expect(p.text).toContain('利用者登録証');
      expect(p.text).toContain(`data-testid="card-number">${memberNo}<`);
      const m = /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(p.text);
      expect(m).not.toBeNull();
      expect(Buffer.from(m![1], 'base64').toString()).toContain('<svg');
    }
    expect((await staff('GET', `/members/${id}/card?size=b5`)).status).toBe(422);
  });
});
