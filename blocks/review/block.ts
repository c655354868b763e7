// `review`: 予約審査 and 取消審査 for a service. With "admission": ["review"] a
// booking is `pending` (holding its place or not, as `holdsPlace` says) until
// staff approve it (→ the next stage of the chain, or confirmed) or reject it with
// a reason (→ rejected, the place freed). `cancellation` decides what a resident's
// cancellation does: allow, review (cancel_requested until staff decide) or refuse.
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { registerMessages } from '../../engine/core/messages';
import { bookingVars } from '../../engine/notify/events';
import { REVIEW_STAGE, reviewFor } from './decisions';
import { reviewRoutes } from './routes';
import labels from './labels.json';
import schema from './schema.json';

export interface ReviewBlock extends RawBlock {
  kind: 'review';
  service: string;
  holdsPlace?: boolean;
  decideWithinHours?: number;
  cancellation?: 'allow' | 'review' | 'refuse';
}

export interface CompiledReview {
  id: string;
  service: string;
  holdsPlace: boolean;
  decideWithinHours?: number;
  cancellation: 'allow' | 'review' | 'refuse';
}

registerMessages({
  'review.duplicate_service': { status: 422, ja: 'サービス "{service}" の審査設定が2つあります。1つにしてください。', en: 'Service "{service}" has two review settings; keep one.' },
  'review.no_review_stage': { status: 422, ja: 'サービス "{service}" の受付方法（admission）に "review"（審査）がありません。', en: 'Service "{service}" has no "review" stage in its admission.' },
  'review.reason_required': { status: 422, ja: '理由を入力してください（申込者にお知らせします）。', en: 'Please give a reason (the applicant is told).' },
  'review.nothing_to_decide': { status: 409, ja: '受付番号 {receiptNo} は審査待ちではありません（現在の状態: {status}）。', en: 'Booking {receiptNo} is not waiting for a decision (status: {statusEn}).' },
  'review.bad_selection': { status: 422, ja: '審査する受付番号を1件以上（500件まで）選んでください。', en: 'Select 1 to 500 receipt numbers.' },
});

const reasonVar = { 'review.reason': { trusted: false, ja: '職員が入力した理由' } };

export const reviewBlock = defineBlock<ReviewBlock, CompiledReview>({
  kind: 'review',
  version: 1,
  schema,
  labels,
  cardinality: 'many',
  migrations: [],
  title: { ja: '審査', en: 'Review' },
  refs: (b) => [{ kind: 'service', id: b.service, path: '/service' }],
  check(b, ctx) {
    if (ctx.all('review').filter((r) => (r as ReviewBlock).service === b.service).length > 1) ctx.issue('/service', 'review.duplicate_service', { service: b.service });
    const service = ctx.find('service', b.service) as { admission?: string[] } | undefined;
    // Cancellation review alone is allowed on an immediate service; booking review needs the stage.
    if (service && (b.holdsPlace !== undefined || b.decideWithinHours !== undefined) && !service.admission?.includes(REVIEW_STAGE)) {
      ctx.issue('/service', 'review.no_review_stage', { service: b.service });
    }
  },
  compile: (b) => ({
    id: b.id,
    service: b.service,
    holdsPlace: b.holdsPlace ?? true,
    ...(b.decideWithinHours !== undefined ? { decideWithinHours: b.decideWithinHours } : {}),
    cancellation: b.cancellation ?? 'allow',
  }),
  behaviour: {
    admissionStages: [
      {
        id: REVIEW_STAGE,
        title: { ja: '審査', en: 'Review' },
        status: 'pending',
        holdsCapacity: (service, tenant) => reviewFor(tenant, service.id)?.holdsPlace ?? true,
      },
    ],
    cancellation: [
      {
        appliesTo: (service, tenant) => !!reviewFor(tenant, service.id),
        decide: (service, tenant) => reviewFor(tenant, service.id)?.cancellation ?? 'allow',
        requestedEvent: 'review.cancel_requested',
      },
    ],
    events: {
      'booking.pending': { scope: 'booking', ja: '予約申込の受付（審査中）', en: 'Application received: under review', variables: { ...bookingVars, 'booking.accessKey': { trusted: true, secret: true, ja: 'アクセスキー（未登録者のみ）' } } },
      'review.approved': { scope: 'booking', ja: '審査の結果（承認）', en: 'Application approved', variables: bookingVars },
      'review.rejected': { scope: 'booking', ja: '審査の結果（不承認）', en: 'Application rejected', variables: { ...bookingVars, ...reasonVar } },
      'review.cancel_requested': { scope: 'booking', ja: '取消申請の受付（取消審査中）', en: 'Cancellation requested: under review', variables: bookingVars },
      'review.cancel_rejected': { scope: 'booking', ja: '取消審査の結果（取消不可）', en: 'Cancellation refused', variables: { ...bookingVars, ...reasonVar } },
    },
    routes: reviewRoutes,
  },
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    review: CompiledReview;
  }
}
