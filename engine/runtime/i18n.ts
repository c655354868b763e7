// UI text of resident pages and islands, Japanese first (text.ja.ts, text.en.ts).
// Server pages and the browser runtime share it, so a label reads the same before
// and after hydration.
import { TEXT as TEXT_EN } from './text.en';
import { TEXT as TEXT_JA } from './text.ja';

export type Lang = 'ja' | 'en';

const TEXT = { ja: TEXT_JA as Record<TextKey, string>, en: TEXT_EN };

export type TextKey = keyof typeof TEXT_JA;

export function t(lang: Lang, key: TextKey, params: Record<string, string | number> = {}): string {
  const s = TEXT[lang === 'en' ? 'en' : 'ja'][key];
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The label of something configured with an optional English text. */
export function pick(lang: Lang, ja: string, en: string | undefined): string {
  return lang === 'en' && en ? en : ja;
}
