// 会員登録 (individual or group, the tenant's member items, a password) and
// password reset by an emailed link.
import { Hono } from 'hono';
import type { MemberKind } from '../../../../blocks/member-fields/block';
import { csrfValid } from '../../../auth/csrf';
import { sessionCookie } from '../../../auth/member-session';
import { EngineError } from '../../../core/errors';
import { eq } from 'drizzle-orm';
import { members } from '../../../db/schema';
import { memberFieldsOf } from '../../../members/fields';
import { ID_LABELS } from '../../../members/identify';
import { completePasswordReset, requestPasswordReset, resetLinkValid } from '../../../members/password-reset';
import { registerMember } from '../../../members/register';
import type { RuntimeField } from '../../../runtime/field-props';
import { t } from '../../../runtime/i18n';
import { answersFromInputs, inputName, pickInputs, type Inputs } from '../../../runtime/inputs';
import { pageOf, publicBase, type Page, type PageEnv } from './context';
import { field, FormScreen, issuesToErrors, readBody, type Flow } from './form-flow';
import { Layout } from './layout';
import { errorText, html } from './render';
import { DetailsTable } from './slot-table';
import { ui } from './text';

const PASSWORD_FIELDS: RuntimeField[] = [
  { id: 'password', type: 'new-password', label: 'パスワード', labelEn: 'Password', required: true, help: '8文字以上で入力してください。', helpEn: 'At least 8 characters.' },
  { id: 'passwordConfirm', type: 'new-password', label: 'パスワード（確認用）', labelEn: 'Password (again)', required: true },
];

const withoutPasswords = (inputs: Inputs): Inputs => Object.fromEntries(Object.entries(inputs).filter(([k]) => !PASSWORD_FIELDS.some((f) => inputName(f.id) === k)));

function registerFlow(p: Page, kind: MemberKind): Flow {
  const mf = memberFieldsOf(p.published.tenant);
  if (!p.membersOn || !p.modes.onlineRegistration) throw new EngineError('member.registration_closed');
  if (!mf.kinds.includes(kind)) throw new EngineError('member.kind_not_offered');
  return {
    p,
    form: mf.form(kind),
    mode: 'classic',
    action: p.href('/register'),
    hidden: { kind },
    primary: 'register',
    backHref: p.href('/'),
    ...(mf.use('password') === 'required' ? { extra: PASSWORD_FIELDS } : {}),
    ...(mf.use('password') === 'optional' ? { extra: PASSWORD_FIELDS.map((f) => ({ ...f, required: false })) } : {}),
  };
}

function RegisterPage({ flow, kind, state }: { flow: Flow; kind: MemberKind; state: { step: string; inputs: Inputs; errors: Record<string, string> } }) {
  const { p } = flow;
  const kinds = memberFieldsOf(p.published.tenant).kinds;
  const other: MemberKind = kind === 'group' ? 'individual' : 'group';
  return (
    <Layout p={p} title={ui(p.lang, 'registerTitle')} step="input" errorTitle={Object.keys(state.errors).length > 0}>
      {kinds.includes(other) && (
        <p>
          <a href={p.href('/register', { kind: other === 'group' ? 'group' : undefined })}>{ui(p.lang, other === 'group' ? 'registerGroup' : 'registerIndividual')}</a>
        </p>
      )}
      <FormScreen flow={flow} state={{ ...state, inputs: withoutPasswords(state.inputs) }} />
    </Layout>
  );
}

const kindOf = (v: string | undefined): MemberKind => (v === 'group' ? 'group' : 'individual');

