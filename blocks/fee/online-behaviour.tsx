// What online payment and 還付 add to the fee kind's behaviour: the cancellation policy
// (after payment: refused online if the service says so; a refund request on every
// cancellation of a paid booking), the お支払い panel of the booking page, the resident's
// notices, and the job that re-sends provider refunds left half-way.
import type { CancellationPolicy, BookingPanel, JobDef } from '../../engine/core/behaviour';
import { bookingVars, type EventSpec } from '../../engine/notify/events';
import { feeFor } from './payments';
import { loadPaymentPanel, PaymentPanel, type PaymentPanelData } from './pay-pages';
import { refundablePaid, requestRefundOnCancel, resendStuckRefunds } from './refunds';

const refundVars = {
  ...bookingVars,
  'refund.amount': { trusted: true, ja: '還付額（例: 1,150円）' },
  'refund.basis': { trusted: true, ja: '還付の根拠（例: 利用日の7日前までの取消（還付100%））' },
  'refund.note': { trusted: false, ja: '職員が入力した理由' },
};

const cancellation: CancellationPolicy[] = [
  {
    appliesTo: (service, tenant) => !!feeFor(tenant, service.id),
    // 支払後の予約取消 online is the service's choice (seed 000: some facilities take it at the counter only).
    async decide(service, tenant, booking) {
      const fee = feeFor(tenant, service.id);
      if (!fee || fee.cancellation.onlineAfterPayment || !booking) return 'allow';
      return (await refundablePaid(booking.tx, booking.row.id)).paid > 0 ? 'refuse' : 'allow';
    },
    cancelled: (ctx) => requestRefundOnCancel(ctx),
  },
];

const bookingPanels: BookingPanel[] = [
  {
    appliesTo: (service, tenant) => !!feeFor(tenant, service.id),
    load: ({ page, booking }) => loadPaymentPanel(page, booking),
    render: ({ page, booking, holder, data }) => <PaymentPanel p={page} booking={booking} holder={holder} data={data as PaymentPanelData | undefined} />,
  },
];

const events: Record<string, EventSpec> = {
  'refund.requested': { scope: 'booking', ja: '還付申請の受付', en: 'Refund requested', variables: refundVars },
  'refund.approved': { scope: 'booking', ja: '還付の決定', en: 'Refund approved', variables: refundVars },
  'refund.rejected': { scope: 'booking', ja: '還付しない旨のお知らせ', en: 'Refund rejected', variables: refundVars },
  'refund.refunded': { scope: 'booking', ja: '返金完了のお知らせ', en: 'Refund paid out', variables: refundVars },
};

const jobs: JobDef[] = [
  {
    id: 'resend-refunds',
    everyMs: 5 * 60_000,
    async run(deps) {
      for (const published of deps.tenants.all()) {
        if (!published.tenant.list('fee').some((f) => f.online)) continue;
        await resendStuckRefunds({ db: deps.db, clock: deps.clock, env: deps.env ?? process.env, logger: deps.logger }, published);
      }
    },
  },
];

export const onlineBehaviour = { cancellation, bookingPanels, events, jobs };
