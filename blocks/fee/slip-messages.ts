// Messages of 納付書, 入金消込, 領収書 and the fee reports (Japanese first).
import { registerMessages } from '../../engine/core/messages';

registerMessages({
  'fee.bad_date': { status: 422, ja: '日付「{value}」を読めません。2026-12-03 のように入力してください。', en: 'Cannot read the date "{value}": write it as 2026-12-03.' },
  'fee.future_date': { status: 422, ja: '収納日 {date} は今日より後です。', en: 'The date received ({date}) is after today.' },
  'fee.nothing_to_pay': { status: 409, ja: 'この予約にはお支払いいただく金額がありません。', en: 'Nothing is owed for this booking.' },
  'fee.no_slip': { status: 409, ja: 'この予約の納付書は窓口でお渡しします。', en: 'The payment slip for this booking is handed out at the counter.' },
  'fee.no_receipt': { status: 409, ja: 'この予約には窓口で受け取った現金の記録がありません。', en: 'No cash payment was recorded for this booking.' },
  'fee.bad_month': { status: 422, ja: '月は 2026-12 のように入力してください。', en: 'Write the month as 2026-12.' },
  'fee.bad_period': { status: 422, ja: '期間（from・to）は 2026-12-01 のような日付で、from が to 以前、最長366日です。', en: 'The period (from, to) takes dates such as 2026-12-01, from not after to, at most 366 days.' },
  'fee.import_empty': { status: 422, ja: 'CSVにデータがありません。', en: 'The CSV holds no data.' },
  'fee.import_missing_column': { status: 422, ja: '見出し行に「{column}」の列がありません（{aliases} のいずれか）。', en: 'The header row has no "{column}" column (one of {aliases}).' },
  'fee.import_too_many': { status: 422, ja: '一度に取り込めるのは{max}行までです。ファイルを分けてください。', en: 'At most {max} rows per import: split the file.' },
  // Outcomes of one row of a bank file (入金消込の結果).
  'fee.row_matched': { status: 200, ja: '消込済み（{receiptNo}、確定）', en: 'Matched ({receiptNo}, confirmed)' },
  'fee.row_bad_row': { status: 422, ja: '列の数が見出しと合いません。', en: 'The number of columns does not match the header.' },
  'fee.row_check_digit': { status: 422, ja: '納付番号「{slipNo}」は誤りです（桁数またはチェックデジットが合いません）。', en: 'Slip number "{slipNo}" is wrong (length or check digit).' },
  'fee.row_unknown': { status: 404, ja: '納付番号「{slipNo}」の納付書はありません。', en: 'No slip has the number "{slipNo}".' },
  'fee.row_bad_amount': { status: 422, ja: '金額「{value}」を読めません（円単位の整数）。', en: 'Cannot read the amount "{value}" (whole yen).' },
  'fee.row_bad_date': { status: 422, ja: '入金日「{value}」を読めません。', en: 'Cannot read the date paid "{value}".' },
  'fee.row_amount': { status: 422, ja: '金額 {amount}円 が納付額 {owed}円 と一致しません。', en: 'The amount ({amount} yen) is not what is owed ({owed} yen).' },
  'fee.row_paid': { status: 409, ja: '支払済みです（{receiptNo}、{paidOn} 収納）。', en: 'Already paid ({receiptNo}, received {paidOn}).' },
  'fee.row_not_awaiting': { status: 409, ja: '予約 {receiptNo} はお支払い待ちではありません（{status}）。', en: 'Booking {receiptNo} is not awaiting payment ({statusEn}).' },
  'fee.row_duplicate': { status: 409, ja: '{line}行目と同じ納付番号です。', en: 'Same slip number as row {line}.' },
});
