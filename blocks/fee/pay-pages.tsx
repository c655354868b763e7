// お支払い on the resident pages (plain forms, no JavaScript needed): the booking page's
// panel (amount, deadline, what is paid, one button per online method, refunds), the post
// that starts an online payment and sends the resident to the provider's page, and the
// page the provider sends them back to. The access key travels only in POST bodies; the
// return page is found by the provider's payment id (unguessable) and shows no personal data.
import { csrfValid } from '../../engine/auth/csrf';
import { AWAITING_PAYMENT, isActive, statusLabel } from '../../engine/booking/status';
import type { BookingRow } from '../../engine/booking/view';
import { EngineError } from '../../engine/core/errors';
import { publicBaseFrom } from '../../engine/core/public-base';
import { sqlAll, sqlGet } from '../../engine/db';
import { findHeld, holderOf } from '../../engine/http/routes/pages/booking-access';
import { pageOf, type Page, type PageContext } from '../../engine/http/routes/pages/context';
import { readBody, field } from '../../engine/http/routes/pages/form-flow';
import { instantText } from '../../engine/http/routes/pages/format';
import { HiddenInputs } from '../../engine/runtime/hidden-inputs';
import { kindPages } from '../../engine/http/routes/pages/kind-pages';
import { Layout } from '../../engine/http/routes/pages/layout';
import { errorText, html } from '../../engine/http/routes/pages/render';
import { DetailsTable, type Row } from '../../engine/http/routes/pages/slot-table';
import type { Lang } from '../../engine/runtime/i18n';
import type { AppDeps } from '../../engine/http/context';
import { methodLabel, onlinePaymentsOf, startOnlinePayment, type OnlineDeps } from './online';
import { yenText } from '../../engine/http/routes/pages/format';
import { feeLineRows } from './fee-lines';
import { feeFor, yen } from './payments';
import { refundIfCancelled, residentRefunds } from './refunds';
import { checkoutOrigin, providerFor } from './provider/config';
import { allowFormAction } from '../../engine/http/middleware/security-headers';

const L = (lang: Lang, ja: string, en: string) => (lang === 'en' ? en : ja);

/** Where the provider sends the resident back: PUBLIC_BASE_URL, never the request's Host header. */
export const returnBase = publicBaseFrom;

export function onlineDeps(d: Required<AppDeps>): OnlineDeps {
  return { db: d.db, clock: d.clock, env: d.env, logger: d.logger, recipients: d.recipients };
}

/** What the お支払い panel shows, read before the page renders. */
export interface PaymentPanelData {
  charge: { total: number; linesJson: string };
  payments: { method: string; amount: number; at: number }[];
  paid: number;
  pending: boolean;
  refunds: Awaited<ReturnType<typeof residentRefunds>>;
  ifCancelled: Awaited<ReturnType<typeof refundIfCancelled>>;
}

/** Reads the panel's data (BookingPanel.load); undefined when the booking has no fee. */
export async function loadPaymentPanel(p: Page, booking: BookingRow): Promise<PaymentPanelData | undefined> {
  const db = p.c.get('deps').db;
  const fee = feeFor(p.published.tenant, booking.serviceId);
  const charge = await sqlGet<{ total: number; linesJson: string }>(db, 'SELECT total, lines_json AS "linesJson" FROM booking_charges WHERE booking_id = ?', [booking.id]);
  if (!fee || !charge) return undefined;
  const tz = p.published.tenant.get('service', booking.serviceId)?.calendar.timezone ?? 'Asia/Tokyo';
  const payments = await sqlAll<{ method: string; amount: number; at: number }>(db, 'SELECT method, amount, at FROM booking_payments WHERE booking_id = ? ORDER BY id', [booking.id]);
  const paid = payments.reduce((a, x) => a + x.amount, 0);
  const pending = (await onlinePaymentsOf(db, booking.id)).some((o) => o.method === 'konbini' && o.state === 'open');
  const refunds = await residentRefunds(db, booking.id, p.lang, tz);
  const ifCancelled = paid > 0 && isActive(booking.status) ? await refundIfCancelled(db, p.published.tenant, booking, p.now.getTime(), tz) : undefined;
  return { charge, payments, paid, pending, refunds, ifCancelled };
}

