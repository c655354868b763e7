// A block kind defined only in the test folder (kinds/screening.ts) adds an admission
// stage and step, a status use (pending), a notification event, a staff column and a
// job. It is registered through the registry alone; the tenant is published and
// booked through the HTTP API with no engine file knowing the kind.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { blockKinds } from '../../blocks';
import { checkCounters } from '../../engine/booking/counters';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import { createRegistry } from '../../engine/core/registry';
import { runDueJobs } from '../../engine/jobs/scheduler';
import { ensureAdminAccounts } from '../../engine/staff/bootstrap';
import { createTestApp, silentLogger } from '../helpers/test-app';
import { jobRuns, screeningBlock } from './kinds/screening';
import { sqlAll, sqlGet, sqliteClient, sqlRun } from '../../engine/db';

const registry = createRegistry([...blockKinds, screeningBlock]);
const NOW = '2026-12-01T00:00:00Z';
const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  {
    kind: 'form', id: 'f', title: '申込',
    fields: [
      { id: 'name', type: 'text', label: '氏名', required: true },
      { id: 'email', type: 'email', label: 'メール', required: true },
      { id: 'purpose', type: 'radio', label: '目的', required: true, options: [{ value: 'private', label: '個人' }, { value: 'business', label: '営業' }] },
    ],
  },
  {
    kind: 'calendar', id: 'rooms', title: '会議室', resources: [{ id: 'r1', title: '第1会議室' }],
    slotMinutes: 60, capacity: 2, weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '12:00' }],
  },
  { kind: 'service', id: 'room', version: 2, title: '会議室', form: 'f', calendar: 'rooms', admission: ['screening'] },
  { kind: 'screening', id: 'room-screening', service: 'room', waiveWhen: { field: 'purpose', value: 'private' }, holdPlace: true },
  {
    kind: 'notification', id: 'notices', title: '通知',
    messages: [{ id: 'screen', event: 'screening.requested', channels: ['email'], subject: '審査します（{{booking.receiptNo}}）', body: '設定 {{screening.block}} で審査します。' }],
  },
];
const start = '2026-12-03T10:00:00+09:00';
const answers = (purpose: string) => ({ name: '山田 花子', email: 'hanako@example.jp', purpose });

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  t = await createTestApp(blocks, { now: NOW, registry });
});
const book = (purpose: string) => t.json('POST', '/api/t/test-town/services/room/reservations', { resource: 'r1', start, answers: answers(purpose) });

