// Japanese first; English when asked for (?lang=en, or Accept-Language preferring en).
import type { MiddlewareHandler } from 'hono';
import type { Lang } from '../../core/messages';
import type { AppEnv } from '../context';

export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'en' || query === 'ja') return query;
  // The supported language with the highest q weight wins; Japanese when none is named.
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.split('-')[0], q: q === undefined ? 1 : Number(q), i };
    })
    .filter((e) => (e.lang === 'ja' || e.lang === 'en') && e.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.lang === 'en' ? 'en' : 'ja';
}

export const langMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('lang', pickLang(c.req.query('lang'), c.req.header('accept-language')));
  await next();
};
