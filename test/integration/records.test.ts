// Records and workflows through the staff API: import (UTF-8, CP932, all or nothing),
// list and search by state, transitions with role checks, bulk transitions, history,
// undo as a reversing entry, CSV export, and who may call it.
import Encoding from 'encoding-japanese';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, type AdminTestApp } from './admin-helpers';

const R = '/api/admin/t/demo-city/records/mynumber-card';
let t: AdminTestApp;
const as = (who: keyof AdminTestApp['cookies'], method: string, path: string, body?: unknown) => t.request(method, path, { cookie: t.cookies[who], ...(body !== undefined ? { body } : {}) });
const idOf = async (key: string) => (await as('admin', 'GET', `${R}?q=${encodeURIComponent(key)}`)).body.records[0].id as string;

beforeAll(async () => {
  t = await createAdminTestApp();
});

describe('import', () => {
  it('imports a UTF-8 CSV whose header names fields by label or id, each record in the initial state with a link code', async () => {
    const csv = '\uFEFF交付番号,氏名,氏名カナ,生年月日,郵便番号,住所,application\r\nC-001,山田 太郎,ﾔﾏﾀﾞ ﾀﾛｳ,1950/4/1,1000001,さくらみなと市本町1-1,新規\r\nC-002,佐藤 花子,さとう はなこ,1960-12-31,100-0002,さくらみなと市駅前2-2,更新\r\n';
    const r = await as('admin', 'POST', `${R}/import`, { csv });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ imported: 2, issues: [] });
    const list = await as('admin', 'GET', `${R}?q=C-00`);
    expect(list.body.total).toBe(2);
    const first = list.body.records[0];
    expect(first).toMatchObject({ key: 'C-001', state: 'arrived', stateLabel: 'カード到着', fields: { name: '山田 太郎', kana: 'ヤマダ タロウ', birth: '1950-04-01', postal: '100-0001', application: 'new' } });
    expect(first.linkCode).toMatch(/^[A-Z2-9]{10}$/);
    expect(list.body.records[1].fields.kana).toBe('サトウ ハナコ');
  });

  it('imports a CP932 CSV', async () => {
    const text = '交付番号,氏名,住所\r\nS-001,髙橋 一郎,さくらみなと市港町3-3\r\n';
    const bytes = Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }) as number[]);
    const r = await as('admin', 'POST', `${R}/import`, { csvBase64: Buffer.from(bytes).toString('base64') });
    expect(r.body).toEqual({ imported: 1, issues: [] });
    expect((await as('admin', 'GET', `${R}?q=S-001`)).body.records[0].fields).toMatchObject({ name: '髙橋 一郎', address: 'さくらみなと市港町3-3' });
  });

  it('answers 422 naming row and column of every problem and imports nothing', async () => {
    const csv = '交付番号,氏名,生年月日,郵便番号\nB-001,正しい 行,1970-01-01,1000001\nB-002,,1970-02-30,12345\nC-001,既存,1970-01-01,1000001\n';
    const r = await as('admin', 'POST', `${R}/import`, { csv });
    expect(r.status).toBe(422);
    expect(r.body.imported).toBe(0);
    expect(r.body.issues.map((i: { row: number; column: string; code: string }) => [i.row, i.column, i.code])).toEqual([
      [3, '氏名', 'record.import_required'],
      [3, '生年月日', 'record.import_bad_date'],
      [3, '郵便番号', 'record.import_bad_postal'],
      [4, '交付番号', 'record.import_duplicate_key'],
    ]);
    expect(r.body.issues[0].message).toBe('必須項目です。');
    expect((await as('admin', 'GET', `${R}?q=B-00`)).body.total).toBe(0);
  });
});

