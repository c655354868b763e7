// Builder use cases: drafts, publish with impact warnings, rollback, diff.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { getDraft, saveDraft } from '../../engine/config/drafts';
import { diffVersions, publishDraft, rollbackTo } from '../../engine/config/publish';
import { EngineError } from '../../engine/core/errors';
import { createTestApp } from '../helpers/test-app';
import { sqlAll, sqlGet } from '../../engine/db';

const calendar = (over: Record<string, unknown> = {}) => ({
  kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'main', title: '本庁舎' }, { id: 'branch', title: '出張所' }], slotMinutes: 30, capacity: 2,
  weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '12:00' }], ...over,
});
const base = (cal = calendar()) => [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
  cal,
  { kind: 'service', id: 's', title: '予約', form: 'f', calendar: 'c' },
];
const staff = { type: 'staff' as const, id: 'admin', ip: '127.0.0.1' };
const start = '2026-12-03T10:00:00+09:00';

let t: Awaited<ReturnType<typeof createTestApp>>;
let deps: Parameters<typeof publishDraft>[0];
beforeEach(async () => {
  t = await createTestApp(base());
  deps = { db: t.db, clock: t.clock, registry, tenants: t.tenants };
});
const book = (name: string, resource = 'main') => t.json('POST', '/api/t/test-town/services/s/reservations', { resource, start, answers: { name } });
const catchError = async (fn: () => unknown) => {
  try {
    await fn();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected an EngineError');
};

describe('drafts', () => {
  it('refuses a broken draft with located issues and stores nothing', async () => {
    const broken = base();
    (broken[3] as Record<string, unknown>).form = 'nope';
    delete (broken[1] as Record<string, unknown>).title;
    const e = await catchError(() => saveDraft(deps, { published: t.tenants.get('test-town')!, blocks: broken, actor: staff }));
    expect(e.code).toBe('config.invalid');
    expect(e.issues!.map((i) => [i.path, i.code]).sort()).toEqual([['/blocks/1/title', 'schema.required'], ['/blocks/3/form', 'block.missing_ref']]);
    expect(await getDraft(t.db, 'test-town')).toBeUndefined();
    expect(t.tenants.get('test-town')!.versionId).toBe('test-town-v1');
  });

  it('saves a valid draft and shows what changes, without changing what residents see', async () => {
    const r = await saveDraft(deps, { published: t.tenants.get('test-town')!, blocks: base(calendar({ capacity: 5 })), actor: staff });
    expect(r.diff).toEqual([{ kind: 'calendar', id: 'c', change: 'changed', changes: [{ path: '/capacity', before: 2, after: 5 }] }]);
    expect((await getDraft(t.db, 'test-town'))?.baseVersionId).toBe('test-town-v1');
    const a = await t.json('GET', '/api/t/test-town/services/s/availability?from=2026-12-03&to=2026-12-03&resource=main');
    expect(a.body.slots[0].capacity).toBe(2);
  });
});

describe('publish', () => {
  it('switches atomically to a new version; earlier bookings keep theirs; audited', async () => {
    const before = await book('a');
    await saveDraft(deps, { published: t.tenants.get('test-town')!, blocks: base(calendar({ capacity: 5 })), actor: staff });
    const r = await publishDraft(deps, { slug: 'test-town', actor: staff });
    expect(r).toMatchObject({ version: 'test-town-v2', seq: 2, impacted: [] });
    expect(await getDraft(t.db, 'test-town')).toBeUndefined();
    const a = await t.json('GET', '/api/t/test-town/services/s/availability?from=2026-12-03&to=2026-12-03&resource=main');
    expect(a.body.slots.find((s: { start: string }) => s.start === start)).toMatchObject({ capacity: 5, remaining: 4 });
    const after = await book('b');
    const versions = await sqlAll<{ r: string; v: string }>(t.db, 'SELECT receipt_no AS r, version_id AS v FROM bookings ORDER BY id');
    expect(versions).toEqual([{ r: before.body.receiptNo, v: 'test-town-v1' }, { r: after.body.receiptNo, v: 'test-town-v2' }]);
    const audit = await sqlAll<{ action: string; target: string }>(t.db, `SELECT action, target_id AS target FROM audit_log WHERE action LIKE 'config.%' ORDER BY id`);
    expect(audit).toEqual([{ action: 'config.draft_saved', target: 'test-town' }, { action: 'config.published', target: 'test-town-v2' }]);
  });

  it.each([
    ['capacity lowered below what is booked', calendar({ capacity: 1 }), 'over_capacity'],
    ['resource removed while booked', calendar({ resources: [{ id: 'branch', title: '出張所' }] }), 'resource_removed'],
    ['a closure over a booked day', calendar({ closures: { dates: [{ date: '2026-12-03' }] } }), 'closed'],
    ['the booked slot removed', calendar({ weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '13:00', close: '17:00' }] }), 'slot_removed'],
  ])('lists stranded bookings (%s) and publishes only with confirmation', async (_name, cal, reason) => {
    const a = await book('a');
    const b = await book('b');
    const e = await catchError(() => publishDraft(deps, { slug: 'test-town', actor: staff, blocks: base(cal) }));
    expect(e.code).toBe('config.impact_unconfirmed');
    const listed = e.details.bookings as { receiptNo: string; reason: string }[];
    expect(listed.map((x) => x.receiptNo)).toEqual([a.body.receiptNo, b.body.receiptNo]);
    expect(new Set(listed.map((x) => x.reason))).toEqual(new Set([reason]));
    expect(t.tenants.get('test-town')!.versionId).toBe('test-town-v1');
    expect((await sqlGet<{ n: number }>(t.db, 'SELECT COUNT(*) AS n FROM tenant_versions'))!.n).toBe(1);
    const ok = await publishDraft(deps, { slug: 'test-town', actor: staff, blocks: base(cal), confirm: true });
    expect(ok.version).toBe('test-town-v2');
    expect(ok.impacted).toHaveLength(2);
  });

  it('does not warn when the remaining capacity still holds the bookings', async () => {
    await book('a');
    expect((await publishDraft(deps, { slug: 'test-town', actor: staff, blocks: base(calendar({ capacity: 1 })) })).impacted).toEqual([]);
  });

  it('rolls back to an earlier version as a new version and diffs any two versions', async () => {
    await publishDraft(deps, { slug: 'test-town', actor: staff, blocks: base(calendar({ capacity: 7, title: '新窓口' })) });
    const r = await rollbackTo(deps, { slug: 'test-town', versionId: 'test-town-v1', actor: staff });
    expect(r.version).toBe('test-town-v3');
    expect(t.tenants.get('test-town')!.tenant.contentHash).toBe(t.published.tenant.contentHash);
    expect(await diffVersions(t.db, 'test-town', 'test-town-v1', 'test-town-v2')).toEqual([
      { kind: 'calendar', id: 'c', change: 'changed', changes: [{ path: '/title', before: '窓口', after: '新窓口' }, { path: '/capacity', before: 2, after: 7 }] },
    ]);
    expect(await diffVersions(t.db, 'test-town', 'test-town-v1', 'test-town-v3')).toEqual([]);
    expect((await catchError(() => rollbackTo(deps, { slug: 'test-town', versionId: 'nope', actor: staff }))).code).toBe('config.version_not_found');
  });
});
