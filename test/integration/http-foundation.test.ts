// The HTTP foundation against createApp(...).request(): the demo tenant published
// into an in-memory database, a fixed clock, and the one error handler.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { loadTenantDir } from '../../engine/config/load-tenant';
import { createTenantStore, type TenantStore } from '../../engine/config/tenant-store';
import { loadPublishedTenants, syncFolderTenant } from '../../engine/config/versions';
import { createFixedClock } from '../../engine/core/clock';
import { EngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { closeDb, openDb, type Db } from '../../engine/db';
import { createApp } from '../../engine/http/app';
import type { Logger } from '../../engine/http/context';
import { repoRoot } from './helpers';

const demoDir = join(repoRoot, 'tenants', 'demo-city');
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

interface RawService {
  kind: string;
  id: string;
  title: string;
  titleEn?: string;
  order?: number;
  listed?: boolean;
}

/** The demo's listed services as written on disk (read without the engine), in display order. */
function servicesOnDisk(dir: string): RawService[] {
  const out: RawService[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json')) {
        const v = JSON.parse(readFileSync(full, 'utf8')) as RawService | RawService[];
        for (const b of Array.isArray(v) ? v : [v]) if (b.kind === 'service' && b.listed !== false) out.push(b);
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.id.localeCompare(b.id));
}

function recordingLogger() {
  const calls = { info: [] as [string, Record<string, unknown>?][], error: [] as [string, Record<string, unknown>?][] };
  const logger: Logger = {
    info: (msg, fields) => void calls.info.push([msg, fields]),
    error: (msg, fields) => void calls.error.push([msg, fields]),
  };
  return { logger, calls };
}

const clock = createFixedClock('2026-12-01T00:00:00Z');
let db: Db;
let store: TenantStore;
let log: ReturnType<typeof recordingLogger>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const loaded = loadTenantDir(demoDir, registry, 'demo-city');
  if (!loaded.tenant) throw new Error(`tenants/demo-city does not load:\n${loaded.issues.map((i) => `${i.file}:${i.path}: ${i.code}`).join('\n')}`);
  db = openDb(':memory:');
  const v = await syncFolderTenant(db, loaded.tenant, clock);
  expect(v).toEqual({ id: 'demo-city-v1', seq: 1, published: true });
  store = createTenantStore(await loadPublishedTenants(db, registry));
});

afterAll(async () => {
  if (db) await closeDb(db);
});

beforeEach(() => {
  log = recordingLogger();
  app = createApp({ registry, db, clock, tenants: store, logger: log.logger });
});

async function get(a: { request: typeof app.request }, path: string, headers: Record<string, string> = {}) {
  const res = await a.request(path, { headers });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body: JSON.parse(text) as any };
}

describe('GET /healthz', () => {
  it('answers ok with the served tenants', async () => {
    const r = await get(app, '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', tenants: ['demo-city'] });
  });
});

describe('GET /api/t/:tenant/services', () => {
  const expected = servicesOnDisk(demoDir);

  it('lists the demo services from the published version, in Japanese by default', async () => {
    expect(expected.map((s) => s.id)).toContain('card-pickup');
    const r = await get(app, '/api/t/demo-city/services');
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.body.tenant).toBe('demo-city');
    expect(r.body.version).toBe('demo-city-v1');
    expect(r.body.services.map((s: any) => ({ id: s.id, title: s.title }))).toEqual(expected.map((s) => ({ id: s.id, title: s.title })));
    for (const s of r.body.services) expect(s.title).toMatch(JAPANESE);
    expect(r.body.services.find((s: any) => s.id === 'card-pickup').title).toBe('マイナンバーカード交付予約');
  });

  it.each([
    ['?lang=en', {}],
    ['', { 'accept-language': 'en' }],
    ['', { 'accept-language': 'en-US,en;q=0.9,ja;q=0.8' }],
  ])('answers in English with %s %j', async (query, headers) => {
    const r = await get(app, `/api/t/demo-city/services${query}`, headers);
    expect(r.status).toBe(200);
    expect(r.body.services.map((s: any) => ({ id: s.id, title: s.title }))).toEqual(expected.map((s) => ({ id: s.id, title: s.titleEn ?? s.title })));
    expect(r.body.services.find((s: any) => s.id === 'card-pickup').title).toBe('My Number card pickup appointment');
  });

  it.each([
    ['', { 'accept-language': 'ja,en;q=0.8' }],
    ['?lang=ja', { 'accept-language': 'en' }],
  ])('stays Japanese with %s %j', async (query, headers) => {
    const r = await get(app, `/api/t/demo-city/services${query}`, headers);
    expect(r.body.services.map((s: any) => s.title)).toEqual(expected.map((s) => s.title));
  });
});

