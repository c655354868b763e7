// LINE Login (issue 20): a member links LINE from the profile page, then logs in with LINE
// alone; a LINE account nobody linked is told how to link; and every way a callback can be
// forged or replayed is refused: another state, no cookie, a late return, a token signed
// with another secret or naming another algorithm, another audience, an old token, another
// nonce. Against a local server speaking LINE Login v2.1 (test/helpers/line-server.ts).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSession } from '../../engine/auth/member-session';
import { startFakeLine, type FakeLine } from '../helpers/line-server';
import { createAdminTestApp, type AdminTestApp } from './admin-helpers';
import { sqlAll, sqlGet } from '../../engine/db';

let line: FakeLine;
let t: AdminTestApp;
const env: Record<string, string> = {};
const SUB = `U${'a1'.repeat(16)}`;

beforeAll(async () => {
  line = await startFakeLine({ now: () => t.clock.now().getTime() });
  Object.assign(env, { LINE_LOGIN_CHANNEL_ID_DEMO_CITY: line.channelId, LINE_LOGIN_CHANNEL_SECRET_DEMO_CITY: line.channelSecret, LINE_LOGIN_BASE: line.base, LINE_API_BASE: line.base, PUBLIC_BASE_URL: 'https://yoyaku.example.jp' });
});
afterAll(() => line.close());
beforeEach(async () => {
  t = await createAdminTestApp({ env });
});

const cookieOf = (res: { headers: Headers }, name: string) => new RegExp(`${name}=([^;]*)`).exec(res.headers.get('set-cookie') ?? '')?.[1];

/** The resident presses LINEでログイン (as the member with this session, if any) and consents on LINE as `sub`. */
async function throughLine(o: { sub?: string; session?: string; tamper?: (callback: string) => string; skipCookie?: boolean; before?: () => void } = {}) {
  const start = await t.request('GET', '/t/demo-city/line/login?next=/my', { headers: o.session ? { cookie: `mr_session=${o.session}` } : {} });
  expect(start.status).toBe(302);
  const location = start.headers.get('location')!;
  const attempt = cookieOf(start, 'mr_line')!;
  let callback = line.authorize(location, { sub: o.sub ?? SUB, name: '佐藤 花子' });
  if (o.tamper) callback = o.tamper(callback);
  o.before?.();
  const cookies = [o.skipCookie ? '' : `mr_line=${attempt}`, o.session ? `mr_session=${o.session}` : ''].filter(Boolean).join('; ');
  const res = await t.request('GET', callback, { headers: cookies ? { cookie: cookies } : {} });
  return { start, location, res };
}

