// The builder's HTTP API (system administrators): config as code, drafts refused
// with located issues, publish with impact confirmation, rollback, diff,
// recipes and the write-free preview.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAdminTestApp, type AdminTestApp } from './admin-helpers';
import { sqlAll } from '../../engine/db';

const T = '/api/admin/t/demo-city';
let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});
const admin = (method: string, path: string, body?: unknown) => t.request(method, `${T}${path}`, { cookie: t.cookies.admin, ...(body !== undefined ? { body } : {}) });
const served = () => structuredClone(t.tenants.get('demo-city')!.tenant.blocks) as unknown as Record<string, any>[];
const indexOf = (blocks: Record<string, any>[], kind: string, id: string) => blocks.findIndex((b) => b.kind === kind && b.id === id);

describe('config as code', () => {
  it('GET config answers the served version and its blocks', async () => {
    const r = await admin('GET', '/config');
    expect(r.status).toBe(200);
    expect(r.body.version).toBe('demo-city-v1');
    expect(r.body.blocks.length).toBe(served().length);
    const manager = await t.request('GET', `${T}/config`, { cookie: t.cookies.manager });
    expect(manager.status).toBe(403);
  });

  it('refuses a broken draft with issues located under /blocks/<i>/ and changes nothing', async () => {
    const blocks = served();
    const i = indexOf(blocks, 'calendar', 'card-pickup-windows');
    blocks[i].capacity = 'たくさん';
    const r = await admin('POST', '/config', { blocks });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('config.invalid');
    expect(r.body.error.issues.map((x: { path: string }) => x.path)).toContain(`/blocks/${i}/capacity`);
    const draft = await admin('GET', '/config?draft=1');
    expect(draft.body.draft).toBe(false);
    expect(t.tenants.get('demo-city')!.versionId).toBe('demo-city-v1');
    const a = await t.request('GET', '/api/t/demo-city/services/card-pickup/availability?from=2026-12-03&to=2026-12-03&resource=honcho');
    expect(a.status).toBe(200);
    expect(a.body.slots[0].capacity).toBe(5);
    // Publishing broken blocks directly is refused the same way.
    const p = await admin('POST', '/publish', { blocks });
    expect(p.status).toBe(422);
    expect(t.tenants.get('demo-city')!.versionId).toBe('demo-city-v1');
  });

  it('stores a valid draft, publishes it and switches what residents are served', async () => {
    const blocks = served();
    blocks[indexOf(blocks, 'calendar', 'card-pickup-windows')].capacity = 9;
    expect((await admin('POST', '/config', { blocks })).status).toBe(200);
    const draft = await admin('GET', '/config?draft=1');
    expect(draft.body.draft).toBe(true);
    expect(draft.body.blocks[indexOf(blocks, 'calendar', 'card-pickup-windows')].capacity).toBe(9);
    const before = await t.request('GET', '/api/t/demo-city/services/card-pickup/availability?from=2026-12-03&to=2026-12-03&resource=honcho');
    expect(before.body.slots[0].capacity).toBe(5);
    const p = await admin('POST', '/publish', {});
    expect(p.status).toBe(200);
    expect(p.body.version).toBe('demo-city-v2');
    expect(p.body.diff).toEqual([{ kind: 'calendar', id: 'card-pickup-windows', change: 'changed', changes: [{ path: '/capacity', before: 5, after: 9 }] }]);
    const after = await t.request('GET', '/api/t/demo-city/services/card-pickup/availability?from=2026-12-03&to=2026-12-03&resource=honcho');
    expect(after.body.slots[0].capacity).toBe(9);
    expect((await admin('GET', '/config?draft=1')).body.draft).toBe(false);
    const audit = (await sqlAll<{ action: string }>(t.db, `SELECT action FROM audit_log WHERE action LIKE 'config.%' ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(['config.draft_saved', 'config.published']);
  });

  it('lists stranded bookings (409) and publishes only with confirm', async () => {
    const booked = await t.residentBook({ start: '2026-12-03T10:00:00+09:00', answers: { name: '山田 太郎', phone: '09012345678', jukiCard: 'なし' } });
    const blocks = served();
    const cal = blocks[indexOf(blocks, 'calendar', 'card-pickup-windows')];
    cal.closures = { ...cal.closures, dates: [{ date: '2026-12-03' }] };
    const refused = await admin('POST', '/publish', { blocks });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('config.impact_unconfirmed');
    expect(refused.body.error.details.bookings.map((b: { receiptNo: string }) => b.receiptNo)).toEqual([booked.receiptNo]);
    expect(t.tenants.get('demo-city')!.versionId).toBe('demo-city-v1');
    const ok = await admin('POST', '/publish', { blocks, confirm: true });
    expect(ok.status).toBe(200);
    expect(ok.body.impacted).toHaveLength(1);
    expect(t.tenants.get('demo-city')!.versionId).toBe('demo-city-v2');
  });

  it('lists versions, diffs any two and rolls back as a new version', async () => {
    const blocks = served();
    blocks[indexOf(blocks, 'calendar', 'card-pickup-windows')].title = '交付窓口（新）';
    await admin('POST', '/publish', { blocks });
    const list = await admin('GET', '/versions');
    expect(list.body.versions.map((v: { id: string }) => v.id)).toEqual(['demo-city-v2', 'demo-city-v1']);
    expect(list.body.current).toBe('demo-city-v2');
    const d = await admin('GET', '/versions/diff?a=demo-city-v1&b=demo-city-v2');
    expect(d.body.diff[0].changes).toEqual([{ path: '/title', before: 'マイナンバーカード交付窓口', after: '交付窓口（新）' }]);
    const r = await admin('POST', '/versions/demo-city-v1/rollback', {});
    expect(r.status).toBe(200);
    expect(r.body.version).toBe('demo-city-v3');
    expect((await admin('GET', '/versions/diff?a=demo-city-v1&b=demo-city-v3')).body.diff).toEqual([]);
    expect((await admin('POST', '/versions/nope/rollback', {})).status).toBe(404);
  });
});

describe('recipes and preview', () => {
  it('lists recipes and adds one to the draft as a new service, which residents can book once published', async () => {
    const list = await admin('GET', '/recipes');
    expect(list.body.recipes.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(['consultation-days', 'gym-courts', 'card-pickup-window', 'lunch-break']));
    const r = await admin('POST', '/recipes/consultation-days', { serviceId: 'consult', title: '栄養相談' });
    expect(r.status).toBe(201);
    expect(r.body.added).toEqual(expect.arrayContaining([{ kind: 'service', id: 'consult' }, { kind: 'calendar', id: 'consult-consultation-room' }]));
    expect((await admin('POST', '/recipes/consultation-days', { serviceId: 'consult' })).status).toBe(422);
    expect((await admin('POST', '/recipes/nope', { serviceId: 'x' })).status).toBe(404);
    const draft = await admin('GET', '/config?draft=1');
    const blocks = draft.body.blocks as Record<string, any>[];
    blocks[indexOf(blocks, 'calendar', 'consult-consultation-room')].capacity = 3;
    // The preview compiles in memory: nothing is stored, usage is zero.
    const p = await admin('POST', '/preview', { blocks, service: 'consult', from: '2026-12-08', to: '2026-12-08' });
    expect(p.status).toBe(200);
    expect(p.body.form.fields.map((f: { id: string }) => f.id)).toContain('name');
    expect(p.body.slots[0]).toMatchObject({ start: '2026-12-08T13:00:00+09:00', capacity: 3, remaining: 3, status: 'open' });
    expect((await admin('GET', '/config?draft=1')).body.blocks[indexOf(blocks, 'calendar', 'consult-consultation-room')].capacity).toBe(2);
    const bad = await admin('POST', '/preview', { blocks: blocks.map((b) => (b.id === 'consult-consultation-room' ? { ...b, slotMinutes: 'x' } : b)), service: 'consult' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0].path).toMatch(/^\/blocks\/\d+\/slotMinutes$/);

    expect((await t.request('GET', '/api/t/demo-city/services/consult/availability?from=2026-12-08&to=2026-12-08')).status).toBe(404);
    expect((await admin('POST', '/publish', {})).status).toBe(200);
    const book = await t.request('POST', '/api/t/demo-city/services/consult/reservations', {
      body: { resource: 'room', start: '2026-12-08T13:00:00+09:00', answers: { name: '相談 花子', kana: 'ソウダン ハナコ', phone: '09011112222', topic: 'health' } },
    });
    expect(book.status).toBe(201);
  });
});
