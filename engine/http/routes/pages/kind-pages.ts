// What resident pages share, for the engine's own and those a block kind serves
// (a lottery's entry pages, a waiting list's): the tenant and member on the
// context, and errors as pages, never JSON.
import { Hono, type MiddlewareHandler } from 'hono';
import { memberOfSession, sessionCookie } from '../../../auth/member-session';
import { EngineError } from '../../../core/errors';
import { storageFailure } from '../../on-error';
import { pageOf, type PageContext, type PageEnv } from './context';
import { bareErrorPage, errorPage } from './render';

export function onPageError(err: Error, c: PageContext): Response {
  const e = storageFailure(err, c) ?? (err instanceof EngineError ? err : undefined);
  if (!e) {
    c.get('deps')?.logger.error('unhandled page error', { path: c.req.path, error: err?.message, stack: err?.stack });
  }
  const shown = e ?? new EngineError('internal.error');
  return c.get('published') ? errorPage(pageOf(c), shown) : bareErrorPage(c, shown);
}

export const residentContext: MiddlewareHandler<PageEnv> = async (c, next) => {
  const { tenants, db, clock } = c.get('deps');
  const published = tenants.get(c.req.param('tenant') ?? '');
  if (!published) throw new EngineError('tenant.not_found', { tenant: c.req.param('tenant') ?? '' });
  c.set('published', published);
  const token = sessionCookie.read(c);
  const member = await memberOfSession(db, published.tenant.slug, token, clock.now().getTime());
  c.set('member', member);
  c.set('sessionToken', member ? token : undefined);
  await next();
};

/** Pages a kind serves under /t/:tenant/<prefix>/… (mounted from its behaviour routes, before the engine's pages). */
export function kindPages(prefix: string): Hono<PageEnv> {
  const app = new Hono<PageEnv>();
  app.onError(onPageError);
  app.use(`/t/:tenant/${prefix}`, residentContext);
  app.use(`/t/:tenant/${prefix}/*`, residentContext);
  return app;
}
