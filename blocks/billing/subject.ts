// Normal forms shared with the card register (etc-common.md): a vehicle registration number is
// compared after NFKC (full-width digits and spaces become half-width), runs of spaces collapsed to
// one half-width space, and trimmed; a card number loses its spaces and hyphens.
export function normalizeSubject(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

export function normalizeCardNo(s: string): string {
  return s.normalize('NFKC').replace(/[\s-]/g, '');
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const isMonth = (m: unknown): m is string => typeof m === 'string' && MONTH.test(m);

/** Last calendar day of a month 'YYYY-MM'. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(d).padStart(2, '0')}`;
}

/** Whole months from a to b ('YYYY-MM'); negative when b is before a. */
export function monthsBetween(a: string, b: string): number {
  const [ay, am] = a.split('-').map(Number);
  const [by, bm] = b.split('-').map(Number);
  return (by - ay) * 12 + (bm - am);
}
