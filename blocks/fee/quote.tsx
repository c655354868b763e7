// The fee on the resident's 申込内容確認, before anything is booked: the same table and
// arithmetic the booking will use (feeOfSlot), line by line, so nobody confirms without
// knowing the price. The booking stores its own computation; this is only shown.
import type { ReviewPanel } from '../../engine/core/behaviour';
import { DetailsTable, type Row } from '../../engine/http/routes/pages/slot-table';
import { yenText } from '../../engine/http/routes/pages/format';
import { feeLineRows } from './fee-lines';
import { feeFor, feeOfSlot } from './payments';

type QuoteCtx = Parameters<ReviewPanel['render']>[0];

function quoteOf({ page, service, slot, answers, group }: QuoteCtx) {
  const fee = feeFor(page.published.tenant, service.id);
  // An approved group's 減免区分, when this table has it (as computeStep does).
  const reductionId = group?.reduction && fee?.table.reductions.some((r) => r.id === group.reduction) ? group.reduction : undefined;
  return fee ? feeOfSlot(fee, slot, answers, reductionId) : undefined;
}

export const quotePanel: ReviewPanel = {
  appliesTo: (service, tenant) => !!feeFor(tenant, service.id),
  total(ctx) {
    return quoteOf(ctx)?.total ?? null;
  },
  render({ page, service, slot, answers, group }) {
    const result = quoteOf({ page, service, slot, answers, ...(group ? { group } : {}) });
    if (!result) return null;
    const en = page.lang === 'en';
    const rows: Row[] = feeLineRows(result.lines, page.lang);
    rows.push([en ? 'Fee' : '使用料', <strong id="quote-total">{yenText(result.total, page.lang)}</strong>]);
    return (
      <section class="payment" aria-labelledby="quote-heading">
        <h2 id="quote-heading">{en ? 'Fee' : '使用料'}</h2>
        <DetailsTable rows={rows} />
        {result.total > 0 && <p>{en ? 'You are asked to pay once the booking is accepted; the deadline is shown then.' : 'お申し込みの受付後に、お支払いをお願いします（お支払い期限はその際にお知らせします）。'}</p>}
      </section>
    );
  },
};
