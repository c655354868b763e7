// How an answer reads on a confirmation screen or a booking's details.
import type { FormField } from '../../blocks/form/fields';
import { formatJapaneseDate } from '../../blocks/form/normalize';
import { pick, t, type Lang } from './i18n';

const optionLabel = (f: FormField, v: string, lang: Lang) => {
  const o = f.options?.find((x) => x.value === v);
  return o ? pick(lang, o.label, o.labelEn) : v;
};

const isoToJa = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

export function displayValue(f: FormField, v: unknown, lang: Lang): string {
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return t(lang, 'notAnswered');
  switch (f.type) {
    case 'radio':
    case 'select':
      return optionLabel(f, String(v), lang);
    case 'checkboxes':
      return (Array.isArray(v) ? v : [v]).map((x) => optionLabel(f, String(x), lang)).join('、');
    case 'consent':
      return v === true ? t(lang, 'agreed') : String(v);
    case 'birthdate':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? (lang === 'en' ? v : `${formatJapaneseDate(v)}（${isoToJa(v)}）`) : String(v);
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && lang === 'ja' ? isoToJa(v) : String(v);
    case 'location':
      return locationText(v, lang);
    case 'postal-code':
      return typeof v === 'string' && /^\d{7}$/.test(v) ? `〒${v.slice(0, 3)}-${v.slice(3)}` : String(v);
    default:
      return String(v);
  }
}

/** The address, and the point as 緯度・経度 when the resident shared it. */
export function locationText(v: unknown, lang: Lang): string {
  if (typeof v !== 'object' || v === null) return String(v);
  const l = v as { address?: string; lat?: number; lng?: number };
  const point = typeof l.lat === 'number' && typeof l.lng === 'number' ? (lang === 'en' ? `(lat ${l.lat.toFixed(5)}, lng ${l.lng.toFixed(5)})` : `（緯度 ${l.lat.toFixed(5)}・経度 ${l.lng.toFixed(5)}）`) : '';
  return `${l.address ?? ''}${point}`.trim();
}

/** A map at the point (国土地理院の地理院地図, no key needed), for staff going on a home visit. */
export function mapUrl(v: unknown): string | undefined {
  const l = v as { lat?: unknown; lng?: unknown } | null;
  if (!l || typeof l.lat !== 'number' || typeof l.lng !== 'number') return undefined;
  return `https://maps.gsi.go.jp/#17/${l.lat.toFixed(6)}/${l.lng.toFixed(6)}/`;
}

export function fieldLabel(f: FormField, lang: Lang): string {
  return pick(lang, f.label, f.labelEn);
}
