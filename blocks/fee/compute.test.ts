// Fee arithmetic: worked examples of the demo table, and a property test against an
// independent calculation (BigInt, written from the rules, not from compute.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFee, type FeeTable } from './compute';

const table: FeeTable = {
  rates: [
    { label: '午前', resources: [], from: '09:00', to: '12:00', days: [], amount: 1200, per: 'slot' },
    { label: '休日午後', resources: [], from: '12:00', to: '18:00', days: ['sat', 'sun'], holidays: true, amount: 2000, per: 'slot' },
    { label: '平日午後', resources: [], from: '12:00', to: '18:00', days: [], holidays: false, amount: 1600, per: 'slot' },
    { label: '夜間', resources: [], from: '18:00', to: '21:00', days: [], amount: 400, per: 'hour' },
  ],
  surcharges: [{ id: 'outside', label: '市外', when: { '==': [{ var: 'answers.residence' }, 'outside'] }, percent: 50 }],
  options: [{ id: 'projector', label: 'プロジェクター', field: 'projector', amount: 500, per: 'unit' }],
  reductions: [
    { id: 'disabled', label: '障がい者団体', percent: 100 },
    { id: 'children', label: '子ども会', percent: 50, when: { '==': [{ var: 'answers.group' }, 'kodomokai'] } },
  ],
  rounding: { unit: 10, mode: 'floor' },
};
const at = (startLocal: string, o: Partial<Parameters<typeof computeFee>[1]> = {}) =>
  computeFee(table, { resource: 'room', startLocal, minutes: 180, weekday: 'wed', holiday: false, answers: {}, ...o })!;

describe('fee examples (the demo table)', () => {
  it('a morning in town with two projectors: 1,200 + 2 × 500', () => {
    const r = at('09:00', { answers: { residence: 'city', projector: 2 } });
    expect(r.total).toBe(2200);
    expect(r.lines.map((l) => [l.kind, l.quantity, l.unitPrice, l.amount])).toEqual([
      ['rate', 1, 1200, 1200],
      ['option', 2, 500, 1000],
    ]);
  });

  it('a checkboxes field counts one unit per box ticked (「冷暖房を使う」 per hour)', () => {
    const aircon = { ...table, options: [{ id: 'aircon', label: '冷暖房', field: 'aircon', amount: 300, per: 'hour' as const }] };
    const on = computeFee(aircon, { resource: 'room', startLocal: '09:00', minutes: 180, weekday: 'wed', holiday: false, answers: { residence: 'city', aircon: ['use'] } })!;
    expect(on.lines.find((l) => l.label === '冷暖房')).toMatchObject({ quantity: 3, unitPrice: 300, amount: 900 });
    const off = computeFee(aircon, { resource: 'room', startLocal: '09:00', minutes: 180, weekday: 'wed', holiday: false, answers: { residence: 'city', aircon: [] } })!;
    expect(off.lines.some((l) => l.label === '冷暖房')).toBe(false);
  });

  it('an evening from outside: 3 hours × 400, +50% on the rate only', () => {
    expect(at('18:00', { answers: { residence: 'outside', projector: 1 } }).lines.map((l) => l.amount)).toEqual([1200, 600, 500]);
  });

  it('weekday and holiday rates: a national holiday on a Wednesday takes the holiday rate', () => {
    expect(at('12:00').lines[0]).toMatchObject({ label: '平日午後', amount: 1600 });
    expect(at('12:00', { weekday: 'sat' }).lines[0]).toMatchObject({ label: '休日午後', amount: 2000 });
    expect(at('12:00', { holiday: true }).lines[0]).toMatchObject({ label: '休日午後', amount: 2000 });
  });

  it('減免 50% chosen by a rule, then 10円未満切捨て as its own line; 100% chosen by staff is free', () => {
    const r = computeFee(table, { resource: 'room', startLocal: '18:00', minutes: 180, weekday: 'wed', holiday: false, answers: { group: 'kodomokai', residence: 'outside', projector: 1 } })!;
    // 1,200 + 600 + 500 = 2,300; −1,150 = 1,150 (already a multiple of 10).
    expect(r.total).toBe(1150);
    const odd = computeFee({ ...table, options: [{ id: 'p', label: 'P', field: 'projector', amount: 333, per: 'unit' }] }, { resource: 'room', startLocal: '09:00', minutes: 180, weekday: 'wed', holiday: false, answers: { group: 'kodomokai', projector: 1 } })!;
    // 1,200 + 333 = 1,533; −766 (floor of 766.5) = 767; floor to 10 → 760.
    expect(odd.lines.slice(-2).map((l) => [l.kind, l.amount])).toEqual([
      ['reduction', -766],
      ['rounding', -7],
    ]);
    expect(odd.total).toBe(760);
    expect(at('09:00', { reductionId: 'disabled', answers: { projector: 3 } }).total).toBe(0);
  });

  it('no rate for the time: undefined (the booking is refused, never charged 0)', () => {
    expect(computeFee(table, { resource: 'room', startLocal: '21:00', minutes: 60, weekday: 'wed', holiday: false, answers: {} })).toBeUndefined();
  });
});

