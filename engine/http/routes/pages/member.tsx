// Member pages: login / logout (rate-limited, one answer for unknown IDs and
// wrong passwords), 申し込み一覧 with 変更 and 取消, 登録情報確認・変更.
import { Hono } from 'hono';
import type { CompiledService } from '../../../../blocks/service/block';
import { csrfValid } from '../../../auth/csrf';
import { sessionCookie } from '../../../auth/member-session';
import { EngineError } from '../../../core/errors';
import { answersOfMember, memberFieldsOf } from '../../../members/fields';
import { loginMember, logoutMember } from '../../../members/login';
import { lineLoginConfig } from '../../../members/line-login';
import { memberBookings } from '../../../members/bookings';
import { updateProfile } from '../../../members/profile';
import { displayValue, fieldLabel } from '../../../runtime/display';
import { pick } from '../../../runtime/i18n';
import { inputsFromAnswers } from '../../../runtime/inputs';
import { BookingActions } from './booking-details';
import { pageOf, type Page, type PageContext, type PageEnv } from './context';
import { advance, AnswerRows, field, FormScreen, issuesToErrors, readBody, ReviewForm, type Flow } from './form-flow';
import { slotText } from './format';
import { Layout } from './layout';
import { errorText, html } from './render';
import { DetailsTable } from './slot-table';
import { ui } from './text';
import { LoginForm } from './top';
import { statusLabel } from '../../../booking/status';
import type { MemberLinks } from '../../../core/behaviour';

/** A path inside the tenant to return to after login (never another site). */
export function safeNext(next: string | undefined): string {
  return next && /^\/[^/\\]/.test(next) && !next.includes('..') ? next : '/';
}

export function requireMember(p: Page): void {
  if (!p.membersOn) throw new EngineError('member.features_off');
}

function LoginPage({ p, next, error, identifier }: { p: Page; next: string; error?: string; identifier?: string }) {
  return (
    <Layout p={p} title={ui(p.lang, 'loginTitle')} errorTitle={!!error}>
      <LoginForm p={p} next={next} idPrefix="page" {...(error ? { error } : {})} {...(identifier ? { identifier } : {})} />
      {lineOffered(p) && (
        <p>
          <a class="button button-line" id="line-login" href={p.href('/line/login', { next })}>
            {ui(p.lang, 'lineLogin')}
          </a>
        </p>
      )}
      {p.modes.onlineRegistration && (
        <p>
          <a href={p.href('/register')}>{ui(p.lang, 'noAccount')}</a>
        </p>
      )}
    </Layout>
  );
}

const toLogin = (p: Page, next: string) => p.c.redirect(p.href('/login', { next }), 303);

