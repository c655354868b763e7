// Exactly one audit row per state change, written in the same transaction: when
// the audit row cannot be written, the change does not happen either.
import { groupConcatDistinct, isPostgres } from '../../engine/db/dialect';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkCounters } from '../../engine/booking/counters';
import { sqlAll, sqlGet, sqliteClient, sqlRun } from '../../engine/db';
import { createTestApp } from '../helpers/test-app';

const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
  {
    kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'desk', title: '窓口' }], slotMinutes: 30, capacity: 1,
    weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '12:00' }],
  },
  { kind: 'service', id: 's', title: '予約', form: 'f', calendar: 'c' },
];
const start = '2026-12-03T10:00:00+09:00';
let t: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  t = await createTestApp(blocks);
});

const audits = () => sqlAll<{ action: string; target: string }>(t.db, 'SELECT action, target_id AS target FROM audit_log ORDER BY id');
const state = async () =>
  JSON.stringify(
    await sqlGet(
      t.db,
      `SELECT (SELECT COUNT(*) FROM bookings WHERE status = 'confirmed') AS b, (SELECT COALESCE(SUM(used), 0) FROM slot_counters) AS u,
    (SELECT ${groupConcatDistinct('resource_id || slot_start || status')} FROM bookings) AS rows`,
    ),
  );
// The audit insert fails (a trigger each database understands), so the state change must roll back.
const breakAudit = () =>
  isPostgres
    ? sqlRun(t.db, `CREATE FUNCTION no_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit unavailable'; END $$; CREATE TRIGGER no_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION no_audit()`)
    : sqliteClient(t.db).exec(`CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END`);
const fixAudit = () => (isPostgres ? sqlRun(t.db, 'DROP TRIGGER no_audit ON audit_log') : sqliteClient(t.db).exec('DROP TRIGGER no_audit'));

describe('audit rows', () => {
  it('one row per book, change and cancel; none for refused requests', async () => {
    expect((await t.json('POST', '/api/t/test-town/services/s/reservations', { resource: 'desk', start, answers: {} })).status).toBe(422);
    const b = await t.json('POST', '/api/t/test-town/services/s/reservations', { resource: 'desk', start, answers: { name: 'a' } });
    expect((await t.json('POST', '/api/t/test-town/services/s/reservations', { resource: 'desk', start, answers: { name: 'b' } })).status).toBe(409);
    const h = { 'x-access-key': b.body.accessKey };
    await t.json('PATCH', `/api/t/test-town/reservations/${b.body.receiptNo}`, { start: '2026-12-03T11:00:00+09:00' }, h);
    await t.json('DELETE', `/api/t/test-town/reservations/${b.body.receiptNo}`, undefined, h);
    expect(await t.json('DELETE', `/api/t/test-town/reservations/${b.body.receiptNo}`, undefined, h)).toMatchObject({ status: 409 });
    expect(await audits()).toEqual([
      { action: 'booking.confirmed', target: b.body.receiptNo },
      { action: 'booking.changed', target: b.body.receiptNo },
      { action: 'booking.cancelled', target: b.body.receiptNo },
    ]);
  });

  it('a state change whose audit row fails is rolled back whole (book, change, cancel)', async () => {
    const b = await t.json('POST', '/api/t/test-town/services/s/reservations', { resource: 'desk', start, answers: { name: 'a' } });
    const h = { 'x-access-key': b.body.accessKey };
    const before = await state();
    await breakAudit();
    const book = await t.json('POST', '/api/t/test-town/services/s/reservations', { resource: 'desk', start: '2026-12-03T09:00:00+09:00', answers: { name: 'b' } });
    const change = await t.json('PATCH', `/api/t/test-town/reservations/${b.body.receiptNo}`, { start: '2026-12-03T11:00:00+09:00' }, h);
    const cancel = await t.json('DELETE', `/api/t/test-town/reservations/${b.body.receiptNo}`, undefined, h);
    for (const r of [book, change, cancel]) {
      expect(r.status).toBe(500);
      expect(r.body.error.code).toBe('internal.error');
    }
    expect(await state()).toBe(before);
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
    await fixAudit();
    expect((await audits()).map((a) => a.action)).toEqual(['booking.confirmed']);
  });
});
