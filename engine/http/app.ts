// createApp(deps) → Hono app. Strategies (db, clock, tenants, logger) are injected.
import { Hono } from 'hono';
import { consoleLogger, type AppDeps, type AppEnv } from './context';
import { langMiddleware } from './middleware/lang';
import { notFound, onError } from './on-error';
import { servicesRoutes } from './routes/services';

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const full: Required<AppDeps> = { logger: consoleLogger, ...deps };
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', full);
    await next();
  });
  app.use('*', langMiddleware);
  app.onError(onError);
  app.notFound(notFound);

  app.get('/healthz', (c) => {
    full.db.$client.prepare('SELECT 1').get();
    return c.json({ status: 'ok', tenants: full.tenants.slugs() });
  });
  app.route('/', servicesRoutes);
  return app;
}