async function listPage(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  requireMember(p);
  if (!p.member) return toLogin(p, '/my');
  const { lang } = p;
  const rows = await memberBookings(c.get('deps').db, p.slug, p.member.id);
  // What kinds add (lottery entries, waiting-list places with their offers).
  const links: Awaited<ReturnType<MemberLinks['items']>> = [];
  for (const m of p.published.tenant.registry.behaviour().memberLinks) links.push(...(await m.items({ db: c.get('deps').db, published: p.published, memberId: p.member.id, now: p.now.getTime() })));
  return html(
    c,
    <Layout p={p} title={ui(lang, 'listTitle')}>
      {rows.length === 0 ? (
        <p>{ui(lang, 'listEmpty')}</p>
      ) : (
        <table class="bookings">
          <thead>
            <tr>
              <th scope="col">{ui(lang, 'datetime')}</th>
              <th scope="col">{ui(lang, 'place')}</th>
              <th scope="col">{ui(lang, 'receiptNo')}</th>
              <th scope="col">{ui(lang, 'status')}</th>
              <th scope="col">{ui(lang, 'ops')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const service = p.published.tenant.get('service', row.serviceId);
              const r = service?.calendar.resources.find((x) => x.id === row.resourceId);
              return (
                <tr>
                  <td data-label={ui(lang, 'datetime')}>
                    <a href={p.href(`/my/r/${encodeURIComponent(row.receiptNo)}`)}>{slotText(row.slotStart, row.slotEnd, service?.calendar.timezone ?? 'Asia/Tokyo', lang, p.dates)}</a>
                    <br />
                    {service ? pick(lang, service.title, service.titleEn) : row.serviceId}
                  </td>
                  <td data-label={ui(lang, 'place')}>{r ? pick(lang, r.title, r.titleEn) : row.resourceId}</td>
                  <td data-label={ui(lang, 'receiptNo')}>
                    {row.receiptNo}
                    {row.bundleNo && (
                      <>
                        <br />
                        <span class="bundle-of">{ui(lang, 'bundleOfNo', { no: row.bundleNo })}</span>
                      </>
                    )}
                  </td>
                  <td data-label={ui(lang, 'status')}>{statusLabel(row.status, lang)}</td>
                  <td data-label={ui(lang, 'ops')}>
                    <BookingActions p={p} row={row} service={service} h={{ receiptNo: row.receiptNo }} compact />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {links.length > 0 && (
        <section aria-labelledby="other-h">
          <h2 id="other-h">{ui(lang, 'otherApplications')}</h2>
          <ul id="member-links">
            {links.map((l) => (
              <li>
                <a href={`/t/${p.slug}${l.href}${lang === 'en' ? `${l.href.includes('?') ? '&' : '?'}lang=en` : ''}`}>{pick(lang, l.label.ja, l.label.en)}</a> {pick(lang, l.state.ja, l.state.en)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <a href={p.href('/')}>{ui(lang, 'toTop')}</a>
      </p>
    </Layout>,
  );
}

function profileFlow(p: Page): Flow {
  const mf = memberFieldsOf(p.published.tenant);
  return { p, form: mf.form(p.member!.kind), mode: 'classic', action: p.href('/my/profile/edit'), hidden: {}, primary: 'toConfirm', backHref: p.href('/my/profile') };
}

const lineOffered = (p: Page) => !!lineLoginConfig(p.c.get('deps').env ?? process.env, p.slug);

function profilePage(c: PageContext, saved = false): Response {
  const p = pageOf(c);
  requireMember(p);
  if (!p.member) return toLogin(p, '/my/profile');
  const { lang } = p;
  const m = p.member;
  const mf = memberFieldsOf(p.published.tenant);
  const answers = answersOfMember(m);
  return html(
    c,
    <Layout p={p} title={ui(lang, 'profileTitle')}>
      {saved && (
        <div class="notice" role="status">
          <p>{ui(lang, 'profileSaved')}</p>
        </div>
      )}
      {c.req.query('line') === 'linked' && (
        <div class="notice" role="status" id="line-linked">
          <p>{ui(lang, 'lineLinkedNotice')}</p>
        </div>
      )}
      <DetailsTable
        rows={[
          [ui(lang, 'memberNo'), m.memberNo],
          ...(lineOffered(p) || m.lineUserId ? ([[ui(lang, 'lineLink'), ui(lang, m.lineUserId ? 'lineLinked' : 'lineNotLinked')]] as [string, string][]) : []),
          ...(mf.kinds.length > 1 ? ([[ui(lang, 'kind'), ui(lang, m.kind === 'group' ? 'kindGroup' : 'kindIndividual')]] as [string, string][]) : []),
          ...mf.shown(m.kind).map((f): [string, string] => [fieldLabel(f, lang), displayValue(f, answers[f.id], lang)]),
        ]}
      />
      <p>
        <a class="button button-primary" href={p.href('/my/profile/edit')}>
          {ui(lang, 'profileEdit')}
        </a>
      </p>
      {lineOffered(p) && !m.lineUserId && (
        <p>
          <a class="button button-line" id="line-link" href={p.href('/line/login', { next: '/my/profile' })}>
            {ui(lang, 'lineLinkButton')}
          </a>
        </p>
      )}
    </Layout>,
  );
}

export const memberRoutes = new Hono<PageEnv>()
  .get('/t/:tenant/login', (c) => {
    const p = pageOf(c);
    requireMember(p);
    return html(c, <LoginPage p={p} next={safeNext(c.req.query('next'))} />);
  })
  .post('/t/:tenant/login', async (c) => {
    const p = pageOf(c);
    requireMember(p);
    const body = await readBody(c);
    const next = safeNext(field(body, 'next'));
    const identifier = field(body, 'identifier');
    if (!csrfValid(c, body._csrf)) return html(c, <LoginPage p={p} next={next} identifier={identifier} error={ui(p.lang, 'csrfExpired')} />, 403);
    let ticket;
    try {
      // Counted before the password is checked (concurrent attempts cannot all pass), per identifier and address.
      ticket = await c.get('deps').logins.begin(`member|${p.slug}`, identifier, p.ip, p.now.getTime());
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      if (typeof e.details.retryAfter === 'number') c.header('Retry-After', String(e.details.retryAfter));
      return html(c, <LoginPage p={p} next={next} identifier={identifier} error={errorText(e, p.lang)} />, 429);
    }
    try {
      const { sessionToken } = await loginMember(c.get('deps'), { published: p.published, identifier, password: field(body, 'password'), ip: p.ip });
      await ticket.succeeded();
      sessionCookie.write(c, sessionToken);
      return c.redirect(p.href(next), 303);
    } catch (e) {
      const failed = e instanceof EngineError && e.code.startsWith('member.login');
      if (!failed) await ticket.cancelled(); // never checked (e.g. too many hashes at once): not a failed guess
      if (!(e instanceof EngineError) || !(failed || e.code === 'http.busy')) throw e;
      return html(c, <LoginPage p={p} next={next} identifier={identifier} error={errorText(e, p.lang)} />, failed ? 401 : 429);
    }
  })
  .post('/t/:tenant/logout', async (c) => {
    const p = pageOf(c);
    const body = await readBody(c);
    if (!csrfValid(c, body._csrf)) throw new EngineError('http.bad_request', { reason: ui(p.lang, 'csrfExpired') });
    const token = c.get('sessionToken');
    if (p.member && token) await logoutMember(c.get('deps'), { tenant: p.slug, member: p.member, sessionToken: token, ip: p.ip });
    sessionCookie.clear(c);
    return c.redirect(p.href('/'), 303);
  })
  .get('/t/:tenant/my', listPage)
  .get('/t/:tenant/my/profile', (c) => profilePage(c, c.req.query('saved') === '1'))
  .get('/t/:tenant/my/profile/edit', (c) => {
    const p = pageOf(c);
    requireMember(p);
    if (!p.member) return toLogin(p, '/my/profile/edit');
    const flow = profileFlow(p);
    const inputs = inputsFromAnswers(flow.form.fields, answersOfMember(p.member));
    return html(
      c,
      <Layout p={p} title={ui(p.lang, 'profileEditTitle')} step="input">
        <FormScreen flow={flow} state={{ step: '', inputs, errors: {} }} />
      </Layout>,
    );
  })
  .post('/t/:tenant/my/profile/edit', async (c) => {
    const p = pageOf(c);
    requireMember(p);
    if (!p.member) return toLogin(p, '/my/profile/edit');
    const body = await readBody(c);
    if (!csrfValid(c, body._csrf)) throw new EngineError('http.bad_request', { reason: ui(p.lang, 'csrfExpired') });
    const flow = profileFlow(p);
    const o = advance(flow, body);
    const screen = (state: { step: string; inputs: Record<string, string | string[]>; errors: Record<string, string> }, status: 200 | 422 = 200) =>
      html(
        c,
        <Layout p={p} title={ui(p.lang, 'profileEditTitle')} step="input" errorTitle={status === 422}>
          <FormScreen flow={flow} state={state} />
        </Layout>,
        status,
      );
    if (o.kind === 'screen') return screen(o, Object.keys(o.errors).length ? 422 : 200);
    if (o.kind === 'exit') return c.redirect(p.href('/my/profile'), 303);
    if (o.kind === 'review') {
      return html(
        c,
        <Layout p={p} title={ui(p.lang, 'profileEditTitle')} step="confirm">
          <DetailsTable rows={[]}>
            <AnswerRows form={flow.form} answers={o.answers} lang={p.lang} />
          </DetailsTable>
          <ReviewForm flow={flow} inputs={o.inputs} confirm="save" />
        </Layout>,
      );
    }
    try {
      await updateProfile(c.get('deps'), { published: p.published, member: p.member, answers: o.raw, ip: p.ip });
    } catch (e) {
      if (e instanceof EngineError && e.code === 'input.invalid' && e.issues) return screen({ step: '', inputs: o.inputs, errors: issuesToErrors(e.issues, p.lang) }, 422);
      throw e;
    }
    return c.redirect(p.href('/my/profile', { saved: '1' }), 303);
  });
