// The page shell of every resident page: <html lang>, header with the site and
// its navigation, one <main> with one <h1>, footer with the municipality's contact.
import type { ComponentChildren } from 'preact';
import { pick, t, type Lang } from '../../../runtime/i18n';
import type { Page } from './context';
import { ui } from './text';

export type StepName = 'input' | 'confirm' | 'done';

export function Layout({ p, title, children, step, errorTitle }: { p: Page; title: string; children: ComponentChildren; step?: StepName; errorTitle?: boolean }) {
  const { lang, site } = p;
  const siteTitle = pick(lang, site.headerTitle, site.titleEn);
  const other: Lang = lang === 'en' ? 'ja' : 'en';
  const path = new URL(p.c.req.url).pathname;
  // A posted screen cannot be reloaded in the other language; its switch leads to the top page.
  const switchHref = p.c.req.method === 'GET' ? `${path}?${switchQuery(p, other)}`.replace(/\?$/, '') : `/t/${p.slug}/${other === 'en' ? '?lang=en' : ''}`;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${errorTitle ? t(lang, 'errorPrefix') : ''}${title} | ${siteTitle}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/resident.css" />
        <script type="module" src={lang === 'en' ? '/assets/resident-en.js' : '/assets/resident.js'} />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {ui(lang, 'skip')}
        </a>
        <header class="site-header">
          <div class="inner">
            <p class="site-title">
              <a href={p.href('/')}>{siteTitle}</a>
            </p>
            <nav class="site-nav" aria-label={ui(lang, 'navLabel')}>
              <ul>
                <li>
                  <a href={p.href('/')}>{ui(lang, 'top')}</a>
                </li>
                <li>
                  <a href={p.href('/lookup')}>{ui(lang, 'lookup')}</a>
                </li>
                {p.membersOn && p.member && (
                  <li>
                    <a href={p.href('/my')}>{ui(lang, 'myBookings')}</a>
                  </li>
                )}
                {p.membersOn && p.member && (
                  <li>
                    <a href={p.href('/my/profile')}>{ui(lang, 'profile')}</a>
                  </li>
                )}
                {p.membersOn && p.member && (
                  <li>
                    <form method="post" action={p.href('/logout')} class="inline-form">
                      <input type="hidden" name="_csrf" value={p.csrf()} />
                      <button type="submit" class="link">
                        {ui(lang, 'logout')}
                      </button>
                    </form>
                  </li>
                )}
                {p.membersOn && !p.member && (
                  <li>
                    <a href={p.href('/login')}>{ui(lang, 'login')}</a>
                  </li>
                )}
                <li>
                  <a href={switchHref} lang={other} hrefLang={other}>
                    {other === 'en' ? 'English' : '日本語'}
                  </a>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main">
          {step && <Steps lang={lang} step={step} />}
          <h1>{title}</h1>
          {children}
        </main>
        <footer class="site-footer">
          <div class="inner">
            <p>
              {site.municipality.organization ?? site.municipality.name}
              {site.municipality.phone && (
                <>
                  {' '}
                  {ui(lang, 'phone')}: <a href={`tel:${site.municipality.phone.replace(/[^0-9+]/g, '')}`}>{site.municipality.phone}</a>
                </>
              )}
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

function switchQuery(p: Page, to: Lang): string {
  const q = new URLSearchParams(new URL(p.c.req.url).search);
  if (to === 'en') q.set('lang', 'en');
  else q.delete('lang');
  return q.toString();
}

function Steps({ lang, step }: { lang: Lang; step: StepName }) {
  const names: [StepName, 'stepInput' | 'stepConfirm' | 'stepDone'][] = [
    ['input', 'stepInput'],
    ['confirm', 'stepConfirm'],
    ['done', 'stepDone'],
  ];
  return (
    <ol class="steps" aria-label={t(lang, 'stepsLabel')}>
      {names.map(([n, key]) => (
        <li aria-current={n === step ? 'step' : undefined}>
          {t(lang, key)}
          {n === step && <span class="visually-hidden">{t(lang, 'currentStep')}</span>}
        </li>
      ))}
    </ol>
  );
}
