// `site`: the tenant's identity (display name, municipality contact) and the
// operating modes of seed 001's 施設基本情報設定.
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { registerMessages } from '../../engine/core/messages';
import labels from './labels.json';
import schema from './schema.json';

registerMessages({
  'site.verification_needs_email': {
    status: 422,
    ja: '未登録者のメールによる本人チェックを「する」にしているので、サービス「{service}」のフォームにはメールアドレス（email）の必須項目が必要です。',
    en: 'Guest email verification is on, so the form of service "{service}" needs a required email field.',
  },
});

/** Raw shapes read by the cross-block check (the service and form kinds own them). */
interface RawService { id: string; form: string; access?: { anonymous?: boolean } }
interface RawForm { fields?: ({ type?: string; required?: boolean } | null)[] }

export interface SiteModes {
  userRestriction: 'members-only' | 'guests-only' | 'none';
  loginId: 'login-id' | 'member-id' | 'email';
  onlineRegistration: boolean;
  passwordCheck: boolean;
  guestEmailVerification: boolean;
  registrationKeyDays: number;
}

export interface SiteBlock extends RawBlock {
  kind: 'site';
  title: string;
  titleEn?: string;
  timezone?: 'Asia/Tokyo';
  locales?: ('ja' | 'en')[];
  municipality?: { name: string; [k: string]: string };
  headerTitle?: string;
  dateStyle?: 'seireki' | 'wareki' | 'both';
  modes?: Partial<SiteModes>;
}

export interface CompiledSite {
  id: string;
  title: string;
  titleEn: string;
  timezone: string;
  locales: ('ja' | 'en')[];
  municipality: { name: string; [k: string]: string };
  headerTitle: string;
  /** 西暦, 和暦, or both, for dates on resident pages. */
  dateStyle: 'seireki' | 'wareki' | 'both';
  modes: SiteModes;
}

export const DEFAULT_MODES: SiteModes = {
  userRestriction: 'none',
  loginId: 'login-id',
  onlineRegistration: true,
  passwordCheck: true,
  guestEmailVerification: false,
  registrationKeyDays: 7,
};

export const siteBlock = defineBlock<SiteBlock, CompiledSite>({
  kind: 'site',
  version: 1,
  schema,
  labels,
  cardinality: 'one',
  migrations: [],
  title: { ja: 'サイト設定', en: 'Site' },
  check(b, ctx) {
    const modes = { ...DEFAULT_MODES, ...b.modes };
    // 申込者チェック mails a key to the applicant: every form open to guests must ask for an address.
    if (!modes.guestEmailVerification || modes.userRestriction === 'members-only') return;
    // Other blocks are read raw and may themselves be invalid (reported on their own): never trust their shape.
    for (const raw of ctx.all('service')) {
      const svc = raw as unknown as RawService | null;
      if (!svc || typeof svc.form !== 'string' || svc.access?.anonymous === false) continue;
      const form = ctx.find('form', svc.form) as RawForm | undefined;
      if (form && Array.isArray(form.fields) && !form.fields.some((f) => f?.type === 'email' && f.required)) {
        ctx.issue('/modes/guestEmailVerification', 'site.verification_needs_email', { service: svc.id });
      }
    }
  },
  compile: (b) => ({
    id: b.id,
    title: b.title,
    titleEn: b.titleEn ?? b.title,
    timezone: b.timezone ?? 'Asia/Tokyo',
    locales: b.locales ?? ['ja', 'en'],
    municipality: b.municipality ?? { name: b.title },
    headerTitle: b.headerTitle ?? b.title,
    dateStyle: b.dateStyle ?? 'seireki',
    modes: { ...DEFAULT_MODES, ...b.modes },
  }),
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    site: CompiledSite;
  }
}