/** The お支払い section of the booking page (data: loadPaymentPanel). */
export function PaymentPanel({ p, booking, holder, data }: { p: Page; booking: BookingRow; holder: Record<string, string>; data: PaymentPanelData | undefined }) {
  const { lang } = p;
  const fee = feeFor(p.published.tenant, booking.serviceId);
  if (!fee || !data) return null;
  const { charge, payments, paid, pending, refunds, ifCancelled } = data;
  const service = p.published.tenant.get('service', booking.serviceId);
  const tz = service?.calendar.timezone ?? 'Asia/Tokyo';
  const awaiting = booking.status === AWAITING_PAYMENT && charge.total > paid;
  // Online buttons only where the provider account is configured: a button that can only fail helps no one (the demo runs without keys).
  const env = p.c.get('deps').env ?? process.env;
  const online = fee.online && !('missing' in providerFor(env, fee.online.provider, p.published.tenant.slug, fee.online.account)) ? fee.online : undefined;
  if (awaiting && online) allowFormAction(p.c, checkoutOrigin(env, online.provider));
  // The breakdown as stored at booking time (a later change of the table never changes it).
  const lines = JSON.parse(charge.linesJson) as { label: string; quantity: number; unitPrice: number; amount: number }[];
  const rows: Row[] = [
    ...(lines.length > 1 || (lines[0] && lines[0].quantity !== 1)
      ? feeLineRows(lines, lang)
      : []),
    [L(lang, '使用料', 'Fee'), <strong id="fee-total">{yenText(charge.total, lang)}</strong>],
    [
      L(lang, 'お支払い状況', 'Payment'),
      <strong id="payment-state">
        {charge.total === 0
          ? L(lang, 'お支払いはありません', 'Nothing to pay')
          : paid >= charge.total
            ? L(lang, '支払済み', 'Paid')
            : paid > 0
              ? L(lang, `一部支払済み（${yen(paid)}）`, `Partly paid (${yenText(paid, lang)})`)
              : L(lang, '未払い', 'Not paid')}
      </strong>,
    ],
    ...payments.map((x): Row => [L(lang, 'お支払い', 'Paid'), `${methodLabel(x.method, lang)} ${yenText(x.amount, lang)}（${instantText(x.at, tz, lang, p.dates)}）`]),
    ...(awaiting && booking.deadlineAt !== null ? [[L(lang, 'お支払い期限', 'Pay by'), <strong id="pay-by">{instantText(booking.deadlineAt, tz, lang, p.dates)}</strong>] as Row] : []),
  ];
  return (
    <section class="payment" aria-labelledby="payment-heading">
      <h2 id="payment-heading">{L(lang, 'お支払い', 'Payment')}</h2>
      <DetailsTable rows={rows} />
      {awaiting && pending && (
        <p>{L(lang, 'コンビニでのお支払い番号を発行済みです。期限までにお支払いください（番号はメールでも届いています）。', 'A convenience-store payment number has been issued (also sent by email): please pay by the deadline.')}</p>
      )}
      {awaiting && online && (
        <>
          <p>{L(lang, 'お支払い方法を選ぶと、決済代行会社のお支払い画面に移ります。お支払いが確認されると予約が確定します。', 'Choose how to pay: you go to the payment page of our payment provider. The booking is confirmed once the payment is confirmed.')}</p>
          <div class="actions">
            {online.methods.map((m) => (
              <form method="post" action={p.href('/pay')} class="inline-form">
                <HiddenInputs values={{ _csrf: p.csrf(), ...holder }} />
                <button type="submit" class="button button-primary" name="method" value={m} id={`pay-${m}`}>
                  {m === 'card' ? L(lang, 'クレジットカードで支払う', 'Pay by card') : L(lang, 'コンビニで支払う', 'Pay at a convenience store')}
                </button>
              </form>
            ))}
          </div>
        </>
      )}
      {awaiting && !online && <p>{L(lang, 'お支払いは窓口（または納付書）でお願いします。', 'Please pay at the counter (or with the payment slip).')}</p>}
      {refunds.length > 0 && (
        <DetailsTable
          label={L(lang, '還付', 'Refunds')}
          rows={refunds.map((r): Row => [L(lang, '還付', 'Refund'), <span class="refund" data-refund-state={r.state}>{`${yenText(r.amount, lang)} ${r.stateLabel}（${r.basis}）`}</span>])}
        />
      )}
      {ifCancelled && !fee.cancellation.onlineAfterPayment && <p id="cancel-note">{L(lang, 'お支払い後の取消は窓口でお受けします。', 'After payment, cancellations are taken at the counter.')}</p>}
      {ifCancelled && fee.cancellation.onlineAfterPayment && (
        <p id="cancel-note">
          {L(lang, `今取り消すと、${yen(ifCancelled.amount)}を還付します（${ifCancelled.basis}、1円未満切捨て）。還付は市の審査のうえ行います。`, `Cancelling now refunds ${yenText(ifCancelled.amount, lang)} (${ifCancelled.basis}; fractions of a yen dropped), after review by the city.`)}
        </p>
      )}
    </section>
  );
}

