import type { MiddlewareHandler } from 'hono';
import { EngineError } from '../../core/errors';
import type { AppEnv } from '../context';

/** Resolves :tenant to the published version being served, or 404 tenant.not_found. */
export const tenantMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const slug = c.req.param('tenant') ?? '';
  const published = c.get('deps').tenants.get(slug);
  if (!published) throw new EngineError('tenant.not_found', { tenant: slug });
  c.set('published', published);
  await next();
};
