// createApp(deps) → Hono app. Strategies (db, clock, tenants, logger) are injected.
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { fileURLToPath } from 'node:url';
import { memberContacts } from '../notify/recipients';
import { createVerificationSender } from '../notify/guest-verification';
import { consoleLogger, type AppDeps, type AppEnv } from './context';
import { limitBody, requireJsonBody } from './middleware/body-limits';
import { langMiddleware } from './middleware/lang';
import { notFound, onError } from './on-error';
import { createFailureLimiter, createLoginThrottle } from './middleware/rate-limit';
import { tenantMiddleware } from './middleware/tenant';
import { securityHeaders } from './middleware/security-headers';
import { healthRoutes } from './routes/health';
import { pageRoutes } from './routes/pages';
import { createAdminRoutes } from './routes/admin';
import { reservationRoutes } from './routes/reservations';
import { lineWebhookRoutes } from './routes/line-webhook';
import { servicesRoutes } from './routes/services';

const assetsRoot = fileURLToPath(new URL('../../dist/public', import.meta.url));

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const full: Required<AppDeps> = {
    logger: consoleLogger,
    limiter: createFailureLimiter({ db: deps.db, name: 'access', max: 10, windowMs: 15 * 60_000 }),
    logins: createLoginThrottle(deps.db),
    recipients: memberContacts,
    guestVerification: createVerificationSender({ clock: deps.clock, tenants: deps.tenants, ...(deps.recipients ? { recipients: deps.recipients } : {}) }),
    env: process.env,
    ...deps,
  };
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', full);
    await next();
  });
  app.use('*', langMiddleware);
  app.use('*', securityHeaders);
  app.onError(onError);
  app.notFound(notFound);
  app.use('*', limitBody);
  app.use('/api/t/*', requireJsonBody);
  app.use('/api/admin/*', requireJsonBody);

  app.route('/', healthRoutes);
  // Browser bundles built by engine/build.ts (npm run build).
  app.use(
    '/assets/*',
    serveStatic({ root: assetsRoot, rewriteRequestPath: (p) => p.replace(/^\/assets/, ''), onFound: (_p, c) => c.header('Cache-Control', 'public, max-age=300') }),
  );
  app.use('/api/t/:tenant/*', tenantMiddleware);
  app.route('/', servicesRoutes);
  app.route('/', reservationRoutes);
  app.route('/', lineWebhookRoutes);
  // Staff console: JSON API under /api/admin/t/:tenant/ and the SPA shell under /admin/.
  app.route('/', createAdminRoutes());
  // Routes block kinds contribute (a waiting list's resident API, a register's staff API), behind
  // the same middleware: /api/t/:tenant/* and /api/admin/t/:tenant/* resolve the tenant first.
  for (const r of full.registry.behaviour().routes) app.route('/', r);
  // Resident pages under /t/:tenant/ (HTML, forms work without JavaScript).
  app.route('/', pageRoutes);
  return app;
}