export const accountRoutes = new Hono<PageEnv>()
  .get('/t/:tenant/register', (c) => {
    const p = pageOf(c);
    const kind = kindOf(c.req.query('kind'));
    return html(c, <RegisterPage flow={registerFlow(p, kind)} kind={kind} state={{ step: '', inputs: {}, errors: {} }} />);
  })
  .post('/t/:tenant/register', async (c) => {
    const p = pageOf(c);
    const body = await readBody(c);
    const kind = kindOf(field(body, 'kind'));
    const flow = registerFlow(p, kind);
    if (!csrfValid(c, body._csrf)) throw new EngineError('http.bad_request', { reason: ui(p.lang, 'csrfExpired') });
    const inputs = pickInputs(body);
    const answers = answersFromInputs(flow.form.fields, inputs);
    try {
      // Form errors and password errors are shown together: the use case validates both.
      const r = await registerMember(c.get('deps'), {
        published: p.published,
        kind,
        answers,
        ...(flow.extra ? { password: field(body, inputName('password')), passwordConfirm: field(body, inputName('passwordConfirm')) } : {}),
        ip: p.ip,
        admit: async () => {
          // Per address, counted before the password is hashed; typing mistakes (422) do not count.
          const { limiter } = c.get('deps');
          const key = `${p.slug}|register|${p.ip}`;
          const now = p.now.getTime();
          if (await limiter.reserve(key, now)) return;
          c.header('Retry-After', String(await limiter.retryAfter(key, now)));
          throw new EngineError('http.rate_limited');
        },
      });
      sessionCookie.write(c, r.sessionToken);
      // This very page already shows the member as logged in.
      c.set('member', (await c.get('deps').db.select().from(members).where(eq(members.id, r.memberId)).limit(1))[0]);
      c.set('sessionToken', r.sessionToken);
      const done = pageOf(c);
      const idLabel = ID_LABELS[done.modes.loginId][done.lang];
      return html(
        c,
        <Layout p={done} title={ui(done.lang, 'registeredTitle')} step="done">
          <div class="notice" role="status">
            <p>{ui(done.lang, 'registeredText')}</p>
          </div>
          <DetailsTable rows={[[ui(done.lang, 'memberNo'), <strong class="key">{r.memberNo}</strong>], ...(done.modes.loginId === 'login-id' && answers.loginId ? ([[idLabel, String(answers.loginId)]] as [string, string][]) : [])]} />
          <ul>
            <li>
              <a href={done.href('/')}>{ui(done.lang, 'toTop')}</a>
            </li>
            <li>
              <a href={done.href('/my/profile')}>{ui(done.lang, 'profile')}</a>
            </li>
          </ul>
        </Layout>,
        201,
      );
    } catch (e) {
      if (!(e instanceof EngineError) || e.code !== 'input.invalid' || !e.issues) throw e;
      return html(c, <RegisterPage flow={flow} kind={kind} state={{ step: '', inputs, errors: issuesToErrors(e.issues, p.lang) }} />, 422);
    }
  })
  .get('/t/:tenant/password-reset', (c) => html(c, <ResetRequestPage p={pageOf(c)} />))
  .post('/t/:tenant/password-reset', async (c) => {
    const p = pageOf(c);
    const body = await readBody(c);
    if (!csrfValid(c, body._csrf)) return html(c, <ResetRequestPage p={p} error={ui(p.lang, 'csrfExpired')} />, 403);
    const { limiter } = c.get('deps');
    const key = `${p.slug}|reset|${p.ip}`;
    const now = p.now.getTime();
    if (await limiter.blocked(key, now)) {
      c.header('Retry-After', String(await limiter.retryAfter(key, now)));
      return html(c, <ResetRequestPage p={p} error={errorText(new EngineError('http.rate_limited'), p.lang)} />, 429);
    }
    // Every request counts: the form must not become a way to mail-bomb a resident.
    await limiter.fail(key, now);
    await requestPasswordReset(c.get('deps'), { published: p.published, identifier: field(body, 'identifier'), linkFor: (tok) => `${publicBase()}${p.href(`/password-reset/${tok}`)}`, ip: p.ip });
    return html(
      c,
      <Layout p={p} title={ui(p.lang, 'resetTitle')}>
        <div class="notice" role="status">
          <p>{ui(p.lang, 'resetSent')}</p>
        </div>
        <p>
          <a href={p.href('/')}>{ui(p.lang, 'toTop')}</a>
        </p>
      </Layout>,
    );
  })
  .get('/t/:tenant/password-reset/:token', async (c) => {
    const p = pageOf(c);
    if (!(await resetLinkValid(c.get('deps'), p.slug, c.req.param('token') ?? ''))) throw new EngineError('member.reset_invalid');
    return html(c, <NewPasswordPage p={p} token={c.req.param('token') ?? ''} />);
  })
  .post('/t/:tenant/password-reset/:token', async (c) => {
    const p = pageOf(c);
    const token = c.req.param('token') ?? '';
    const body = await readBody(c);
    if (!csrfValid(c, body._csrf)) return html(c, <NewPasswordPage p={p} token={token} errors={{ password: ui(p.lang, 'csrfExpired') }} />, 403);
    try {
      await completePasswordReset(c.get('deps'), { published: p.published, token, password: field(body, 'password'), passwordConfirm: field(body, 'passwordConfirm'), ip: p.ip });
    } catch (e) {
      if (e instanceof EngineError && e.code === 'input.invalid' && e.issues) return html(c, <NewPasswordPage p={p} token={token} errors={issuesToErrors(e.issues, p.lang)} />, 422);
      throw e;
    }
    return html(
      c,
      <Layout p={p} title={ui(p.lang, 'resetTitle')}>
        <div class="notice" role="status">
          <p>{ui(p.lang, 'resetDone')}</p>
        </div>
        <p>
          <a href={p.href('/login')}>{ui(p.lang, 'login')}</a>
        </p>
      </Layout>,
    );
  });

