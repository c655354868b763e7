// Per-field-type normalisation of resident input (DESIGN §5): accept what people
// type on Japanese keyboards, store one canonical form. Browser-safe, no deps.

const FULLWIDTH_DIGITS = /[０-９]/g;
// Hyphen look-alikes people type in phone numbers and postal codes.
const HYPHENS = /[-‐‑‒–—―−ーｰ－﹣]/g;

export function toHalfWidthDigits(s: string): string {
  return s.replace(FULLWIDTH_DIGITS, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** "０９０－１２３４－５６７８" → "09012345678"; anything else is left for validation to refuse. */
export function normalizePhone(s: string): string {
  return toHalfWidthDigits(s).replace(HYPHENS, '').replace(/[\s()（）]/g, '');
}

/** "〒１００-０００１" → "1000001". */
export function normalizePostalCode(s: string): string {
  return toHalfWidthDigits(s).replace(/〒/g, '').replace(HYPHENS, '').replace(/\s/g, '');
}

/** Furigana is stored in katakana; hiragana is accepted. */
export function toKatakana(s: string): string {
  return s.replace(/[\u3041-\u3096\u309d\u309e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/**
 * 異体字 of names folded to the common form for search (髙橋 = 高橋, 山﨑 = 山崎).
 * NFKC leaves these alone: 髙 and 﨑 are unified ideographs, not compatibility ones.
 * Only variants that never tell two names apart in practice are listed.
 */
export const NAME_VARIANTS: Readonly<Record<string, string>> = {
  髙: '高', 﨑: '崎', 嵜: '崎', 齋: '斎', 齊: '斉', 邊: '辺', 邉: '辺', 濵: '浜', 濱: '浜', 澤: '沢', 廣: '広', 國: '国',
  櫻: '桜', 瀨: '瀬', 德: '徳', 眞: '真', 冨: '富', 槗: '橋', 𠮷: '吉', 壽: '寿', 實: '実', 藏: '蔵', 惠: '恵', 榮: '栄',
  龍: '竜', 與: '与', 條: '条', 嶋: '島', 嶌: '島', 舘: '館', 峯: '峰', 淵: '渕', 曾: '曽', 穗: '穂', 關: '関', 黑: '黒',
};
// Built on first use: a top-level RegExp would keep the table in the browser bundle.
let variantRe: RegExp | undefined;

/** A search key beside a name (never replaces it): width-folded, no spaces, katakana, 異体字 folded. */
export function nameSearchKey(s: string): string {
  return toKatakana(s.normalize('NFKC'))
    .replace(/[\s\u3000]/g, '')
    .replace((variantRe ??= new RegExp(`[${Object.keys(NAME_VARIANTS).join('')}]`, 'gu')), (c) => NAME_VARIANTS[c] ?? c)
    .toLowerCase();
}

/**
 * The same folding of 異体字 as SQL over a stored key column, so keys stored
 * before the folding existed still match (the characters are constants, no quotes).
 */
export function foldNameVariantsSql(column: string): string {
  return Object.entries(NAME_VARIANTS).reduce((expr, [from, to]) => `replace(${expr}, '${from}', '${to}')`, column);
}

export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

// ── 和暦 / 西暦 dates ──
// Era start years convert an era year to the western year; Intl's Japanese
// calendar then says whether that day really belonged to the era, so
// 昭和64年2月1日 or 平成元年1月7日 (days that never existed) are refused.
export const ERAS = [
  { name: '令和', en: 'Reiwa', letter: 'R', start: 2019 },
  { name: '平成', en: 'Heisei', letter: 'H', start: 1989 },
  { name: '昭和', en: 'Showa', letter: 'S', start: 1926 },
  { name: '大正', en: 'Taisho', letter: 'T', start: 1912 },
  { name: '明治', en: 'Meiji', letter: 'M', start: 1868 },
] as const;

let eraFormat: Intl.DateTimeFormat | undefined;
const eraFormatter = () =>
  (eraFormat ??= new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'Asia/Tokyo' }));

/** The era and era year of an ISO date ("1980-06-10" → 昭和 55), from Intl's Japanese calendar. */
export function japaneseEraOf(iso: string): { era: string; year: number; month: number; day: number } | undefined {
  if (!isRealDate(iso)) return undefined;
  const parts = eraFormatter().formatToParts(new Date(`${iso}T03:00:00Z`));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const year = Number(get('year'));
  if (!Number.isInteger(year)) return undefined;
  return { era: get('era'), year, month: Number(get('month')), day: Number(get('day')) };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * "昭和55年6月10日", "S55.6.10", "令和元年5月1日", "1980/6/10", "１９８０年６月１０日", "1980-06-10" → "1980-06-10".
 * Undefined when the text is not a date, or names a day that never existed.
 */
export function parseJapaneseDate(input: string): string | undefined {
  const s = toHalfWidthDigits(input.normalize('NFKC'))
    .trim()
    .replace(/\s+/g, '')
    .replace(/日$/, '')
    .replace(/[年月/.\-‐－ー]/g, '-');
  const m = /^(令和|平成|昭和|大正|明治|[RHSTMrhstm])?(元|\d{1,4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const [, eraText, yText, mo, d] = m;
  const month = Number(mo);
  const day = Number(d);
  if (!eraText) {
    if (yText.length !== 4) return undefined;
    const iso = `${yText}-${pad2(month)}-${pad2(day)}`;
    return isRealDate(iso) ? iso : undefined;
  }
  const era = ERAS.find((e) => e.name === eraText || e.letter === eraText.toUpperCase());
  const eraYear = yText === '元' ? 1 : Number(yText);
  if (!era || eraYear < 1 || eraYear > 99) return undefined;
  const iso = `${era.start + eraYear - 1}-${pad2(month)}-${pad2(day)}`;
  const check = japaneseEraOf(iso);
  return check && check.era === era.name && check.year === eraYear ? iso : undefined;
}

/** "1980-06-10" → "昭和55年6月10日" (ja) or "June 10, 1980" style left to callers; first era year as 元年. */
export function formatJapaneseDate(iso: string): string {
  const e = japaneseEraOf(iso);
  if (!e) return iso;
  return `${e.era}${e.year === 1 ? '元' : e.year}年${e.month}月${e.day}日`;
}
