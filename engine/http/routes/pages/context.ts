// What every resident page handler works with: the tenant, language, the
// logged-in member (if any), the CSRF token and URL helpers that keep ?lang=en.
import type { Context } from 'hono';
import type { CompiledSite, SiteModes } from '../../../../blocks/site/block';
import type { MemberRow } from '../../../auth/member-session';
import { csrfToken } from '../../../auth/csrf';
import type { PublishedTenant } from '../../../config/tenant';
import { modesOf, siteOf } from '../../../members/fields';
import type { Lang } from '../../../runtime/i18n';
import type { AppEnv } from '../../context';
import { clientAddress } from '../../middleware/rate-limit';

export type PageEnv = { Variables: AppEnv['Variables'] & { member: MemberRow | undefined; sessionToken: string | undefined } };
export type PageContext = Context<PageEnv>;

import type { DateStyle } from './format';

export interface Page {
  c: PageContext;
  lang: Lang;
  published: PublishedTenant;
  slug: string;
  site: CompiledSite;
  modes: SiteModes;
  member: MemberRow | undefined;
  now: Date;
  ip: string;
  /** Tenant URL with ?lang=en kept: href('/s/gym', { from: '2026-12-01' }). */
  href(path: string, params?: Record<string, string | undefined>): string;
  csrf(): string;
  /** Members can log in here at all (not 未登録者のみ). */
  /** The site's way of writing dates (西暦／和暦／併記). */
  dates: DateStyle;
  membersOn: boolean;
  /** Guests can book without an account (not 登録者のみ). */
  guestsOn: boolean;
}

export function pageOf(c: PageContext): Page {
  const published = c.get('published');
  const lang = c.get('lang');
  const slug = published.tenant.slug;
  const modes = modesOf(published.tenant);
  const site = siteOf(published.tenant)!;
  let token: string | undefined;
  return {
    c,
    lang,
    published,
    slug,
    site,
    modes,
    member: c.get('member'),
    now: c.get('deps').clock.now(),
    ip: clientAddress(c),
    href(path, params = {}) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
      if (lang === 'en') q.set('lang', 'en');
      const s = q.toString();
      return `/t/${slug}${path}${s ? `${path.includes('?') ? '&' : '?'}${s}` : ''}`;
    },
    csrf: () => (token ??= csrfToken(c)),
    dates: site.dateStyle,
    membersOn: modes.userRestriction !== 'guests-only',
    guestsOn: modes.userRestriction !== 'members-only',
  };
}

export { publicBase } from '../../../core/public-base';
