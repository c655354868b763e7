// `site`: the tenant's identity (display name, municipality contact) and the
// operating modes of seed 001's 施設基本情報設定.
import { defineBlock, type RawBlock } from '../../engine/core/block';
import schema from './schema.json';

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
  cardinality: 'one',
  migrations: [],
  title: { ja: 'サイト設定', en: 'Site' },
  compile: (b) => ({
    id: b.id,
    title: b.title,
    titleEn: b.titleEn ?? b.title,
    timezone: b.timezone ?? 'Asia/Tokyo',
    locales: b.locales ?? ['ja', 'en'],
    municipality: b.municipality ?? { name: b.title },
    headerTitle: b.headerTitle ?? b.title,
    modes: { ...DEFAULT_MODES, ...b.modes },
  }),
});
