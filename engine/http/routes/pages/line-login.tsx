// LINE Login pages: /t/:tenant/line/login sends the resident to LINE (state, nonce and
// the PKCE verifier ride in a sealed, short-lived cookie), /t/:tenant/line/callback comes
// back, checks it all, and logs the member in or links LINE to the member logged in.
// Works in LINE's in-app browser: plain redirects, no pop-ups.
import { Hono } from 'hono';
import { clearCookie, readCookie, writeCookie } from '../../../auth/cookies';
import { sessionCookie } from '../../../auth/member-session';
import { publicBaseFrom } from '../../../core/public-base';
import { deriveKey, sealText, unsealText } from '../../../core/seal';
import { tenantSecret } from '../../../core/secrets';
import { EngineError } from '../../../core/errors';
import { lineSignIn } from '../../../members/line-link';
import { authorizeUrl, exchangeCode, lineLoginConfig, newAttempt, type LoginAttempt } from '../../../members/line-login';
import { pageOf, type Page, type PageEnv } from './context';
import { Layout } from './layout';
import { requireMember, safeNext } from './member';
import { html } from './render';

const COOKIE = 'mr_line';
const L = (p: Page, ja: string, en: string) => (p.lang === 'en' ? en : ja);

function configOf(p: Page) {
  const cfg = lineLoginConfig(p.c.get('deps').env ?? process.env, p.slug);
  if (!cfg) throw new EngineError('line.not_configured');
  return cfg;
}
const keyOf = async (p: Page) => deriveKey(await tenantSecret(p.c.get('deps').db, p.slug, 'line-login', p.now.getTime()), 'line-login');
const redirectUri = (p: Page) => `${publicBaseFrom(p.c.get('deps').env)}/t/${p.slug}/line/callback`;

/** Whether the tenant offers LINE Login (the login and profile pages show the button). */
export const lineLoginOffered = (p: Page): boolean => !!lineLoginConfig(p.c.get('deps').env ?? process.env, p.slug);

export const lineLoginRoutes = new Hono<PageEnv>()
  .get('/t/:tenant/line/login', async (c) => {
    const p = pageOf(c);
    requireMember(p);
    const cfg = configOf(p);
    const attempt = newAttempt(safeNext(c.req.query('next') ?? (p.member ? '/my/profile' : '/my')), p.now.getTime());
    writeCookie(c, COOKIE, sealText(await keyOf(p), JSON.stringify(attempt)), 600);
    return c.redirect(authorizeUrl(cfg, attempt, redirectUri(p), p.lang), 302);
  })
  .get('/t/:tenant/line/callback', async (c) => {
    const p = pageOf(c);
    requireMember(p);
    const cfg = configOf(p);
    const sealed = readCookie(c, COOKIE);
    clearCookie(c, COOKIE);
    let attempt: LoginAttempt | undefined;
    try {
      attempt = sealed ? (JSON.parse(unsealText(await keyOf(p), sealed)) as LoginAttempt) : undefined;
    } catch {
      attempt = undefined;
    }
    // A callback without our cookie, for another attempt, or too late: start again (never trust the query alone).
    if (!attempt || attempt.state !== c.req.query('state') || attempt.expires < p.now.getTime()) throw new EngineError('line.expired');
    const error = c.req.query('error');
    if (error) throw new EngineError('line.cancelled', { reason: c.req.query('error_description') || error });
    const code = c.req.query('code');
    if (!code) throw new EngineError('line.login_failed', { reason: 'no code' });
    const { sub } = await exchangeCode(cfg, { code, redirectUri: redirectUri(p), attempt, now: p.now.getTime() });
    const outcome = await lineSignIn(c.get('deps'), { tenant: p.slug, sub, ...(p.member ? { current: p.member } : {}), ...(p.ip ? { ip: p.ip } : {}) });
    if (outcome.kind === 'logged-in') {
      sessionCookie.write(c, outcome.sessionToken);
      return c.redirect(p.href(attempt.next), 303);
    }
    if (outcome.kind === 'linked') return c.redirect(p.href('/my/profile', { line: 'linked' }), 303);
    // A LINE account nobody has linked yet: log in (or register) first, then link.
    const again = p.href('/line/login', { next: '/my/profile' });
    return html(
      c,
      <Layout p={p} title={L(p, 'LINEアカウントが連携されていません', 'This LINE account is not linked yet')}>
        <p id="line-unknown">
          {L(p, 'このLINEアカウントと連携された登録はありません。登録済みの方はいつもの方法でログインしてから「LINEと連携する」を押してください。はじめての方は新規登録のあとで連携できます。', 'No member is linked to this LINE account. If you are registered, log in as usual, then press "Link with LINE". New users can link after registering.')}
        </p>
        <ul>
          <li>
            <a href={p.href('/login', { next: '/my/profile' })}>{L(p, 'ログインして連携する', 'Log in, then link')}</a>
          </li>
          <li>
            <a href={p.href('/register')}>{L(p, '新規登録', 'Register')}</a>
          </li>
          <li>
            <a href={again}>{L(p, '別のLINEアカウントでやり直す', 'Try another LINE account')}</a>
          </li>
        </ul>
      </Layout>,
    );
  });
