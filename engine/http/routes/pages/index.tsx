// Resident pages under /t/:tenant/ (server-rendered, hydrated islands, every
// flow also works without JavaScript). Errors become pages, never JSON.
import { Hono } from 'hono';
import { EngineError } from '../../../core/errors';
import { bookForm, bookPost } from './book';
import { bundleForm, bundlePost } from './bundle';
import { type PageEnv } from './context';
import { accountRoutes } from './account';
import { bookingRoutes } from './lookup';
import { onPageError, residentContext } from './kind-pages';
import { servicePage } from './service';
import { topPage } from './top';
import { formById, validatorModule } from './validator-asset';
import { memberRoutes } from './member';
import { verifyRoutes } from './verify';
import { checkinQrRoutes } from './checkin-qr';
import { lineLoginRoutes } from './line-login';

export const pageRoutes = new Hono<PageEnv>();
pageRoutes.onError(onPageError);

pageRoutes.get('/t/:tenant', (c) => c.redirect(`/t/${encodeURIComponent(c.req.param('tenant'))}/${new URL(c.req.url).search}`, 301));

pageRoutes.use('/t/:tenant/*', residentContext);

pageRoutes.get('/t/:tenant/', topPage);
pageRoutes.get('/t/:tenant/s/:service', servicePage);
pageRoutes.get('/t/:tenant/s/:service/book', bookForm);
pageRoutes.post('/t/:tenant/s/:service/book', bookPost);
pageRoutes.get('/t/:tenant/s/:service/bundle', bundleForm);
pageRoutes.post('/t/:tenant/s/:service/bundle', bundlePost);
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
pageRoutes.route('/', checkinQrRoutes);
pageRoutes.route('/', lineLoginRoutes);
pageRoutes.all('/t/:tenant/*', () => {
  throw new EngineError('http.not_found');
});
