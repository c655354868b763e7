// A local server speaking the parts of LINE Login v2.1 the engine uses, as documented
// (https://developers.line.biz/en/reference/line-login/): the authorization endpoint is
// played by `authorize()` (the test acts as the user who consents), and
// POST /oauth2/v2.1/token checks client id and secret, the redirect URI and the PKCE
// verifier (S256) before answering an ID token signed HS256 with the channel secret.
// Messaging API: POST /v2/bot/message/reply and /v2/bot/message/push are recorded.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLine {
  base: string;
  channelId: string;
  channelSecret: string;
  /** The user consents on LINE: returns the callback URL (path and query) LINE would redirect to. */
  authorize(authorizeUrl: string, user: { sub: string; name?: string }): string;
  /** Signs claims as LINE would (for tests of refused tokens). */
  sign(claims: Record<string, unknown>, secret?: string, alg?: string): string;
  tokenRequests: Record<string, string>[];
  replies: { replyToken: string; messages: unknown[] }[];
  /** Push messages as sent, with the bearer token and the retry key the push carried. */
  pushes: { to: string; messages: { type: string; text?: string }[]; authorization: string; retryKey: string }[];
  /** How the next token request ends (for failure tests). */
  nextToken?: (claims: Record<string, unknown>) => Record<string, unknown>;
  now: () => number;
  close(): Promise<void>;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

export async function startFakeLine(opts: { now: () => number }): Promise<FakeLine> {
  const codes = new Map<string, { redirectUri: string; challenge: string; nonce: string; sub: string; name?: string }>();
  const fake = {
    channelId: '1650000000',
    channelSecret: randomBytes(16).toString('hex'),
    tokenRequests: [] as Record<string, string>[],
    replies: [] as { replyToken: string; messages: unknown[] }[],
    pushes: [] as FakeLine['pushes'],
    now: opts.now,
  } as FakeLine;
  fake.sign = (claims, secret = fake.channelSecret, alg = 'HS256') => {
    const h = b64(JSON.stringify({ alg, typ: 'JWT' }));
    const p = b64(JSON.stringify(claims));
    return `${h}.${p}.${b64(createHmac('sha256', secret).update(`${h}.${p}`).digest())}`;
  };
  fake.authorize = (authorizeUrl, user) => {
    const u = new URL(authorizeUrl);
    const q = u.searchParams;
    if (q.get('response_type') !== 'code' || q.get('client_id') !== fake.channelId || q.get('code_challenge_method') !== 'S256' || !q.get('scope')?.split(' ').includes('openid')) throw new Error(`bad authorization request: ${authorizeUrl}`);
    const code = randomBytes(12).toString('hex');
    codes.set(code, { redirectUri: q.get('redirect_uri')!, challenge: q.get('code_challenge')!, nonce: q.get('nonce')!, sub: user.sub, ...(user.name ? { name: user.name } : {}) });
    const back = new URL(q.get('redirect_uri')!);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state')!);
    return `${back.pathname}${back.search}`;
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (raw += d));
    req.on('end', () => {
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'POST' && req.url === '/oauth2/v2.1/token') {
        const f = Object.fromEntries(new URLSearchParams(raw));
        fake.tokenRequests.push(f);
        const c = codes.get(f.code ?? '');
        codes.delete(f.code ?? ''); // a code is good once
        if (!c || f.grant_type !== 'authorization_code' || f.client_id !== fake.channelId || f.client_secret !== fake.channelSecret || f.redirect_uri !== c.redirectUri) return json(400, { error: 'invalid_grant' });
        if (createHash('sha256').update(f.code_verifier ?? '').digest('base64url') !== c.challenge) return json(400, { error: 'invalid_grant', error_description: 'code_verifier' });
        const iat = Math.floor(fake.now() / 1000);
        let claims: Record<string, unknown> = { iss: fake.base, sub: c.sub, aud: fake.channelId, exp: iat + 3600, iat, nonce: c.nonce, amr: ['linesso'], ...(c.name ? { name: c.name } : {}) };
        if (fake.nextToken) {
          claims = fake.nextToken(claims);
          fake.nextToken = undefined;
        }
        return json(200, { access_token: 'at', token_type: 'Bearer', expires_in: 2592000, scope: 'openid profile', id_token: fake.sign(claims) });
      }
      if (req.method === 'POST' && req.url === '/v2/bot/message/reply') {
        fake.replies.push(JSON.parse(raw));
        return json(200, {});
      }
      if (req.method === 'POST' && req.url === '/v2/bot/message/push') {
        const h = req.headers as Record<string, string>;
        fake.pushes.push({ ...JSON.parse(raw), authorization: h.authorization ?? '', retryKey: h['x-line-retry-key'] ?? '' });
        return json(200, { sentMessages: [] });
      }
      json(404, { message: 'Not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}