describe('LINE Login', () => {
  it('asks LINE with state, nonce and PKCE (S256), returning to the public address', async () => {
    const { location } = await throughLine();
    const q = new URL(location).searchParams;
    expect(location.startsWith(`${line.base}/oauth2/v2.1/authorize?`)).toBe(true);
    expect(q.get('redirect_uri')).toBe('https://yoyaku.example.jp/t/demo-city/line/callback');
    expect(q.get('scope')).toBe('openid profile');
    expect(q.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(q.get('nonce')!.length).toBeGreaterThanOrEqual(32);
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The verifier went to the token endpoint, never to the browser's address bar.
    expect(location).not.toContain(line.tokenRequests.at(-1)!.code_verifier);
  });

  it('links LINE to the member logged in, then logs them in with LINE alone; the console shows 会員種別 LINE', async () => {
    const m = await t.addMember({ name: '佐藤 花子', phone: '09011112222' });
    const session = await startSession(t.db, 'demo-city', m.id, t.clock.now().getTime());
    const linked = await throughLine({ session });
    expect(linked.res.status).toBe(303);
    expect(linked.res.headers.get('location')).toBe('/t/demo-city/my/profile?line=linked');
    expect((await sqlGet<{ l: string }>(t.db, `SELECT line_user_id AS l FROM members WHERE id = ?`, [m.id]))!.l).toBe(SUB);
    const profile = await t.request('GET', '/t/demo-city/my/profile?line=linked', { headers: { cookie: `mr_session=${session}` } });
    expect(profile.text).toContain('LINEと連携しました');
    expect(profile.text).toContain('連携済み');

    const login = await throughLine();
    expect(login.res.status).toBe(303);
    expect(login.res.headers.get('location')).toBe('/t/demo-city/my');
    const token = cookieOf(login.res, 'mr_session')!;
    expect((await t.request('GET', '/t/demo-city/my', { headers: { cookie: `mr_session=${token}` } })).status).toBe(200);
    const audit = (await sqlAll<{ action: string }>(t.db, `SELECT action FROM audit_log WHERE action IN ('member.line_linked', 'member.logged_in') ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(['member.line_linked', 'member.logged_in']);
    const list = await t.request('GET', `/api/admin/t/demo-city/members?q=${encodeURIComponent('佐藤')}`, { cookie: t.cookies.manager });
    expect(list.body.rows ?? list.body.members).toEqual(expect.arrayContaining([expect.objectContaining({ accountType: 'LINE' })]));
  });

  it('tells a LINE account nobody linked how to link, and refuses a LINE account linked to someone else', async () => {
    const unknown = await throughLine({ sub: `U${'b2'.repeat(16)}` });
    expect(unknown.res.status).toBe(200);
    expect(unknown.res.text ?? '').toContain('ログインして連携する');
    await t.addMember({ name: '先客', phone: '09033334444', lineUserId: SUB });
    const other = await t.addMember({ name: '後から', phone: '09055556666' });
    const session = await startSession(t.db, 'demo-city', other.id, t.clock.now().getTime());
    const taken = await throughLine({ session });
    expect(taken.res.status).toBe(409);
    expect(taken.res.text).toContain('別の登録者と連携されています');
  });

  it('refuses a forged, replayed or late callback, and tokens that are not right in every way', async () => {
    await t.addMember({ name: '佐藤 花子', phone: '09011112222', lineUserId: SUB });
    const otherState = await throughLine({ tamper: (cb) => cb.replace(/state=[^&]+/, 'state=forged') });
    expect(otherState.res.status).toBe(400);
    expect(cookieOf(otherState.res, 'mr_session')).toBeUndefined();
    expect((await throughLine({ skipCookie: true })).res.status).toBe(400);
    expect((await throughLine({ before: () => t.clock.advance(11 * 60_000) })).res.status).toBe(400);
    const refused: [string, (c: Record<string, unknown>) => Record<string, unknown>][] = [
      ['audience', (c) => ({ ...c, aud: '999' })],
      ['expired', (c) => ({ ...c, exp: Math.floor(t.clock.now().getTime() / 1000) - 1 })],
      ['nonce', (c) => ({ ...c, nonce: 'other' })],
      ['issuer', (c) => ({ ...c, iss: 'https://evil.example' })],
    ];
    for (const [why, change] of refused) {
      line.nextToken = change;
      const r = await throughLine();
      expect(r.res.status, why).toBe(400);
      expect(cookieOf(r.res, 'mr_session'), why).toBeUndefined();
    }
    // Signed with another secret, or claiming "none": the token endpoint's answer is replaced on the way.
    const claims = { iss: line.base, sub: SUB, aud: line.channelId, exp: Math.floor(t.clock.now().getTime() / 1000) + 600, nonce: 'x' };
    const { verifyIdToken, lineLoginConfig } = await import('../../engine/members/line-login');
    const cfg = lineLoginConfig(env, 'demo-city')!;
    expect(() => verifyIdToken(cfg, line.sign({ ...claims }, 'not-the-secret'), 'x', t.clock.now().getTime())).toThrow();
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect(() => verifyIdToken(cfg, none, 'x', t.clock.now().getTime())).toThrow();
    expect(verifyIdToken(cfg, line.sign(claims), 'x', t.clock.now().getTime()).sub).toBe(SUB);
  });

  it('is offered only where the tenant configured it', async () => {
    const withLine = await t.request('GET', '/t/demo-city/login');
    expect(withLine.text).toContain('LINEでログイン');
    const plain = await createAdminTestApp();
    expect((await plain.request('GET', '/t/demo-city/login')).text).not.toContain('LINEでログイン');
    expect((await plain.request('GET', '/t/demo-city/line/login')).status).toBe(404);
  });
});
