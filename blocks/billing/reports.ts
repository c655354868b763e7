// The two reports for customers (issue 19):
//   利用日確認帳票 (off-days): uses whose ENTRY day (the date of the entry time, even when the exit
//     is after midnight) is not a business day of the customer — a weekday named in its days-off
//     field (e.g. "土日"), or a national holiday when its holidays-off field is 'off';
//   利用車両確認帳票 (other-vehicles): uses by a vehicle (normalized as the card's subject) other
//     than the subject of the card row valid on the entry day.
import type { PublishedTenant } from '../../engine/config/tenant';
import type { Db } from '../../engine/db';
import { nationalHoliday } from '../../engine/schedule/holidays';
import { weekdayOf } from '../../engine/schedule/time';
import { normalizeSubject } from '../card-register/lookup';
import type { CompiledBilling } from './block';
import { cardOn, holderOfCard, loadBillingData, type BillingData, type UsageRecordRow } from './data';

export type ReportId = 'off-days' | 'other-vehicles';
export const REPORT_IDS: readonly ReportId[] = ['off-days', 'other-vehicles'];

export const REPORT_TITLES: Record<ReportId, [string, string]> = {
  'off-days': ['利用日確認帳票', 'Use on days off'],
  'other-vehicles': ['利用車両確認帳票', 'Use by other vehicles'],
};

export interface ReportRow {
  customer: string;
  customerName: string;
  cardNo: string;
  /** Entry day (利用日). */
  date: string;
  /** 日 月 火 水 木 金 土 */
  weekday: string;
  entryPoint: string;
  entryAt: string;
  exitPoint: string;
  exitAt: string;
  /** The vehicle of the passage. */
  subject: string;
  /** The vehicle the card was issued for (on the entry day). */
  cardSubject: string;
  amount: number;
  /** Why it is listed: 土曜日, 祝日（元日）, … (off-days only). */
  reason: string;
  reasonEn: string;
}

const WEEKDAYS = '日月火水木金土';
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Why a day is not a business day of a customer ('' when it is one). */
export function offDayReason(date: string, daysOff: string, holidaysOff: boolean): { ja: string; en: string } | undefined {
  const w = weekdayOf(date);
  const holiday = holidaysOff ? nationalHoliday(date) : undefined;
  if (holiday) return { ja: `祝日（${holiday.name}）`, en: `Holiday (${holiday.nameEn})` };
  if (daysOff.normalize('NFKC').includes(WEEKDAYS[w])) return { ja: `${WEEKDAYS[w]}曜日`, en: WEEKDAYS_EN[w] };
  return undefined;
}

function rowOf(data: BillingData, u: UsageRecordRow, holder: string, reason: { ja: string; en: string } = { ja: '', en: '' }): ReportRow {
  const date = u.entryAt.slice(0, 10);
  return {
    customer: holder,
    customerName: data.holders.get(holder)?.name ?? holder,
    cardNo: u.cardNo,
    date,
    weekday: WEEKDAYS[weekdayOf(date)],
    entryPoint: u.entryPoint,
    entryAt: u.entryAt,
    exitPoint: u.exitPoint,
    exitAt: u.exitAt,
    subject: u.subject,
    cardSubject: cardOn(data, u.cardNo, date)?.subject ?? '',
    amount: u.amount,
    reason: reason.ja,
    reasonEn: reason.en,
  };
}

export async function buildReport(db: Db, published: PublishedTenant, b: CompiledBilling, report: ReportId, month: string, customer?: string): Promise<ReportRow[]> {
  const data = await loadBillingData(db, published, b, month);
  const out: ReportRow[] = [];
  for (const u of data.usage) {
    const holder = holderOfCard(data, u.cardNo);
    if (!holder || (customer && holder !== customer)) continue;
    const date = u.entryAt.slice(0, 10);
    if (report === 'off-days') {
      const f = data.holders.get(holder)?.fields ?? {};
      const daysOff = b.businessDays.daysOff ? (f[b.businessDays.daysOff] ?? '') : '';
      const holidaysOff = b.businessDays.holidaysOff ? f[b.businessDays.holidaysOff] === 'off' : false;
      const reason = offDayReason(date, daysOff, holidaysOff);
      if (reason) out.push(rowOf(data, u, holder, reason));
    } else {
      const card = cardOn(data, u.cardNo, date);
      if (card && normalizeSubject(u.subject) !== normalizeSubject(card.subject)) out.push(rowOf(data, u, holder));
    }
  }
  return out.sort((a, z) => (a.customer !== z.customer ? (a.customer < z.customer ? -1 : 1) : a.cardNo !== z.cardNo ? (a.cardNo < z.cardNo ? -1 : 1) : a.entryAt < z.entryAt ? -1 : a.entryAt > z.entryAt ? 1 : 0));
}