/** 支払う: starts the online payment and sends the resident to the provider's page. */
async function payPost(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const body = await readBody(c);
  if (!csrfValid(c, body._csrf)) throw new EngineError('http.bad_request', { reason: L(p.lang, '画面の有効期限が切れました。もう一度お試しください。', 'This screen expired. Please try again.') });
  const h = holderOf(p, body);
  const { row } = await findHeld(p, h);
  const deps = onlineDeps(c.get('deps'));
  const actor = p.member && h.accessKey === undefined ? { type: 'member' as const, id: p.member.id, ip: p.ip } : { type: 'resident' as const, ip: p.ip };
  const started = await startOnlinePayment(deps, { published: p.published, row, method: field(body, 'method'), actor, base: returnBase(deps.env) });
  return c.redirect(started.redirectUrl, 303);
}

/** Back from the provider: what we know of the payment now (the webhook may still be on its way). */
async function returnGet(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const { lang } = p;
  const ref = c.req.query('ref') ?? '';
  const receiptNo = c.req.query('r') ?? '';
  const db = c.get('deps').db;
  const pay = /^[A-Za-z0-9_]{1,255}$/.test(ref)
    ? await sqlGet<{ state: string; method: string; amount: number; bookingId: number; receiptNo: string; status: BookingRow['status'] }>(
        db,
        `SELECT o.state, o.method, o.amount, o.booking_id AS "bookingId", b.receipt_no AS "receiptNo", b.status FROM online_payments o JOIN bookings b ON b.id = o.booking_id WHERE o.tenant_slug = ? AND o.provider_ref = ?`,
        [p.slug, ref],
      )
    : undefined;
  if (!pay || pay.receiptNo !== receiptNo) throw new EngineError('http.not_found');
  const cancelled = c.req.query('cancelled') === '1';
  const message =
    pay.state === 'paid'
      ? L(lang, 'お支払いが完了しました。ありがとうございました。', 'Your payment is complete. Thank you.')
      : cancelled
        ? L(lang, 'お支払いは完了していません。予約確認の画面から、期限までにもう一度お支払いください。', 'The payment was not completed. You can pay again from your booking page before the deadline.')
        : pay.method === 'konbini'
          ? L(lang, 'コンビニでのお支払いをお待ちしています。表示されたお支払い番号で、期限までにお支払いください。お支払いが確認されると予約が確定し、お知らせします。', 'We are waiting for your payment at the convenience store. Pay with the number shown by the deadline; we tell you when it arrives.')
          : L(lang, 'お支払いを確認しています。確認でき次第お知らせします（このページを再読み込みすると最新の状態が表示されます）。', 'We are confirming your payment and will tell you when it is done (reload this page to see the latest state).');
  return html(
    c,
    <Layout p={p} title={L(lang, 'お支払い', 'Payment')}>
      <div class={pay.state === 'paid' || !cancelled ? 'notice' : 'notice notice-error'} role="status">
        <p id="pay-result">{message}</p>
      </div>
      <DetailsTable
        rows={[
          [L(lang, '受付番号', 'Receipt number'), pay.receiptNo],
          [L(lang, '金額', 'Amount'), yenText(pay.amount, lang)],
          [L(lang, '支払方法', 'Method'), methodLabel(pay.method, lang)],
          [L(lang, 'お支払い状況', 'Payment'), <strong id="payment-state">{pay.state === 'paid' ? L(lang, '支払済み', 'Paid') : L(lang, '未払い', 'Not paid')}</strong>],
          [L(lang, '予約の状態', 'Booking'), <strong id="booking-status">{statusLabel(pay.status, lang)}</strong>],
        ]}
      />
      <p>
        <a href={p.href('/lookup')}>{L(lang, '予約確認・変更・取消へ', 'Check, change or cancel a booking')}</a>
        {' / '}
        <a href={p.href('/')}>{L(lang, 'トップへ', 'Home')}</a>
      </p>
    </Layout>,
  );
}

export const payPages = kindPages('pay')
  .post('/t/:tenant/pay', payPost)
  .get('/t/:tenant/pay/return', returnGet);

export { errorText };
