// LINE Login (OpenID Connect, v2.1) for residents: the authorization request with state,
// nonce and PKCE (S256), the token exchange, and the ID token's check (HS256 signed with
// the channel secret, as LINE signs web-login tokens; iss, aud, exp and nonce).
// Documented at https://developers.line.biz/en/docs/line-login/integrate-line-login/ and
// https://developers.line.biz/en/reference/line-login/. Keys come from the environment,
// per tenant: LINE_LOGIN_CHANNEL_ID_<TENANT>, LINE_LOGIN_CHANNEL_SECRET_<TENANT>;
// LINE_LOGIN_BASE (https://access.line.me) and LINE_API_BASE (https://api.line.me) move
// the two hosts (tests: a local server).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { EngineError } from '../core/errors';
import { slugToEnv } from '../notify/webhook-secret';

export type Env = Readonly<Record<string, string | undefined>>;

export interface LineLoginConfig {
  channelId: string;
  channelSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  issuer: string;
}

export function lineLoginConfig(env: Env, tenant: string): LineLoginConfig | undefined {
  const suffix = slugToEnv(tenant);
  const channelId = env[`LINE_LOGIN_CHANNEL_ID_${suffix}`];
  const channelSecret = env[`LINE_LOGIN_CHANNEL_SECRET_${suffix}`];
  if (!channelId || !channelSecret) return undefined;
  const login = (env.LINE_LOGIN_BASE || 'https://access.line.me').replace(/\/+$/, '');
  const api = (env.LINE_API_BASE || 'https://api.line.me').replace(/\/+$/, '');
  // The ID token's issuer is always access.line.me; a test server speaks for it under its own address.
  return { channelId, channelSecret, authorizeUrl: `${login}/oauth2/v2.1/authorize`, tokenUrl: `${api}/oauth2/v2.1/token`, issuer: env.LINE_LOGIN_BASE ? login : 'https://access.line.me' };
}

/** What the browser carries (sealed) from the authorization request to the callback. */
export interface LoginAttempt {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  /** Epoch ms after which the callback is refused. */
  expires: number;
}

const b64url = (b: Buffer) => b.toString('base64url');

export function newAttempt(next: string, now: number): LoginAttempt {
  return { state: b64url(randomBytes(24)), nonce: b64url(randomBytes(24)), verifier: b64url(randomBytes(48)), next, expires: now + 10 * 60_000 };
}

export const challengeOf = (verifier: string) => b64url(createHash('sha256').update(verifier).digest());

export function authorizeUrl(cfg: LineLoginConfig, a: LoginAttempt, redirectUri: string, lang: 'ja' | 'en'): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: cfg.channelId,
    redirect_uri: redirectUri,
    state: a.state,
    scope: 'openid profile',
    nonce: a.nonce,
    code_challenge: challengeOf(a.verifier),
    code_challenge_method: 'S256',
    ui_locales: lang,
  });
  return `${cfg.authorizeUrl}?${q}`;
}

/** The code for tokens; the ID token checked; the LINE user id (sub) and display name. */
export async function exchangeCode(cfg: LineLoginConfig, input: { code: string; redirectUri: string; attempt: LoginAttempt; now: number; fetch?: typeof fetch }): Promise<{ sub: string; name?: string }> {
  const doFetch = input.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(cfg.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri, client_id: cfg.channelId, client_secret: cfg.channelSecret, code_verifier: input.attempt.verifier }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new EngineError('line.unreachable');
  }
  if (!res.ok) throw new EngineError('line.login_failed', { reason: `token endpoint answered ${res.status}` });
  const body = (await res.json().catch(() => ({}))) as { id_token?: unknown };
  if (typeof body.id_token !== 'string') throw new EngineError('line.login_failed', { reason: 'no id_token' });
  const claims = verifyIdToken(cfg, body.id_token, input.attempt.nonce, input.now);
  return { sub: claims.sub, ...(typeof claims.name === 'string' ? { name: claims.name } : {}) };
}

/** HS256 only (a token naming another algorithm, "none" included, is refused before anything else is read). */
export function verifyIdToken(cfg: LineLoginConfig, token: string, nonce: string, now: number): { sub: string; name?: unknown } {
  const bad = (reason: string) => new EngineError('line.login_failed', { reason });
  const parts = token.split('.');
  if (parts.length !== 3) throw bad('malformed id_token');
  const [h, p, s] = parts;
  let header: { alg?: unknown };
  let claims: { iss?: unknown; sub?: unknown; aud?: unknown; exp?: unknown; nonce?: unknown; name?: unknown };
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    throw bad('malformed id_token');
  }
  if (header.alg !== 'HS256') throw bad(`unexpected alg ${String(header.alg)}`);
  const expected = Buffer.from(b64url(createHmac('sha256', cfg.channelSecret).update(`${h}.${p}`).digest()));
  const given = Buffer.from(s);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw bad('signature');
  if (claims.iss !== cfg.issuer) throw bad('issuer');
  if (claims.aud !== cfg.channelId) throw bad('audience');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw bad('expired');
  if (typeof claims.nonce !== 'string' || claims.nonce !== nonce) throw bad('nonce');
  if (typeof claims.sub !== 'string' || !/^U[0-9a-f]{32}$/.test(claims.sub)) throw bad('subject');
  return { sub: claims.sub, name: claims.name };
}
