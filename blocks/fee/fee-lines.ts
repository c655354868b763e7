// A fee's breakdown as rows for the resident pages (申込内容確認 and the payment page):
// 「単価 × 数量 = 金額」, or the amount alone for a line of one.
import type { Row } from '../../engine/http/routes/pages/slot-table';
import type { Lang } from '../../engine/runtime/i18n';
import { yenText } from '../../engine/http/routes/pages/format';

export function feeLineRows(lines: readonly { label: string; quantity: number; unitPrice: number; amount: number }[], lang: Lang): Row[] {
  return lines.map((l): Row => [l.label, `${l.quantity !== 1 ? `${yenText(l.unitPrice, lang)} × ${l.quantity} = ` : ''}${yenText(l.amount, lang)}`]);
}
