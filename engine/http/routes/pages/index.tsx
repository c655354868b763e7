// Resident pages under /t/:tenant/ (server-rendered, hydrated islands, every
// flow also works without JavaScript). Errors become pages, never JSON.
import { Hono, type MiddlewareHandler } from 'hono';
import { sessionCookie, memberOfSession } from '../../../auth/member-session';
import { EngineError } from '../../../core/errors';
import { bookForm, bookPost } from './book';
import { pageOf, type PageContext, type PageEnv } from './context';
import { accountRoutes } from './account';
import { bookingRoutes } from './lookup';
import { bareErrorPage, errorPage } from './render';
import { storageFailure } from '../../on-error';
import { servicePage } from './service';
import { topPage } from './top';
import { formById, validatorModule } from './validator-asset';
import { memberRoutes } from './member';
import { verifyRoutes } from './verify';

/** Errors of resident pages become pages (block kinds serving pages reuse it). */
export function onPageError(err: Error, c: PageContext): Response {
  const e = storageFailure(err, c) ?? (err instanceof EngineError ? err : undefined);
  if (!e) {
    c.get('deps')?.logger.error('unhandled page error', { path: c.req.path, error: err?.message, stack: err?.stack });
  }
  const shown = e ?? new EngineError('internal.error');
  return c.get('published') ? errorPage(pageOf(c), shown) : bareErrorPage(c, shown);
}

export const pageRoutes = new Hono<PageEnv>();
pageRoutes.onError(onPageError);

pageRoutes.get('/t/:tenant', (c) => c.redirect(`/t/${encodeURIComponent(c.req.param('tenant'))}/${new URL(c.req.url).search}`, 301));

/** The tenant and the logged-in member of a resident page (block kinds serving pages reuse it). */
export const residentPageContext: MiddlewareHandler<PageEnv> = async (c, next) => {
  const { tenants, db, clock } = c.get('deps');
  const published = tenants.get(c.req.param('tenant') ?? '');
  if (!published) throw new EngineError('tenant.not_found', { tenant: c.req.param('tenant') ?? '' });
  c.set('published', published);
  const token = sessionCookie.read(c);
  const member = memberOfSession(db, published.tenant.slug, token, clock.now().getTime());
  c.set('member', member);
  c.set('sessionToken', member ? token : undefined);
  await next();
};
pageRoutes.use('/t/:tenant/*', residentPageContext);

pageRoutes.get('/t/:tenant/', topPage);
pageRoutes.get('/t/:tenant/s/:service', servicePage);
pageRoutes.get('/t/:tenant/s/:service/book', bookForm);
pageRoutes.post('/t/:tenant/s/:service/book', bookPost);
pageRoutes.get('/t/:tenant/forms/:form/validate.js', async (c) => {
  const published = c.get('published');
  const form = formById(published.tenant, c.req.param('form') ?? '');
  if (!form) throw new EngineError('http.not_found');
  const js = await validatorModule(published.versionId, form);
  c.header('Content-Type', 'text/javascript; charset=utf-8');
  c.header('Cache-Control', c.req.query('v') === published.versionId ? 'public, max-age=31536000, immutable' : 'no-cache');
  return c.body(js);
});
pageRoutes.route('/', bookingRoutes);
pageRoutes.route('/', memberRoutes);
pageRoutes.route('/', accountRoutes);
pageRoutes.route('/', verifyRoutes);
pageRoutes.all('/t/:tenant/*', () => {
  throw new EngineError('http.not_found');
});