describe('transitions, history and undo', () => {
  it('moves a record with the inputs asked, checks the roles allowed, and keeps the history', async () => {
    const id = await idOf('C-001');
    expect((await as('staff', 'POST', `${R}/${id}/transitions`, { to: 'stored' })).body.error.code).toBe('record.input_required');
    const stored = await as('staff', 'POST', `${R}/${id}/transitions`, { to: 'stored', inputs: { place: '金庫A' } });
    expect(stored.status).toBe(200);
    expect(stored.body.record).toMatchObject({ state: 'stored', stateLabel: '保管' });
    // No transition from 保管 to 交付済.
    expect((await as('manager', 'POST', `${R}/${id}/transitions`, { to: 'issued' })).status).toBe(409);
    await as('staff', 'POST', `${R}/${id}/transitions`, { to: 'notified' });
    await as('staff', 'POST', `${R}/${id}/transitions`, { to: 'visited' });
    // 交付 is for managers and administrators only.
    const refused = await as('staff', 'POST', `${R}/${id}/transitions`, { to: 'issued' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('staff.forbidden');
    const issued = await as('manager', 'POST', `${R}/${id}/transitions`, { to: 'issued', note: '本人確認済み' });
    expect(issued.body.record.state).toBe('issued');
    const h = await as('staff', 'GET', `${R}/${id}/history`);
    expect(h.body.history.map((e: { from: string | null; to: string; operator: string }) => [e.from, e.to, e.operator])).toEqual([
      [null, 'arrived', 'admin'],
      ['arrived', 'stored', 'staff'],
      ['stored', 'notified', 'staff'],
      ['notified', 'visited', 'staff'],
      ['visited', 'issued', 'manager'],
    ]);
    expect(h.body.history[1].inputs).toEqual({ place: '金庫A' });
    expect(h.body.history[4]).toMatchObject({ note: '本人確認済み', toLabel: '交付済' });
  });

  it('undo adds a reversing entry, restores the state, and refuses a second undo', async () => {
    const id = await idOf('C-001');
    const before = (await as('manager', 'GET', `${R}/${id}/history`)).body.history;
    const last = before.at(-1).id as number;
    const undo = await as('manager', 'POST', `${R}/history/${last}/undo`, { note: '誤登録' });
    expect(undo.status).toBe(200);
    expect(undo.body.record.state).toBe('visited');
    expect(undo.body.entry).toMatchObject({ from: 'issued', to: 'visited', reverses: last, operator: 'manager', note: '誤登録' });
    const after = (await as('manager', 'GET', `${R}/${id}/history`)).body.history;
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((e: { id: number }) => e.id === last).reversedBy).toBe(undo.body.entry.id);
    const again = await as('manager', 'POST', `${R}/history/${last}/undo`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('record.already_undone');
    // The reversal itself is not undone; the import entry neither.
    expect((await as('manager', 'POST', `${R}/history/${undo.body.entry.id}/undo`, {})).body.error.code).toBe('record.not_undoable');
    expect((await as('manager', 'POST', `${R}/history/${after[0].id}/undo`, {})).status).toBe(409);
  });

  it('a bulk transition moves the selection or everything matching in one transaction, or nothing', async () => {
    const csv = `交付番号,氏名\n${Array.from({ length: 30 }, (_, i) => `K-${String(i).padStart(3, '0')},一括 ${i}`).join('\n')}\n`;
    expect((await as('admin', 'POST', `${R}/import`, { csv })).body.imported).toBe(30);
    const bulk = await as('staff', 'POST', `${R}/transitions`, { all: true, state: 'arrived', q: 'K-', to: 'stored', inputs: { place: '書庫2' } });
    expect(bulk.body.moved).toBe(30);
    expect((await as('staff', 'GET', `${R}?state=stored&q=K-`)).body.total).toBe(30);
    // One record of the selection cannot move: none moves.
    const ids = [await idOf('K-000'), await idOf('C-002')];
    const failed = await as('staff', 'POST', `${R}/transitions`, { ids, to: 'notified' });
    expect(failed.status).toBe(409);
    expect((await as('staff', 'GET', `${R}?state=notified&q=K-000`)).body.total).toBe(0);
    const two = await as('staff', 'POST', `${R}/transitions`, { ids: [ids[0], await idOf('K-001')], to: 'notified' });
    expect(two.body.moved).toBe(2);
    expect((await as('staff', 'GET', `${R}?state=notified`)).body.records.map((r: { key: string }) => r.key)).toEqual(['K-000', 'K-001']);
  });

  it('lists by state and searches the searchable fields', async () => {
    const byState = await as('admin', 'GET', `${R}?state=arrived`);
    expect(byState.body.records.map((r: { key: string }) => r.key)).toEqual(['C-002', 'S-001']);
    expect((await as('admin', 'GET', `${R}?q=${encodeURIComponent('花子')}`)).body.records.map((r: { key: string }) => r.key)).toEqual(['C-002']);
    // 住所 is not searchable.
    expect((await as('admin', 'GET', `${R}?q=${encodeURIComponent('港町')}`)).body.total).toBe(0);
    // Personal fields are not shown to a role not allowed to see them.
    expect((await as('staff', 'GET', `${R}?q=C-002`)).body.records[0].fields).toEqual({ 'card-no': 'C-002', application: 'renewal' });
  });
});

describe('export', () => {
  it('exports the list as UTF-8 with a BOM, formula-safe, with state labels and the history', async () => {
    await as('admin', 'POST', `${R}/import`, { csv: '交付番号,氏名\nF-001,=HYPERLINK("x")\n' });
    const r = await as('admin', 'GET', `${R}/export.csv?q=${encodeURIComponent('C-001')}`);
    expect(r.status).toBe(200);
    expect([...r.raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<string[]>(r.text, { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['交付番号', '氏名', '氏名カナ', '生年月日', '郵便番号', '住所', '申請種別', '進捗状況', '引換番号', '更新日時', '履歴']);
    expect(rows[1].slice(0, 2)).toEqual(['C-001', '山田 太郎']);
    expect(rows[1][7]).toBe('来場');
    expect(rows[1][10]).toContain('来場→交付済 manager');
    expect(rows[1][10]).toContain('交付済→来場（取消） manager');
    const f = await as('admin', 'GET', `${R}/export.csv?q=F-001`);
    expect(Papa.parse<string[]>(f.text, { skipEmptyLines: true }).data[1][1]).toBe(`'=HYPERLINK("x")`);
  });

  it('exports CP932 and leaves personal fields out for roles not allowed to see them', async () => {
    const r = await as('admin', 'GET', `${R}/export.csv?q=S-001&encoding=cp932`);
    const text = Encoding.convert(r.raw, { to: 'UNICODE', from: 'SJIS', type: 'string' }) as string;
    expect(text).toContain('S-001,髙橋 一郎');
    const staff = await as('staff', 'GET', `${R}/export.csv?q=S-001`);
    expect(staff.text.split('\r\n')[0]).toBe('交付番号,申請種別,進捗状況,引換番号,更新日時,履歴');
  });
});

describe('record types', () => {
  it('lists the record types with their states and transitions for the console', async () => {
    const r = await as('staff', 'GET', '/api/admin/t/demo-city/records');
    expect(r.body.types.map((x: { id: string }) => x.id)).toEqual(['mynumber-card']);
    expect(r.body.types[0].states.map((s: { label: string }) => s.label)).toContain('交付済');
  });
});

describe('authorization', () => {
  it('refuses a call without a session and a session of another tenant', async () => {
    expect((await t.request('GET', R)).status).toBe(401);
    expect((await t.request('GET', R, { cookie: t.cookies.foreign })).status).toBe(401);
    // The other tenant's own records are its own.
    expect((await t.request('GET', '/api/admin/t/other-city/records/mynumber-card', { cookie: t.cookies.foreign })).body.total).toBe(0);
    expect((await as('admin', 'GET', '/api/admin/t/demo-city/records/nothing')).status).toBe(404);
  });
});
