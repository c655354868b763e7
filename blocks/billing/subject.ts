// A card number as the toll files write it: NFKC (full-width digits become half-width), without
// spaces or hyphens. Vehicle numbers are compared in the card register's form (normalizeSubject).
export function normalizeCardNo(s: string): string {
  return s.normalize('NFKC').replace(/[\s-]/g, '');
}
