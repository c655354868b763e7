// CSV of the invoices (one row per usage line, with the customer's and the card's amounts on
// every row so a filter keeps them) and of the reports, as the other exports: CRLF, UTF-8 with
// BOM or Shift_JIS (engine/export). Card numbers are written ="…" so Excel keeps all 16 digits.
import { csvLinesKeepingText } from '../../engine/export/csv';
import type { CompiledBilling } from './block';
import type { Invoice } from './invoice';
import type { ReportId, ReportRow } from './reports';

export function invoiceCsvRows(b: CompiledBilling, month: string, invoices: readonly Invoice[], lang: 'ja' | 'en'): string[][] {
  // Kept as plain cells for the encodability check; written by invoicesCsv.
  const en = lang === 'en';
  const pt = b.usage.pointLabel;
  const header = en
    ? ['Month', 'Customer no.', 'Customer', 'Tolls', 'Issue fees', 'Annual fees', 'Total', 'Card no.', 'Card vehicle', 'Card issue fee', 'Card annual fee', 'Card tolls', 'Date', `Entry ${pt}`, `Exit ${pt}`, 'Vehicle', 'Exit time', 'Toll']
    : ['請求月', '顧客番号', '顧客名', `${b.usage.label}合計`, 'カード発行費合計', 'カード年会費合計', '合計請求金額', 'カード番号', 'カードの自動車登録番号', 'カード発行費', 'カード年会費', `カード別${b.usage.label}`, '利用日', `入口${pt}`, `出口${pt}`, '自動車登録番号', '出口時刻', b.usage.label];
  const rows: string[][] = [header];
  for (const inv of invoices) {
    for (const c of inv.cards) {
      const head = [month, inv.customer, inv.customerName, String(inv.tolls), String(inv.issueFees), String(inv.annualFees), String(inv.total), c.cardNo, c.subject, String(c.issueFee), String(c.annualFee), String(c.tolls)];
      if (!c.lines.length) rows.push([...head, '', '', '', '', '', '']);
      for (const l of c.lines) rows.push([...head, l.date, l.entryPoint, l.exitPoint, l.subject, l.exitTime, String(l.amount)]);
    }
  }
  return rows;
}

/** Customer and card numbers kept as text (csvTextCell: Excel would show a 16-digit number in exponent form). */
export function invoicesCsv(rows: string[][]): string {
  return csvLinesKeepingText(rows, new Set([1, 7]));
}

export function reportCsvRows(b: CompiledBilling, report: ReportId, rows: readonly ReportRow[], lang: 'ja' | 'en'): string[][] {
  const en = lang === 'en';
  const pt = b.usage.pointLabel;
  const header = en
    ? ['Customer no.', 'Customer', 'Card no.', 'Date', 'Weekday', 'Entry time', `Entry ${pt}`, `Exit ${pt}`, 'Exit time', 'Vehicle used', 'Card vehicle', 'Toll', ...(report === 'off-days' ? ['Why'] : [])]
    : ['顧客番号', '顧客名', 'カード番号', '利用日', '曜日', '入口日時', `入口${pt}`, `出口${pt}`, '出口日時', '利用車両', 'カードの自動車登録番号', '通行料金', ...(report === 'off-days' ? ['理由'] : [])];
  return [header, ...rows.map((r) => [r.customer, r.customerName, r.cardNo, r.date, r.weekday, r.entryAt, r.entryPoint, r.exitPoint, r.exitAt, r.subject, r.cardSubject, String(r.amount), ...(report === 'off-days' ? [en ? r.reasonEn : r.reason] : [])])];
}

export function reportCsv(rows: string[][]): string {
  return csvLinesKeepingText(rows, new Set([0, 2]));
}
