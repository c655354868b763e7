import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fiscalYearOf, formatSlipNo, luhnDigit, normalizeSlipNo, sequenceOf, slipNumber, validSlipNo } from './slip-number';

describe('納付番号', () => {
  it('carries a Luhn check digit (known values) and reads back its year and sequence', () => {
    // 7992739871 → 3 is the textbook Luhn example.
    expect(luhnDigit('7992739871')).toBe(3);
    const no = slipNumber(2026, 1);
    expect(no).toMatch(/^2026000000\d\d$/);
    expect(validSlipNo(no)).toBe(true);
    expect(sequenceOf(no)).toBe(1);
    expect(formatSlipNo(no)).toBe(`2026-0000001-${no.slice(-1)}`);
  });

  it('catches every single wrong digit and every swap of two different neighbours', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 9 }), (fy, seq, pos, delta) => {
        const no = slipNumber(fy, seq);
        const wrong = no.slice(0, pos) + String((Number(no[pos]) + delta) % 10) + no.slice(pos + 1);
        expect(validSlipNo(wrong)).toBe(false);
        const i = pos % 11;
        // Luhn misses only the 09 ↔ 90 swap.
        if (no[i] !== no[i + 1] && !((no[i] === '0' && no[i + 1] === '9') || (no[i] === '9' && no[i + 1] === '0'))) {
          expect(validSlipNo(no.slice(0, i) + no[i + 1] + no[i] + no.slice(i + 2))).toBe(false);
        }
      }),
    );
  });

  it('reads what people and bank files write, and counts years from April', () => {
    const no = slipNumber(2026, 42);
    expect(normalizeSlipNo(`２０２６-${no.slice(4, 11)} ${no.slice(-1)}`)).toBe(no);
    expect(validSlipNo('12345')).toBe(false);
    expect(fiscalYearOf('2027-03-31')).toBe(2026);
    expect(fiscalYearOf('2027-04-01')).toBe(2027);
    expect(() => slipNumber(2026, 0)).toThrow(RangeError);
  });
});
