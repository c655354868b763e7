// The cancellation-fee rule (取消の時期による還付): how much of what was paid comes back
// when a paid booking is cancelled, by calendar days before the day of use in the
// tenant's zone. "7日前まで全額還付、以降は50%" is
//   [{ untilDaysBefore: 7, percent: 100 }, { untilDaysBefore: 0, percent: 50 }]
// and a cancellation matching no line is refunded nothing (使用料は還付しない, the
// ordinance's default). The amount is floor(paid × percent / 100): 1円未満切捨て, in
// integer arithmetic (paid × percent is an exact integer far below 2^53).
import { epochToLocal } from '../../engine/schedule/time';

export interface RefundRule {
  untilDaysBefore: number;
  percent: number;
}

export interface Refundable {
  amount: number;
  percent: number;
  daysBefore: number;
  /** The line that applied, if any. */
  rule?: RefundRule;
}

/** Calendar days from the local date of `at` to the day of use (0 = the day itself, negative = after). */
export function daysBeforeUse(slotDate: string, at: number, timeZone: string): number {
  const today = epochToLocal(at, timeZone).date;
  return Math.round((Date.UTC(...ymd(slotDate)) - Date.UTC(...ymd(today))) / 86_400_000);
}

const ymd = (d: string): [number, number, number] => {
  const [y, m, day] = d.split('-').map(Number);
  return [y, m - 1, day];
};

/** Rules sorted from the earliest cancellation (most days before) down. */
export function sortRules(rules: readonly RefundRule[]): RefundRule[] {
  return [...rules].sort((a, b) => b.untilDaysBefore - a.untilDaysBefore);
}

export function refundable(rules: readonly RefundRule[], paid: number, daysBefore: number): Refundable {
  if (!Number.isSafeInteger(paid) || paid < 0) throw new Error(`refundable: paid must be integer yen, got ${paid}`);
  const rule = sortRules(rules).find((r) => daysBefore >= r.untilDaysBefore);
  const percent = rule?.percent ?? 0;
  return { amount: Math.floor((paid * percent) / 100), percent, daysBefore, ...(rule ? { rule } : {}) };
}

/** In words, for staff, the resident and the finance CSV: 利用日の7日前までの取消（還付100%）. */
export function refundBasis(r: Refundable, lang: 'ja' | 'en' = 'ja'): string {
  if (!r.rule) {
    if (r.daysBefore < 0) return lang === 'en' ? 'cancelled after the day of use: no refund' : '利用日を過ぎてからの取消（還付なし）';
    return lang === 'en' ? `cancelled ${r.daysBefore} day(s) before use: no refund` : `利用日の${r.daysBefore}日前の取消（還付なし）`;
  }
  const when = r.rule.untilDaysBefore === 0 ? (lang === 'en' ? 'on the day of use' : '利用日当日まで') : lang === 'en' ? `${r.rule.untilDaysBefore} or more days before use` : `利用日の${r.rule.untilDaysBefore}日前まで`;
  return lang === 'en' ? `cancelled ${when} (${r.percent}% refunded)` : `${when}の取消（還付${r.percent}%）`;
}
