// 納付番号: the number a payment slip (納付書) carries and a bank's or collecting
// agent's file reports back. 12 digits: the fiscal year (年度, from April), a
// 7-digit sequence per tenant and year, and a Luhn check digit, so a digit typed
// or read wrong is caught before it can match another booking.

/** The Luhn check digit of a string of digits. */
export function luhnDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Doubling starts at the digit next to where the check digit goes.
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export const SLIP_NO_LENGTH = 12;
const SEQ_DIGITS = 7;

export function slipNumber(fiscalYear: number, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq >= 10 ** SEQ_DIGITS) throw new RangeError(`slip sequence out of range: ${seq}`);
  const body = `${String(fiscalYear).padStart(4, '0')}${String(seq).padStart(SEQ_DIGITS, '0')}`;
  return `${body}${luhnDigit(body)}`;
}

/** What a person or a bank file may write: full-width digits, hyphens and spaces are accepted. */
export function normalizeSlipNo(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s\-‐－ー]/g, '');
}

export function validSlipNo(s: string): boolean {
  return s.length === SLIP_NO_LENGTH && /^\d+$/.test(s) && luhnDigit(s.slice(0, -1)) === Number(s.slice(-1));
}

/** 2026-0000001-8: how the number is printed, in groups a person can read aloud. */
export const formatSlipNo = (s: string) => (s.length === SLIP_NO_LENGTH ? `${s.slice(0, 4)}-${s.slice(4, 4 + SEQ_DIGITS)}-${s.slice(-1)}` : s);

/** 年度 of a local date: April to March. */
export function fiscalYearOf(localDate: string): number {
  const y = Number(localDate.slice(0, 4));
  return Number(localDate.slice(5, 7)) >= 4 ? y : y - 1;
}

export const sequenceOf = (slipNo: string) => Number(slipNo.slice(4, 4 + SEQ_DIGITS));
