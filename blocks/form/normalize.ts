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

/** A search key beside a name (never replaces it): width-folded, no spaces, katakana. */
export function nameSearchKey(s: string): string {
  return toKatakana(s.normalize('NFKC')).replace(/[\s\u3000]/g, '').toLowerCase();
}

export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}
