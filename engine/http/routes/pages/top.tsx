// トップ: the services (each a link with its title), login or the member's links,
// and the way to a booking made with an access key.
import type { CompiledService } from '../../../../blocks/service/block';
import { pick } from '../../../runtime/i18n';
import { ID_LABELS } from '../../../members/identify';
import { listServices } from '../services';
import { pageOf, type Page, type PageContext } from './context';
import { Layout } from './layout';
import { html } from './render';
import { ui } from './text';

export function topPage(c: PageContext): Response {
  const p = pageOf(c);
  const { lang } = p;
  const services = listServices(p.published.tenant.list('service'));
  return html(
    c,
    <Layout p={p} title={pick(lang, p.site.title, p.site.titleEn)}>
      <h2>{ui(lang, 'services')}</h2>
      {services.length ? (
        <ul class="services">
          {services.map((s) => (
            <li>
              <a href={p.href(`/s/${s.id}`)}>{pick(lang, s.title, s.titleEn)}</a>
              {!s.online.bookable && <span class="badge">{ui(lang, 'counterOnlyBadge')}</span>}
              {s.description && <p>{pick(lang, s.description, s.descriptionEn)}</p>}
            </li>
          ))}
        </ul>
      ) : (
        <p>{ui(lang, 'servicesNone')}</p>
      )}
      {p.membersOn && <MemberBox p={p} />}
      <section class="box" aria-labelledby="guest-box">
        <h2 id="guest-box">{ui(lang, 'guestBox')}</h2>
        <p>{ui(lang, 'guestBoxText')}</p>
        <p>
          <a class="button button-secondary" href={p.href('/lookup')}>
            {ui(lang, 'lookup')}
          </a>
        </p>
      </section>
    </Layout>,
  );
}

function MemberBox({ p }: { p: Page }) {
  const { lang, member } = p;
  if (member) {
    return (
      <section class="box" aria-labelledby="member-box">
        <h2 id="member-box">{ui(lang, 'memberBox')}</h2>
        <p>{ui(lang, 'loginAs', { name: member.name ?? member.memberNo })}</p>
        <ul>
          <li>
            <a href={p.href('/my')}>{ui(lang, 'myBookings')}</a>
          </li>
          <li>
            <a href={p.href('/my/profile')}>{ui(lang, 'profile')}</a>
          </li>
        </ul>
      </section>
    );
  }
  return (
    <section class="box" aria-labelledby="member-box">
      <h2 id="member-box">{ui(lang, 'memberBox')}</h2>
      <LoginForm p={p} next="/" idPrefix="top" />
      {p.modes.onlineRegistration && (
        <p>
          {ui(lang, 'notRegistered')}: <a href={p.href('/register')}>{ui(lang, 'registerLink')}</a>
        </p>
      )}
    </section>
  );
}

/** The login form (top page and login page). */
export function LoginForm({ p, next, idPrefix, error, identifier = '' }: { p: Page; next: string; idPrefix: string; error?: string; identifier?: string }) {
  const { lang, modes } = p;
  const idLabel = ID_LABELS[modes.loginId][lang];
  const errId = `${idPrefix}-login-err`;
  return (
    <form method="post" action={p.href('/login')} class="form" noValidate>
      <input type="hidden" name="_csrf" value={p.csrf()} />
      <input type="hidden" name="next" value={next} />
      {error && (
        <div class="notice notice-error" role="alert" id={errId}>
          <p>{error}</p>
        </div>
      )}
      <div class="field">
        <label class="label" for={`${idPrefix}-login-id`}>
          {lang === 'en' ? idLabel.replace(/^./, (ch) => ch.toUpperCase()) : idLabel}
        </label>
        <input
          class="input"
          id={`${idPrefix}-login-id`}
          name="identifier"
          value={identifier}
          autocomplete={modes.loginId === 'email' ? 'email' : 'username'}
          required
          aria-describedby={error ? errId : undefined}
          {...(modes.loginId === 'email' ? { type: 'email' } : { type: 'text' })}
        />
      </div>
      {modes.passwordCheck && (
        <div class="field">
          <label class="label" for={`${idPrefix}-login-password`}>
            {lang === 'en' ? 'Password' : 'パスワード'}
          </label>
          <input class="input" type="password" id={`${idPrefix}-login-password`} name="password" autocomplete="current-password" required />
        </div>
      )}
      <div class="actions">
        <button type="submit" class="button button-primary">
          {ui(lang, 'loginButton')}
        </button>
      </div>
      {modes.passwordCheck && (
        <p>
          <a href={p.href('/password-reset')}>{ui(lang, 'forgot')}</a>
        </p>
      )}
    </form>
  );
}
