// Messages of the billing kind (ja/en), one catalog for its errors and import report.
import { registerMessages } from '../../engine/core/messages';

registerMessages({
  'billing.unknown_holder': { status: 422, ja: '記録の種類 "{id}" がありません。', en: 'There is no record type "{id}".' },
  'billing.unknown_field': { status: 422, ja: '項目 "{field}" は記録の種類 "{type}" にありません。', en: 'Field "{field}" is not in record type "{type}".' },
  'billing.not_found': { status: 404, ja: '請求 "{billing}" はありません。', en: 'There is no billing "{billing}".' },
  'billing.no_holder': { status: 409, ja: '請求 "{billing}" の顧客の記録の種類が決まりません（holder を指定してください）。', en: 'The customer record type of billing "{billing}" is unknown (set holder).' },
  'billing.bad_month': { status: 422, ja: '請求月は YYYY-MM で指定してください。', en: 'The month is YYYY-MM.' },
  'billing.month_closed': { status: 409, ja: '{month} の請求書は発行済みです。利用記録は取り込めません。', en: 'The invoices of {month} are issued; no more usage records can be imported.' },
  'billing.bad_body': { status: 422, ja: 'CSV（csv または csvBase64）を送ってください。', en: 'Send the CSV as csv or csvBase64.' },
  'billing.import_invalid': { status: 422, ja: 'CSVに {count} 件の問題があります。何も取り込んでいません。', en: 'The CSV has {count} problem(s); nothing was imported.' },
  'billing.import_empty': { status: 422, ja: 'CSVに見出し行がありません。', en: 'The CSV has no header row.' },
  'billing.import_unknown_column': { status: 422, ja: '列「{column}」は通行記録の項目ではありません。', en: 'Column "{column}" is not a field of the toll record.' },
  'billing.import_duplicate_column': { status: 422, ja: '列「{column}」が2回あります。', en: 'Column "{column}" appears twice.' },
  'billing.import_missing_column': { status: 422, ja: '列「{column}」がありません。', en: 'The column "{column}" is missing.' },
  'billing.import_bad_row': { status: 422, ja: '列の数が見出し行と違います。', en: 'The row has a different number of columns than the header.' },
  'billing.import_required': { status: 422, ja: '必須項目です。', en: 'Required.' },
  'billing.import_unknown_card': { status: 422, ja: 'カード番号 {cardNo} は発行されていません。', en: 'Card {cardNo} was never issued.' },
  'billing.import_bad_time': { status: 422, ja: '日時は YYYY/MM/DD HH:MM または YYYY-MM-DD HH:MM で入力してください。', en: 'Times are YYYY/MM/DD HH:MM or YYYY-MM-DD HH:MM.' },
  'billing.import_exit_before_entry': { status: 422, ja: '出口日時が入口日時より前です。', en: 'The exit is before the entry.' },
  'billing.import_after_month': { status: 422, ja: '入口日時が請求月 {month} より後です。', en: 'The entry is after the billing month {month}.' },
  'billing.import_bad_amount': { status: 422, ja: '通行料金は0以上の整数（円）で入力してください。', en: 'The amount is a whole number of yen, 0 or more.' },
});

registerMessages({
  'billing.invoice_not_found': { status: 404, ja: '{month} の顧客 {customer} への請求はありません。', en: 'There is no invoice of {month} for customer {customer}.' },
  'billing.report_not_found': { status: 404, ja: '帳票 "{report}" はありません（{reports}）。', en: 'There is no report "{report}" ({reports}).' },
  'billing.nothing_to_issue': { status: 409, ja: '{month} に請求する顧客はありません。', en: 'Nobody is billed for {month}.' },
  'billing.bad_format': { status: 422, ja: 'format は {allowed} のいずれかです。', en: 'format is one of {allowed}.' },
});
