// The fee of one booking, the way a 使用料条例 table reads: the rate of the
// resource's time band (per slot or per hour, weekday/holiday), surcharges
// (市外 +50%), options (冷暖房 per slot, 備品 per unit), one reduction category
// (減免 50%, 100%), then the rounding rule. Integers of yen throughout; percent
// amounts are floored to the yen before rounding. Pure: no clock, no database.
import { ruleHolds } from '../../engine/rules';

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';

export interface FeeRate {
  label: string;
  /** Resource ids; empty = every resource. */
  resources: readonly string[];
  /** Local HH:MM; the slot's start must fall in [from, to). */
  from: string;
  to: string;
  /** Weekdays it applies to; empty = every day. `holidays`: also (true) or only not (false) on national holidays; undefined = regardless. */
  days: readonly Weekday[];
  holidays?: boolean;
  amount: number;
  per: 'slot' | 'hour';
}

export interface FeeSurcharge {
  id: string;
  label: string;
  when: unknown;
  percent: number;
}

export interface FeeOption {
  id: string;
  label: string;
  /** The form field: a number (units), a consent box, or checkboxes (one unit per box ticked). */
  field: string;
  amount: number;
  per: 'slot' | 'hour' | 'unit';
}

export interface FeeReduction {
  id: string;
  label: string;
  percent: number;
  /** Applied when it holds; without `when`, only when staff choose it. */
  when?: unknown;
}

export interface FeeTable {
  rates: readonly FeeRate[];
  surcharges: readonly FeeSurcharge[];
  options: readonly FeeOption[];
  reductions: readonly FeeReduction[];
  rounding: { unit: number; mode: 'floor' | 'round' | 'ceil' };
}

export interface FeeLine {
  kind: 'rate' | 'surcharge' | 'option' | 'reduction' | 'rounding';
  label: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}

export interface FeeResult {
  total: number;
  lines: FeeLine[];
}

export interface FeeInput {
  resource: string;
  startLocal: string;
  minutes: number;
  weekday: Weekday;
  holiday: boolean;
  answers: Record<string, unknown>;
  /** A reduction staff chose (by id); otherwise the first whose `when` holds. */
  reductionId?: string;
}

/** Hours billed for a per-hour line: started hours count in full (条例 usually bills 1時間単位). */
export const billedHours = (minutes: number) => Math.ceil(minutes / 60);

export function findRate(table: FeeTable, i: Pick<FeeInput, 'resource' | 'startLocal' | 'weekday' | 'holiday'>): FeeRate | undefined {
  return table.rates.find((r) => {
    if (r.resources.length > 0 && !r.resources.includes(i.resource)) return false;
    if (!(r.from <= i.startLocal && i.startLocal < r.to)) return false;
    const day = r.days.length === 0 || r.days.includes(i.weekday);
    // 祝日: `true` also applies on holidays (土日祝 rates), `false` never (平日 rates).
    if (r.holidays === true) return day || i.holiday;
    if (r.holidays === false) return day && !i.holiday;
    return day;
  });
}

export function computeFee(table: FeeTable, i: FeeInput): FeeResult | undefined {
  const rate = findRate(table, i);
  if (!rate) return undefined;
  const hours = billedHours(i.minutes);
  const lines: FeeLine[] = [];
  const qty = rate.per === 'hour' ? hours : 1;
  lines.push({ kind: 'rate', label: rate.label, quantity: qty, unitPrice: rate.amount, amount: rate.amount * qty });
  const base = lines[0].amount;
  const data = { answers: i.answers };
  for (const s of table.surcharges) {
    if (ruleHolds(s.when, data)) lines.push({ kind: 'surcharge', label: `${s.label}（${s.percent}%）`, quantity: 1, unitPrice: percentOf(base, s.percent), amount: percentOf(base, s.percent) });
  }
  for (const o of table.options) {
    const v = i.answers[o.field];
    // A number of units, a consent box, or checkboxes (each box ticked is one unit: 「冷暖房を使う」).
    const units = typeof v === 'number' ? Math.max(0, Math.floor(v)) : v === true ? 1 : Array.isArray(v) ? v.length : 0;
    if (units === 0) continue;
    const q = o.per === 'hour' ? hours * units : units;
    lines.push({ kind: 'option', label: o.label, quantity: q, unitPrice: o.amount, amount: o.amount * q });
  }
  const subtotal = sum(lines);
  const reduction = i.reductionId !== undefined ? table.reductions.find((r) => r.id === i.reductionId) : table.reductions.find((r) => r.when !== undefined && ruleHolds(r.when, data));
  if (reduction) {
    const off = percentOf(subtotal, reduction.percent);
    lines.push({ kind: 'reduction', label: `減免：${reduction.label}（${reduction.percent}%）`, quantity: 1, unitPrice: -off, amount: -off });
  }
  const before = sum(lines);
  const rounded = roundYen(before, table.rounding);
  if (rounded !== before) lines.push({ kind: 'rounding', label: '端数調整', quantity: 1, unitPrice: rounded - before, amount: rounded - before });
  return { total: rounded, lines };
}

/** percent% of an amount, floored to the yen (integer arithmetic: no float ever reaches a total). */
export const percentOf = (amount: number, percent: number) => Math.floor((amount * percent) / 100);

export function roundYen(amount: number, r: FeeTable['rounding']): number {
  const q = amount / r.unit;
  const n = r.mode === 'floor' ? Math.floor(q) : r.mode === 'ceil' ? Math.ceil(q) : Math.round(q);
  return n * r.unit;
}

const sum = (lines: readonly FeeLine[]) => lines.reduce((a, l) => a + l.amount, 0);
