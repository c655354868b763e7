// A workflow that follows bookings (the demo's マイナンバーカード): a card-pickup booking
// whose answer is a record's link code moves the record to 来場予約 in the booking's
// transaction, its check-in to 来場 (withdrawn: reversed), and the no-show sweep to 不来場.
import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { isEngineError } from '../../engine/core/errors';
import { bookings, recordHistory, records } from '../../engine/db/schema';
import { sweepNoShows } from '../../engine/staff/no-show';
import { createAdminTestApp, STAFF_PASSWORD, type AdminTestApp } from './admin-helpers';
import { sqlAll } from '../../engine/db';

const T = '/api/admin/t/demo-city';
const R = `${T}/records/mynumber-card`;
let t: AdminTestApp;
let n = 0;

const rec = async (key: string) => (await t.db.select().from(records).where(eq(records.key, key)).limit(1))[0]!;
const history = async (key: string) => t.db.select().from(recordHistory).where(eq(recordHistory.recordId, (await rec(key)).id));
const book = (code?: string, start = `2026-12-01T${['10:00', '10:30', '11:00', '11:30', '13:00', '13:30'][n % 6]}:00+09:00`) =>
  t.residentBook({ start, at: '2026-11-20T01:00:00Z', answers: { name: `予約 ${n}`, phone: `0900000000${n++ % 10}`, jukiCard: 'なし', ...(code !== undefined ? { linkCode: code } : {}) } });
const visit = (receiptNo: string, visited: boolean) => t.request('PUT', `${T}/bookings/${receiptNo}/visit`, { cookie: t.cookies.staff, body: { visited } });
const refusal = async (f: () => unknown) => {
  try {
    await f();
  } catch (e) {
    if (isEngineError(e)) return { code: e.code, paths: e.issues?.map((i) => [i.path, i.code]) };
    throw e;
  }
  throw new Error('not refused');
};

beforeEach(async () => {
  t = await createAdminTestApp();
  const csv = '交付番号,氏名\nN-1,一 太郎\nN-2,二 花子\nN-3,三 次郎\n';
  expect((await t.request('POST', `${R}/import`, { cookie: t.cookies.admin, body: { csv } })).status).toBe(200);
  const ids = [(await rec('N-1')).id, (await rec('N-3')).id];
  await t.request('POST', `${R}/transitions`, { cookie: t.cookies.admin, body: { ids, to: 'stored', inputs: { place: '金庫' } } });
  await t.request('POST', `${R}/transitions`, { cookie: t.cookies.admin, body: { ids, to: 'notified' } });
});

describe('a workflow following bookings by link code', () => {
  it('moves the record to 来場予約 with a system history entry naming the receipt', async () => {
    const res = await book((await rec('N-1')).linkCode!.toLowerCase());
    expect((await rec('N-1')).state).toBe('booked');
    expect((await history('N-1')).at(-1)).toMatchObject({ fromState: 'notified', toState: 'booked', operator: 'system', inputsJson: JSON.stringify({ receiptNo: res.receiptNo }) });
  });

  it('refuses an unknown code at its answer and a record that cannot be booked, booking nothing; no code books as before', async () => {
    expect(await refusal(() => book('ZZZZZZZZZZ'))).toEqual({ code: 'input.invalid', paths: [['/answers/linkCode', 'record.unknown_link_code']] });
    // N-2 is still カード到着: not yet notified.
    expect(await refusal(async () => book((await rec('N-2')).linkCode!))).toMatchObject({ code: 'record.link_code_used' });
    expect((await rec('N-2')).state).toBe('arrived');
    expect(await t.db.select().from(bookings)).toHaveLength(0);
    await book();
    expect(await t.db.select().from(bookings)).toHaveLength(1);
  });

  it('check-in moves the record to 来場 with the staff member as operator; a withdrawn check-in is reversed, not deleted', async () => {
    const res = await book((await rec('N-1')).linkCode!);
    expect((await visit(res.receiptNo, true)).status).toBe(200);
    expect((await rec('N-1')).state).toBe('visited');
    const checkin = (await history('N-1')).at(-1)!;
    expect(checkin).toMatchObject({ fromState: 'booked', toState: 'visited', operator: 'staff', note: 'checkin', inputsJson: JSON.stringify({ receiptNo: res.receiptNo }) });
    await visit(res.receiptNo, false);
    expect((await rec('N-1')).state).toBe('booked');
    expect((await history('N-1')).at(-1)).toMatchObject({ fromState: 'visited', toState: 'booked', reversesId: checkin.id });
    await visit(res.receiptNo, true);
    expect((await rec('N-1')).state).toBe('visited');
    // Once the card is handed over, withdrawing the check-in leaves the record as it is.
    const issued = await t.request('POST', `${R}/${(await rec('N-1')).id}/transitions`, { cookie: t.cookies.manager, body: { to: 'issued' } });
    expect(issued.status).toBe(200);
    expect((await visit(res.receiptNo, false)).status).toBe(200);
    expect((await rec('N-1')).state).toBe('issued');
    const audit = ((await sqlAll<{ action: string }>(t.db, `SELECT action FROM audit_log WHERE target_type = 'record' AND target_id = ? ORDER BY id`, [(await rec('N-1')).id]))).map((r) => r.action);
    expect(audit.filter((a) => a === 'record.undone')).toHaveLength(1);
  });

  it('the no-show sweep marks a booked record 不来場, never one already checked in', async () => {
    const a = await book((await rec('N-1')).linkCode!);
    const b = await book((await rec('N-3')).linkCode!);
    const plain = await book();
    await visit(b.receiptNo, true);
    t.clock.set('2026-12-01T08:00:00Z'); // 17:00 JST: the day has closed
    expect((await sweepNoShows({ db: t.db, clock: t.clock, tenants: t.tenants })).marked).toBe(2);
    expect([(await rec('N-1')).state, (await rec('N-3')).state, (await rec('N-2')).state]).toEqual(['no-show', 'visited', 'arrived']);
    expect((await history('N-1')).at(-1)).toMatchObject({ fromState: 'booked', toState: 'no-show', operator: 'system', note: 'no-show', inputsJson: JSON.stringify({ receiptNo: a.receiptNo }) });
    expect(plain.receiptNo).toBeTruthy();
    // A later check-in (the resident came after all) corrects it to 来場.
    t.clock.set('2026-12-02T01:00:00Z');
    const cookie = await t.login('staff', STAFF_PASSWORD); // the day before's session has expired
    expect((await t.request('PUT', `${T}/bookings/${a.receiptNo}/visit`, { cookie, body: { visited: true } })).body).toMatchObject({ status: 'visited' });
    expect((await rec('N-1')).state).toBe('visited');
  });
});