describe('errors', () => {
  it('an unknown tenant is 404 tenant.not_found with the one error body shape', async () => {
    const r = await get(app, '/api/t/no-such-town/services');
    expect(r.status).toBe(404);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.body).toEqual({ error: { code: 'tenant.not_found', message: '自治体「no-such-town」は見つかりません。', details: { tenant: 'no-such-town' } } });
    const en = await get(app, '/api/t/no-such-town/services?lang=en');
    expect(en.body.error.message).toBe('Tenant "no-such-town" was not found.');
  });

  it('an unknown route is a 404 JSON error, not HTML', async () => {
    const r = await get(app, '/no/such/route');
    expect(r.status).toBe(404);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.body).toEqual({ error: { code: 'http.not_found', message: 'ページが見つかりません。', details: {} } });
    expect((await get(app, '/api/t/demo-city/no-such-thing', { 'accept-language': 'en' })).body.error).toEqual({ code: 'http.not_found', message: 'Not found.', details: {} });
  });

  it('an EngineError with issues keeps its status and carries the located issues, localised', async () => {
    const issue = makeIssue('/fields/0/label', 'schema.required', { property: 'label' }, 'form.json');
    const failing: TenantStore = {
      ...store,
      get: () => {
        throw new EngineError('config.invalid', { count: 1 }, { issues: [issue] });
      },
    };
    const a = createApp({ registry, db, clock, tenants: failing, logger: log.logger });
    const ja = await get(a, '/api/t/demo-city/services');
    expect(ja.status).toBe(422);
    expect(ja.body).toEqual({
      error: {
        code: 'config.invalid',
        message: '設定に誤りがあります（1件）。',
        details: { count: 1 },
        issues: [expect.objectContaining({ file: 'form.json', path: '/fields/0/label', code: 'schema.required', message: '必須の項目 "label" がありません。' })],
      },
    });
    const en = await get(a, '/api/t/demo-city/services?lang=en');
    expect(en.body.error.message).toBe('The configuration has 1 problem(s).');
    expect(en.body.error.issues[0].message).toBe('Missing required property "label".');
    expect(log.calls.error).toEqual([]); // a 4xx is not an incident
  });

  it('an unexpected exception is a bare 500 internal.error, logged with its stack, leaking nothing', async () => {
    const secret = 'SECRET-db-password-hunter2 at /srv/internal/tenant-store.ts';
    const failing: TenantStore = {
      ...store,
      get: () => {
        throw new TypeError(secret);
      },
    };
    const a = createApp({ registry, db, clock, tenants: failing, logger: log.logger });
    const r = await get(a, '/api/t/demo-city/services');
    expect(r.status).toBe(500);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.body).toEqual({ error: { code: 'internal.error', message: 'システムエラーが発生しました。時間をおいてもう一度お試しください。', details: {} } });
    for (const leak of ['SECRET', 'hunter2', '/srv/internal', 'TypeError', 'stack', '.ts:']) expect(r.text).not.toContain(leak);

    expect(log.calls.error).toHaveLength(1);
    const [, fields] = log.calls.error[0];
    expect(fields).toMatchObject({ method: 'GET', path: '/api/t/demo-city/services', error: secret });
    expect(String(fields?.stack)).toContain(`TypeError: ${secret}`);
    expect(String(fields?.stack)).toMatch(/\n\s+at /); // the frames, not just the message
  });
});
