// Turning a page into a response, and errors into pages (never JSON on /t/...).
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { EngineError } from '../../../core/errors';
import { messageFor, statusOf } from '../../../core/messages';
import type { Lang } from '../../../runtime/i18n';
import { Layout } from './layout';
import type { Page, PageContext } from './context';
import { ui } from './text';

export function html(c: PageContext, page: VNode, status: ContentfulStatusCode = 200): Response {
  // Pages carry personal data (answers, access keys): never stored by shared caches or the back-forward cache of others.
  c.header('Cache-Control', 'no-store');
  return c.html(`<!DOCTYPE html>${renderToString(page)}`, status);
}

export function errorText(e: EngineError, lang: Lang): string {
  return messageFor(e.code, e.details, lang);
}

/**
 * The way forward an error names, if any: `details.next` = { path (inside the tenant), label, labelEn },
 * e.g. the page to apply for a permit a booking needs. The JSON API returns the same details.
 */
export function NextStep({ p, e }: { p: Page; e: EngineError }) {
  const next = e.details.next as { path?: unknown; label?: unknown; labelEn?: unknown } | undefined;
  if (!next || typeof next.path !== 'string' || !/^\/[^/\\]/.test(next.path)) return null;
  const label = p.lang === 'en' ? next.labelEn : next.label;
  return (
    <p>
      <a class="button button-primary" id="next-step" href={p.href(next.path)}>
        {typeof label === 'string' ? label : ui(p.lang, 'toTop')}
      </a>
    </p>
  );
}

export function errorPage(p: Page, e: EngineError, links: VNode | null = null): Response {
  const status = statusOf(e.code) as ContentfulStatusCode;
  const lang = p.lang;
  return html(
    p.c,
    <Layout p={p} title={status === 404 ? ui(lang, 'notFoundTitle') : ui(lang, 'errorTitle')} errorTitle>
      <div class="notice notice-error" role="alert">
        <p>{errorText(e, lang)}</p>
        <NextStep p={p} e={e} />
      </div>
      {links ?? (
        <p>
          <a href={p.href('/')}>{ui(lang, 'toTop')}</a>
        </p>
      )}
    </Layout>,
    status >= 400 && status < 600 ? status : 500,
  );
}

/** An error before the tenant is known: a minimal page of its own. */
export function bareErrorPage(c: PageContext, e: EngineError): Response {
  const lang = c.get('lang') ?? 'ja';
  const status = statusOf(e.code) as ContentfulStatusCode;
  return html(
    c,
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{ui(lang, status === 404 ? 'notFoundTitle' : 'errorTitle')}</title>
        <link rel="stylesheet" href="/assets/resident.css" />
      </head>
      <body>
        <main id="main">
          <h1>{ui(lang, status === 404 ? 'notFoundTitle' : 'errorTitle')}</h1>
          <p>{errorText(e, lang)}</p>
        </main>
      </body>
    </html>,
    status >= 400 && status < 600 ? status : 500,
  );
}
