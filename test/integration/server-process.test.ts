// Smoke test of the README's start command: the real server process (tsx engine/main.ts)
// publishes tenants/, answers over HTTP, stops on SIGTERM, and after a restart serves
// the version it published instead of publishing again.
import { isPostgres } from '../../engine/db/dialect';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, startServerProcess, type ServerProcess } from './helpers';

let tmp: string;
let dbPath: string;
const started: ServerProcess[] = [];

async function start(): Promise<ServerProcess> {
  const s = await startServerProcess({ env: { TENANTS_DIR: 'tenants', DATABASE_PATH: dbPath }, timeoutMs: 20_000 });
  started.push(s);
  return s;
}

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: (await res.json()) as any };
}

beforeAll(() => {
  tmp = makeTempDir('server-process');
  dbPath = join(tmp, 'db', 'engine.db');
});

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop('SIGTERM')));
  removeDir(tmp);
});

describe('npm start (tsx engine/main.ts)', () => {
  let first: ServerProcess;

  beforeAll(async () => {
    first = await start();
  }, 30_000);

  // The SQLite file itself (PostgreSQL: two-servers.test.ts starts servers on it).
  it.skipIf(isPostgres)('publishes the demo tenant into DATABASE_PATH on first start', () => {
    expect(first.output()).toContain('tenant demo-city: published version demo-city-v1');
    expect(existsSync(dbPath)).toBe(true);
  });

  it('answers /healthz', async () => {
    const r = await getJson(`${first.url}/healthz`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', tenants: expect.arrayContaining(['demo-city']) });
  });

  it("lists the demo tenant's services", async () => {
    const r = await getJson(`${first.url}/api/t/demo-city/services`);
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.body.version).toBe('demo-city-v1');
    expect(r.body.services.length).toBeGreaterThan(0);
    expect(r.body.services).toContainEqual(expect.objectContaining({ id: 'card-pickup', title: 'マイナンバーカード交付予約' }));
  });

  it('answers an unknown tenant with the JSON error body', async () => {
    const r = await getJson(`${first.url}/api/t/no-such-town/services`);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('tenant.not_found');
  });

  it('exits cleanly on SIGTERM', async () => {
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.output()).toContain('SIGTERM: shutting down');
  });

  it('after a restart serves the version it published, without publishing again', async () => {
    const second = await start();
    expect(second.output()).not.toContain('published version');
    const r = await getJson(`${second.url}/api/t/demo-city/services`);
    expect(r.status).toBe(200);
    expect(r.body.version).toBe('demo-city-v1');
    expect(await second.stop('SIGTERM')).toBe(0);
  }, 30_000);
});
