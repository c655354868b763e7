// Request-level limits (security probe, issue 13): links in emails never follow the
// Host header, TRUST_PROXY=N trusts only the proxies' own X-Forwarded-For entries,
// bodies are capped (413), the JSON API takes only JSON (415), paging and
// preference keys are validated (422, located).
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { ADMIN_PASSWORD, createAdminTestApp, STAFF_PASSWORD, type AdminTestApp } from './admin-helpers';
import { createClient, hiddenOf, residentApp } from './resident-client';
import { sqlGet } from '../../engine/db';

const T = '/api/admin/t/demo-city';
const ENV_KEYS = ['TRUST_PROXY', 'PUBLIC_BASE_URL', 'PORT'] as const;
let savedEnv: Record<string, string | undefined>;
beforeEach(() => {
  savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const k of ENV_KEYS) delete process.env[k];
});
afterEach(() => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

function expectErrorShape(body: any, code: string) {
  expect(body.error).toMatchObject({ code, message: expect.any(String), details: expect.any(Object) });
  expect(body.error.message.length).toBeGreaterThan(0);
}

describe('links in emails', () => {
  const blocks = [
    { kind: 'site', id: 'test-town', title: 'テスト町', municipality: { name: 'テスト町', phone: '03-0000-0000' }, modes: { loginId: 'login-id' } },
    { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
    { kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'main', title: '本庁舎' }], slotMinutes: 30, capacity: 3, weekly: [{ days: ['mon'], open: '09:00', close: '12:00' }] },
    { kind: 'service', id: 'desk', title: '窓口予約', form: 'f', calendar: 'c' },
    { kind: 'notification', id: 'member-mail', title: '会員通知', messages: [{ id: 'reset', event: 'member.password_reset', channels: ['email'], subject: '再設定', body: '{{reset.url}}' }] },
  ];

  async function resetLinkAskedAt(base: string): Promise<string> {
    const { app, db } = await residentApp(blocks);
    const a = createClient(app);
    const page = await a.get('/t/test-town/register');
    const fields = { 'a.name': '中村', 'a.phone': '0312345678', 'a.email': 'naka@example.jp', 'a.loginId': 'naka', 'a.password': 'old-password1', 'a.passwordConfirm': 'old-password1' };
    expect((await a.post('/t/test-town/register', { ...hiddenOf(page.html, '/register'), ...fields, action: 'next' })).status).toBe(201);
    // The attacker asks for a reset with a forged Host: the request URL and the Host header name their server.
    const evil = createClient(app, base);
    const form = await evil.get('/t/test-town/password-reset', { host: new URL(base).host });
    expect((await evil.post('/t/test-town/password-reset', { ...hiddenOf(form.html, '/password-reset'), identifier: 'naka' }, { host: new URL(base).host })).status).toBe(200);
    const out = (await sqlGet<{ secrets: string }>(db, `SELECT secrets_json AS secrets FROM notification_outbox WHERE event = 'member.password_reset'`))!;
    return Object.values(JSON.parse(out.secrets) as Record<string, string>)[0];
  }

  it('without PUBLIC_BASE_URL point to http://localhost:PORT, never to the Host header', async () => {
    process.env.PORT = '8080';
    const url = await resetLinkAskedAt('http://evil.example');
    expect(url).toMatch(/^http:\/\/localhost:8080\/t\/test-town\/password-reset\/[A-Za-z0-9_-]{40,}$/);
  });

  it('with PUBLIC_BASE_URL point there', async () => {
    process.env.PUBLIC_BASE_URL = 'https://yoyaku.example.jp/';
    const url = await resetLinkAskedAt('http://evil.example');
    expect(url).toMatch(/^https:\/\/yoyaku\.example\.jp\/t\/test-town\/password-reset\//);
  });
});

describe('TRUST_PROXY=N', () => {
  let t: AdminTestApp;
  beforeAll(async () => {
    t = await createAdminTestApp();
  });
  const loginFrom = (xff: string, password = STAFF_PASSWORD, loginId = 'manager') => t.request('POST', `${T}/login`, { body: { loginId, password }, headers: { 'x-forwarded-for': xff } });
  const lastLoginIp = async () => (await sqlGet<{ ip: string }>(t.db, `SELECT ip FROM audit_log WHERE action LIKE 'staff.login%' ORDER BY id DESC LIMIT 1`))!.ip;

  it('1: the rightmost X-Forwarded-For entry (the one our proxy wrote), not the forgeable leftmost', async () => {
    process.env.TRUST_PROXY = '1';
    expect((await loginFrom('6.6.6.6, 203.0.113.77')).status).toBe(200);
    expect(await lastLoginIp()).toBe('203.0.113.77');
  });

  it('2: the second entry from the right', async () => {
    process.env.TRUST_PROXY = '2';
    expect((await loginFrom('6.6.6.6, 203.0.113.78, 10.0.0.2')).status).toBe(200);
    expect(await lastLoginIp()).toBe('203.0.113.78');
  });

  it('unset: X-Forwarded-For is ignored', async () => {
    expect((await loginFrom('203.0.113.79')).status).toBe(200);
    expect(await lastLoginIp()).toBe('local');
  });

  it('a forged leftmost entry per request does not escape the limit', async () => {
    process.env.TRUST_PROXY = '1';
    for (let i = 0; i < 5; i++) expect((await loginFrom(`10.9.9.${i}, 198.51.100.99`, `wrong-${i}-pw`, 'staff')).status).toBe(401);
    expect((await loginFrom('10.9.9.200, 198.51.100.99', STAFF_PASSWORD, 'staff')).status).toBe(429);
  });
});

describe('request bodies', () => {
  const blocks = [
    { kind: 'site', id: 'test-town', title: 'テスト町' },
    { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
    { kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'main', title: '本庁舎' }], slotMinutes: 30, capacity: 3, weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '12:00' }] },
    { kind: 'service', id: 'desk', title: '窓口予約', form: 'f', calendar: 'c' },
  ];
  const BOOK = '/api/t/test-town/services/desk/reservations';
  const booking = (name: string) => JSON.stringify({ resource: 'main', start: '2026-12-03T10:00:00+09:00', answers: { name } });
  const streamOf = (bytes: number) => {
    let sent = 0;
    return new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (sent >= bytes) return ctrl.close();
        const chunk = new Uint8Array(Math.min(64 * 1024, bytes - sent)).fill(0x20);
        sent += chunk.length;
        ctrl.enqueue(chunk);
      },
    });
  };

  it('answers 413 http.too_large over 1 MB, by Content-Length or while streaming, in both languages', async () => {
    const t = await createTestApp(blocks);
    const declared = await t.app.request(BOOK, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) }, body: booking('x') });
    expect(declared.status).toBe(413);
    expectErrorShape(await declared.json(), 'http.too_large');
    const streamed = await t.app.request(BOOK, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: streamOf(2 * 1024 * 1024), duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    const body = (await streamed.json()) as any;
    expectErrorShape(body, 'http.too_large');
    expect(body.error.message).toContain('too large');
    // Just under the limit is read as usual (padding is JSON whitespace).
    const fits = await t.app.request(BOOK, { method: 'POST', headers: { 'content-type': 'application/json' }, body: booking('髙橋') + ' '.repeat(1024 * 1024 - 200) });
    expect(fits.status).toBe(201);
  });

  it('allows the builder 10 MB, not more', async () => {
    const t = await createAdminTestApp();
    const big = { blocks: [{ kind: 'site', id: 'demo-city', title: 'x'.repeat(3 * 1024 * 1024) }] };
    const accepted = await t.request('POST', `${T}/config`, { cookie: t.cookies.admin, body: big });
    expect(accepted.status).not.toBe(413);
    const huge = { blocks: [{ kind: 'site', id: 'demo-city', title: 'x'.repeat(11 * 1024 * 1024) }] };
    const refused = await t.request('POST', `${T}/config`, { cookie: t.cookies.admin, body: huge });
    expect(refused.status).toBe(413);
    expectErrorShape(refused.body, 'http.too_large');
    // Other admin routes keep the 1 MB limit.
    const note = await t.request('PUT', `${T}/preferences/search.columns`, { cookie: t.cookies.admin, body: { value: ['x'.repeat(2 * 1024 * 1024)] } });
    expect(note.status).toBe(413);
  });

  it('refuses a non-JSON body on the JSON API with 415 (a cross-site form cannot book), accepts JSON with a charset', async () => {
    const t = await createTestApp(blocks);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await t.app.request(BOOK, { method: 'POST', headers: { 'content-type': type }, body: booking('髙橋') });
      expect(r.status, type).toBe(415);
      expectErrorShape(await r.json(), 'http.unsupported_media_type');
    }
    const ok = await t.app.request(BOOK, { method: 'POST', headers: { 'content-type': 'application/json; charset=UTF-8' }, body: booking('髙橋') });
    expect(ok.status).toBe(201);
    const login = await t.app.request(`/api/admin/t/test-town/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ loginId: 'admin', password: ADMIN_PASSWORD }) });
    expect(login.status).toBe(415);
    // A write without a body needs no type (cancel by access key).
    const { receiptNo, accessKey } = (await ok.json()) as { receiptNo: string; accessKey: string };
    expect((await t.app.request(`/api/t/test-town/reservations/${receiptNo}`, { method: 'DELETE', headers: { 'x-access-key': accessKey } })).status).toBe(200);
  });
});

describe('admin query and key validation', () => {
  let t: AdminTestApp;
  beforeAll(async () => {
    t = await createAdminTestApp();
  });

  it.each([
    ['bookings', 'page', '1e308'],
    ['bookings', 'page', '9'.repeat(400)],
    ['bookings', 'pageSize', '0'],
    ['audit', 'page', '1e308'],
    ['audit', 'page', '-1'],
    ['audit', 'page', '99999999999'],
  ])('%s?%s=%s answers 422 located at the parameter', async (list, param, value) => {
    const r = await t.request('GET', `${T}/${list}?${param}=${value}`, { cookie: t.cookies.admin });
    expect(r.status).toBe(422);
    expect(r.body.error.issues[0].path).toBe(`/${param}`);
  });

  it('pages normally with a valid number', async () => {
    const r = await t.request('GET', `${T}/audit?page=2`, { cookie: t.cookies.admin });
    expect(r.status).toBe(200);
    expect(r.body.page).toBe(2);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'no.such'])('refuses the preference key %s with 422 at /key', async (key) => {
    const r = await t.request('PUT', `${T}/preferences/${key}`, { cookie: t.cookies.admin, body: { value: ['receiptNo'] } });
    expect(r.status).toBe(422);
    expect(r.body.error.issues[0]).toMatchObject({ path: '/key', code: 'staff.unknown_preference' });
  });

  it('still saves a known preference', async () => {
    const r = await t.request('PUT', `${T}/preferences/search.columns`, { cookie: t.cookies.admin, body: { value: ['receiptNo'] } });
    expect(r.status).toBe(200);
  });
});