describe('a block kind from outside the engine', () => {
  it('is refused by the engine registry (fail closed), and loads with the extended one', () => {
    const plain = loadTenantBlocks('x', blocks, createRegistry([...blockKinds]));
    expect(plain.issues.map((i) => i.code)).toContain('block.unknown_kind');
    expect(loadTenantBlocks('x', blocks, registry).issues).toEqual([]);
  });

  it('a service naming an admission stage nobody contributes is a located load error', () => {
    const bad = blocks.map((b) => (b.kind === 'service' ? { ...b, admission: ['screenig'] } : b));
    const r = loadTenantBlocks('x', bad, registry);
    expect(r.issues).toContainEqual(expect.objectContaining({ code: 'service.unknown_admission', path: '/3/admission/0' }));
  });

  it('its admission stage puts a booking under review, holding the place, with its event sent', async () => {
    const r = await book('business');
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('pending');
    const row = (await sqlGet<{ status: string; holds: number }>(t.db, `SELECT status, holds_capacity AS holds FROM bookings WHERE receipt_no = ?`, [r.body.receiptNo]))!;
    expect({ ...row, holds: Boolean(row.holds) }).toEqual({ status: 'pending', holds: true });
    expect((await sqlGet<{ used: number }>(t.db, `SELECT used FROM slot_counters`))!.used).toBe(1);
    const out = (await sqlAll<{ event: string; subject: string }>(t.db, `SELECT event, subject FROM notification_outbox`));
    expect(out).toEqual([{ event: 'screening.requested', subject: `審査します（${r.body.receiptNo}）` }]);
    const audit = (await sqlGet<{ action: string; details: string }>(t.db, `SELECT action, details_json AS details FROM audit_log WHERE target_id = ?`, [r.body.receiptNo]))!;
    expect(audit.action).toBe('booking.pending');
    expect(JSON.parse(audit.details)).toMatchObject({ screening: 'required' });
    const history = (await sqlAll<{ from: string | null; to: string }>(t.db, `SELECT from_status AS "from", to_status AS "to" FROM booking_history`));
    expect(history).toEqual([{ from: null, to: 'pending' }]);
    // The resident reads the state in words.
    const view = await t.json('GET', `/api/t/test-town/reservations/${r.body.receiptNo}`, undefined, { 'x-access-key': r.body.accessKey });
    expect(view.body).toMatchObject({ status: 'pending', statusLabel: '審査中', canCancel: true });
  });

  it('its step can waive the review: the booking is confirmed at once', async () => {
    const r = await book('private');
    expect(r.body.status).toBe('confirmed');
    expect((await sqlAll(t.db, `SELECT event FROM notification_outbox`))).toEqual([]);
  });

  it('a pending booking that does not hold its place leaves capacity alone, and cancelling it gives nothing back', async () => {
    const t2 = await createTestApp(blocks.map((b) => (b.kind === 'screening' ? { ...b, holdPlace: false } : b)), { now: NOW, registry });
    const r = await t2.json('POST', '/api/t/test-town/services/room/reservations', { resource: 'r1', start, answers: answers('business') });
    expect(r.body.status).toBe('pending');
    expect((await sqlGet<{ n: number }>(t2.db, `SELECT COALESCE(SUM(used), 0) AS n FROM slot_counters`))!.n).toBe(0);
    const c = await t2.json('DELETE', `/api/t/test-town/reservations/${r.body.receiptNo}`, undefined, { 'x-access-key': r.body.accessKey });
    expect(c.status, JSON.stringify(silentLogger.errors.at(-1))).toBe(200);
    expect(c.body.status).toBe('cancelled');
    expect(await checkCounters(t2.db, 'test-town')).toEqual([]);
    const history = (await sqlAll<{ from: string | null; to: string }>(t2.db, `SELECT from_status AS "from", to_status AS "to" FROM booking_history ORDER BY id`));
    expect(history).toEqual([{ from: null, to: 'pending' }, { from: 'pending', to: 'cancelled' }]);
  });

  it('holds places for pending bookings: the slot fills, counters agree', async () => {
    expect((await book('business')).status).toBe(201);
    expect((await book('private')).status).toBe(201);
    const full = await book('business');
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('booking.slot_full');
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
  });

  it('its staff column appears in the ledger CSV', async () => {
    const r = await book('business');
    await ensureAdminAccounts({ db: t.db, clock: t.clock }, ['test-town'], 'admin-pass-2026');
    // The bootstrap password must be changed at first login; this test is about the ledger, not that.
    await sqlRun(t.db, "UPDATE staff_accounts SET must_change_password = false WHERE tenant_slug = 'test-town'");
    const login = await t.app.request('/api/admin/t/test-town/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId: 'admin', password: 'admin-pass-2026' }) });
    expect(login.status).toBe(200);
    const cookie = /muni_staff=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const csv = await t.app.request(`/api/admin/t/test-town/ledger.csv?from=2026-12-01&to=2026-12-31&columns=receiptNo,status,screening`, { headers: { cookie } });
    expect(csv.status).toBe(200);
    const text = (await csv.text()).replace(/^\uFEFF/, '');
    expect(text.split('\r\n').slice(0, 2)).toEqual(['受付番号,状態,審査', `${r.body.receiptNo},審査中,審査:審査中`]);
  });

  it('its job runs once per due time, however often the scheduler looks', async () => {
    jobRuns.length = 0;
    const deps = { db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger };
    expect(await runDueJobs(deps, registry)).toContain('screening/count');
    expect(await runDueJobs(deps, registry)).not.toContain('screening/count');
    expect(jobRuns).toHaveLength(1);
    t.clock.advance(3_600_000);
    expect(await runDueJobs(deps, registry)).toContain('screening/count');
    expect(jobRuns).toHaveLength(2);
  });
});
