// Messages of online payment (provider port) and 還付 (refunds), Japanese first.
import { registerMessages } from '../../engine/core/messages';

registerMessages({
  'payment.online_unavailable': { status: 409, ja: 'このサービスはオンラインでのお支払いを受け付けていません。窓口でお支払いください。', en: 'This service does not take payments online. Please pay at the counter.' },
  'payment.bad_method': { status: 422, ja: '支払方法は {methods} のいずれかを選んでください。', en: 'Choose a payment method: {methods}.' },
  'payment.not_configured': { status: 503, ja: 'オンライン決済の準備ができていません。お手数ですが窓口にお問い合わせください。', en: 'Online payment is not set up. Please contact the office.' },
  'payment.provider_failed': { status: 502, ja: '決済代行会社との通信に失敗しました。しばらくしてからもう一度お試しください。', en: 'The payment provider could not be reached. Please try again later.' },
  'payment.too_late_online': { status: 409, ja: 'お支払い期限が近いため、{method}ではお支払いいただけません。窓口でお支払いください。', en: 'The payment deadline is too close to pay by {methodEn}. Please pay at the counter.' },
  'payment.amount_limit': { status: 422, ja: '{method}でお支払いいただける金額は {min}円から{max}円までです。', en: '{methodEn} takes amounts from {min} to {max} yen.' },
  'payment.webhook_rejected': { status: 400, ja: '署名を確認できない通知は受け付けません。', en: 'The webhook signature could not be verified.' },
  'payment.webhook_unconfigured': { status: 503, ja: 'このテナントには決済代行会社の通知を受ける設定がありません。', en: 'This tenant has no payment provider configured for webhooks.' },
  'refund.nothing_paid': { status: 409, ja: 'この予約には還付できる入金がありません（入金 {paid}円、還付済み・手続中 {refunded}円）。', en: 'Nothing paid for this booking can be refunded (paid {paid} yen, refunded or pending {refunded} yen).' },
  'refund.bad_amount': { status: 422, ja: '還付額は1円以上 {max}円以下の整数（円）で入力してください。', en: 'The refund must be a whole number of yen from 1 to {max}.' },
  'refund.reason_required': { status: 422, ja: '理由を入力してください。', en: 'Please give a reason.' },
  'refund.not_found': { status: 404, ja: '還付 {id} は見つかりません。', en: 'Refund {id} was not found.' },
  'refund.self_approval': { status: 403, ja: 'ご自身が申請・入力した還付は審査できません。別の職員が審査してください。', en: 'You cannot decide a refund you requested yourself: another member of staff must review it.' },
  'refund.forbidden': { status: 403, ja: '還付の審査・財務会計への引渡しは {roles} が行います。', en: 'Refunds are reviewed and handed to finance by: {roles}.' },
  'refund.not_requested': { status: 409, ja: 'この還付は審査待ちではありません（現在: {state}）。', en: 'This refund is not waiting for review (now: {stateEn}).' },
  'refund.cannot_resend': { status: 409, ja: 'この還付は再送できません（現在: {state}）。', en: 'This refund cannot be sent again (now: {stateEn}).' },
  'refund.nothing_to_export': { status: 409, ja: '財務会計に引き渡す還付（承認済み・窓口/納付書分）はありません。', en: 'No approved refunds are waiting to be handed to finance.' },
  'refund.batch_not_found': { status: 404, ja: '引渡し番号 {batch} はありません。', en: 'There is no hand-over batch {batch}.' },
});