function ResetRequestPage({ p, error }: { p: Page; error?: string }) {
  const idLabel = ID_LABELS[p.modes.loginId][p.lang];
  return (
    <Layout p={p} title={ui(p.lang, 'resetTitle')} errorTitle={!!error}>
      <p>{ui(p.lang, 'resetText', { idLabel })}</p>
      <form method="post" action={p.href('/password-reset')} class="form" noValidate>
        <input type="hidden" name="_csrf" value={p.csrf()} />
        {error && (
          <div class="notice notice-error" role="alert">
            <p>{error}</p>
          </div>
        )}
        <div class="field">
          <label class="label" for="reset-id">
            {`${idLabel} / ${p.lang === 'en' ? 'email address' : 'メールアドレス'}`}
          </label>
          <input class="input" id="reset-id" name="identifier" autocomplete="username" required />
        </div>
        <div class="actions">
          <button type="submit" class="button button-primary">
            {ui(p.lang, 'resetButton')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

function NewPasswordPage({ p, token, errors = {} }: { p: Page; token: string; errors?: Record<string, string> }) {
  const input = (id: 'password' | 'passwordConfirm') => {
    const err = errors[id];
    return (
      <div class={`field${err ? ' field-error' : ''}`}>
        <label class="label" for={`np-${id}`}>
          {t(p.lang, id)}
        </label>
        {id === 'password' && (
          <p class="help" id="np-help">
            {t(p.lang, 'passwordHelp')}
          </p>
        )}
        {err && (
          <p class="error-text" id={`np-${id}-err`}>
            {err}
          </p>
        )}
        <input
          class="input"
          type="password"
          id={`np-${id}`}
          name={id}
          autocomplete="new-password"
          required
          aria-invalid={err ? 'true' : undefined}
          aria-describedby={[err ? `np-${id}-err` : '', id === 'password' ? 'np-help' : ''].filter(Boolean).join(' ') || undefined}
        />
      </div>
    );
  };
  return (
    <Layout p={p} title={ui(p.lang, 'newPassword')} errorTitle={Object.keys(errors).length > 0}>
      <form method="post" action={p.href(`/password-reset/${token}`)} class="form" noValidate>
        <input type="hidden" name="_csrf" value={p.csrf()} />
        {input('password')}
        {input('passwordConfirm')}
        <div class="actions">
          <button type="submit" class="button button-primary">
            {ui(p.lang, 'newPassword')}
          </button>
        </div>
      </form>
    </Layout>
  );
}
