// Japanese first; English when asked for (?lang=en, or Accept-Language preferring en).
import type { MiddlewareHandler } from 'hono';
import type { Lang } from '../../core/messages';
import type { AppEnv } from '../context';

export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'en' || query === 'ja') return query;
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ja';
}

export const langMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('lang', pickLang(c.req.query('lang'), c.req.header('accept-language')));
  await next();
};