describe('fee arithmetic (property)', () => {
  const pct = (a: bigint, p: number) => (a * BigInt(p)) / 100n; // BigInt division truncates: amounts here are ≥ 0
  it('equals an independent BigInt calculation, lines sum to the total, and every amount is an integer', () => {
    fc.assert(
      fc.property(
        fc.record({
          amount: fc.integer({ min: 0, max: 200_000 }),
          per: fc.constantFrom('slot' as const, 'hour' as const),
          minutes: fc.integer({ min: 1, max: 12 }).map((n) => n * 30),
          surcharges: fc.array(fc.record({ on: fc.boolean(), percent: fc.integer({ min: 1, max: 300 }) }), { maxLength: 3 }),
          options: fc.array(fc.record({ amount: fc.integer({ min: 0, max: 50_000 }), units: fc.integer({ min: 0, max: 20 }), per: fc.constantFrom('slot' as const, 'hour' as const, 'unit' as const) }), { maxLength: 3 }),
          reduction: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
          unit: fc.constantFrom(1 as const, 10 as const, 100 as const),
          mode: fc.constantFrom('floor' as const, 'round' as const, 'ceil' as const),
        }),
        (c) => {
          const t: FeeTable = {
            rates: [{ label: 'r', resources: [], from: '00:00', to: '24:00', days: [], amount: c.amount, per: c.per }],
            surcharges: c.surcharges.map((s, i) => ({ id: `s${i}`, label: 's', when: { '==': [1, s.on ? 1 : 0] }, percent: s.percent })),
            options: c.options.map((o, i) => ({ id: `o${i}`, label: 'o', field: `f${i}`, amount: o.amount, per: o.per })),
            reductions: c.reduction !== undefined ? [{ id: 'x', label: 'x', percent: c.reduction, when: true }] : [],
            rounding: { unit: c.unit, mode: c.mode },
          };
          const answers = Object.fromEntries(c.options.map((o, i) => [`f${i}`, o.units]));
          const r = computeFee(t, { resource: 'any', startLocal: '10:00', minutes: c.minutes, weekday: 'mon', holiday: false, answers })!;

          const hours = BigInt(Math.ceil(c.minutes / 60));
          const base = BigInt(c.amount) * (c.per === 'hour' ? hours : 1n);
          let sub = base;
          for (const s of c.surcharges) if (s.on) sub += pct(base, s.percent);
          for (const o of c.options) sub += BigInt(o.amount) * BigInt(o.units) * (o.per === 'hour' ? hours : 1n);
          if (c.reduction !== undefined) sub -= pct(sub, c.reduction);
          const u = BigInt(c.unit);
          const down = (sub / u) * u;
          const rem = sub - down;
          const total = c.mode === 'floor' || rem === 0n ? down : c.mode === 'ceil' ? down + u : rem * 2n >= u ? down + u : down;

          expect(BigInt(r.total)).toBe(total);
          expect(r.lines.reduce((a, l) => a + l.amount, 0)).toBe(r.total);
          for (const l of r.lines) expect(Number.isSafeInteger(l.amount) && Number.isSafeInteger(l.unitPrice)).toBe(true);
          if (c.reduction === 100 && c.mode !== 'ceil') expect(r.total).toBe(0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
