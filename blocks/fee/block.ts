// `fee`: the 使用料 table of a service (rates by resource, time band, weekday and
// holiday; surcharges such as 市外; options; 減免 reductions; rounding) and when
// the fee must be paid. The fee is computed in the booking's transaction and
// stored as a breakdown (booking_charges), never recomputed when the table changes.
// Its `payment` admission stage holds the place as `awaiting_payment` until staff
// record the payment or the deadline passes (a job expires it).
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { registerMessages } from '../../engine/core/messages';
import { bookingVars } from '../../engine/notify/events';
import type { FeeTable, Weekday } from './compute';
import { computeStep, decideStep, expireUnpaid, feeFor, storeStep } from './payments';
import { feeRoutes } from './routes';
import { feeColumnContribution } from './ledger-columns';
import { AWAITING_PAYMENT } from '../../engine/booking/status';
import schema from './schema.json';
import type { ProviderName } from './provider/config';
import type { OnlineMethod } from './provider/port';
import { sortRules, type RefundRule } from './refund-rule';
import { onlineBehaviour } from './online-behaviour';
import { quotePanel } from './quote';

export interface FeeBlock extends RawBlock {
  kind: 'fee';
  title?: string;
  service: string;
  rates: { label: string; resources?: string[]; from: string; to: string; days?: Weekday[]; holidays?: boolean; amount: number; per?: 'slot' | 'hour' }[];
  surcharges?: { id: string; label: string; when: unknown; percent: number }[];
  options?: { id: string; label: string; field: string; amount: number; per?: 'slot' | 'hour' | 'unit' }[];
  reductions?: { id: string; label: string; percent: number; when?: unknown }[];
  rounding?: { unit: 1 | 10 | 100; mode?: 'floor' | 'round' | 'ceil' };
  payment?: { withinDays?: number; closesDaysBefore?: number };
  online?: { provider: ProviderName; methods: OnlineMethod[]; account?: string };
  cancellation?: { onlineAfterPayment?: boolean; refunds?: RefundRule[] };
  slip?: FeeSlipConfig & { resident?: boolean };
  receipt?: { proviso?: string; issuer?: string };
}

export interface FeeSlipConfig {
  payee?: string;
  account: { bank: string; branch?: string; type?: string; number: string; holder: string };
  collectors?: string;
  note?: string;
}

export interface CompiledFee {
  id: string;
  service: string;
  table: FeeTable;
  payment: { withinDays: number; closesDaysBefore: number };
  /** 納付書: set when the city collects through slips; `resident`: residents may print theirs. */
  slip?: FeeSlipConfig & { resident: boolean };
  receipt: { proviso: string; issuer?: string };
  /** オンライン決済 (provider port), if the service takes it. */
  online?: { provider: ProviderName; methods: readonly OnlineMethod[]; account: string };
  /** After payment: may the resident cancel online, and the cancellation-fee rule (sorted, most days first). */
  cancellation: { onlineAfterPayment: boolean; refunds: readonly RefundRule[] };
}

export const PAYMENT_STAGE = 'payment';

registerMessages({
  'fee.duplicate_service': { status: 422, ja: 'サービス "{service}" の料金表が2つあります。1つにしてください。', en: 'Service "{service}" has two fee tables; keep one.' },
  'fee.no_payment_stage': { status: 422, ja: 'サービス "{service}" の受付方法（admission）に "payment"（お支払い）がありません。料金を取るには加えてください。', en: 'Service "{service}" has no "payment" stage in its admission: add it to collect the fee.' },
  'fee.unknown_resource': { status: 422, ja: '施設 "{resource}" はサービスのカレンダーにありません。', en: 'Resource "{resource}" is not in the service\'s calendar.' },
  'fee.unknown_field': { status: 422, ja: '項目 "{field}" はサービスのフォームにありません。', en: 'Field "{field}" is not in the service\'s form.' },
  'fee.empty_band': { status: 422, ja: '時間帯の終わり（{to}）が始まり（{from}）より前か同じです。', en: 'The band ends ({to}) at or before it starts ({from}).' },
  'fee.no_rate': { status: 422, ja: 'この日時（{start}）の料金が料金表にありません。窓口にお問い合わせください。', en: 'The fee table has no rate for this time ({start}). Please contact the office.' },
  'fee.too_late_to_pay': { status: 409, ja: 'お支払い期限（利用日の{days}日前）を過ぎているため、オンラインでは申し込めません。窓口にお申し込みください。', en: 'Too close to the day to pay in time ({days} days before): please apply at the counter.' },
  'fee.none': { status: 404, ja: 'この予約には料金がありません。', en: 'This booking has no fee.' },
  'fee.bad_method': { status: 422, ja: '支払方法は {methods} のいずれかです。', en: 'The payment method must be one of {methods}.' },
  'fee.bad_amount': { status: 422, ja: '金額は1円以上の整数（円）で入力してください。', en: 'The amount must be a whole number of yen, at least 1.' },
  'fee.amount_mismatch': { status: 422, ja: '金額 {amount}円 が未払額 {outstanding}円 と一致しません。', en: 'The amount ({amount} yen) does not match what is owed ({outstanding} yen).' },
  'fee.duplicate_refund_line': { status: 422, ja: '「利用日の{days}日前まで」の行が2つあります。1つにしてください。', en: 'Two lines for "{days} days before use": keep one.' },
  'fee.not_awaiting_payment': { status: 409, ja: 'この予約はお支払い待ちではありません（現在の状態: {status}）。', en: 'This booking is not awaiting payment (status: {statusEn}).' },
});

export const feeBlock = defineBlock<FeeBlock, CompiledFee>({
  kind: 'fee',
  version: 1,
  schema,
  cardinality: 'many',
  migrations: [],
  title: { ja: '使用料', en: 'Fee' },
  refs: (b) => [{ kind: 'service', id: b.service, path: '/service' }],
  check(b, ctx) {
    if (ctx.all('fee').filter((f) => (f as FeeBlock).service === b.service).length > 1) ctx.issue('/service', 'fee.duplicate_service', { service: b.service });
    const service = ctx.find('service', b.service) as { admission?: string[]; form?: string; calendar?: string } | undefined;
    if (!service) return;
    if (!service.admission?.includes(PAYMENT_STAGE)) ctx.issue('/service', 'fee.no_payment_stage', { service: b.service });
    const calendar = service.calendar ? (ctx.find('calendar', service.calendar) as { resources?: { id: string }[] } | undefined) : undefined;
    const form = service.form ? (ctx.find('form', service.form) as { fields?: { id: string }[] } | undefined) : undefined;
    const resources = new Set(calendar?.resources?.map((r) => r.id) ?? []);
    const fields = form?.fields?.map((f) => f.id) ?? [];
    b.rates.forEach((r, i) => {
      if (r.to <= r.from) ctx.issue(`/rates/${i}/to`, 'fee.empty_band', { from: r.from, to: r.to });
      r.resources?.forEach((id, j) => {
        if (calendar && !resources.has(id)) ctx.issue(`/rates/${i}/resources/${j}`, 'fee.unknown_resource', { resource: id });
      });
    });
    b.options?.forEach((o, i) => {
      if (form && !fields.includes(o.field)) ctx.issue(`/options/${i}/field`, 'fee.unknown_field', { field: o.field });
    });
    const days = b.cancellation?.refunds?.map((r) => r.untilDaysBefore) ?? [];
    days.forEach((d, i) => {
      if (days.indexOf(d) !== i) ctx.issue(`/cancellation/refunds/${i}/untilDaysBefore`, 'fee.duplicate_refund_line', { days: d });
    });
    const variables = fields.map((f) => `answers.${f}`);
    b.surcharges?.forEach((s, i) => ctx.checkRule(s.when, `/surcharges/${i}/when`, variables));
    b.reductions?.forEach((r, i) => {
      if (r.when !== undefined) ctx.checkRule(r.when, `/reductions/${i}/when`, variables);
    });
  },
  compile: (b) => ({
    id: b.id,
    service: b.service,
    table: {
      rates: b.rates.map((r) => ({ label: r.label, resources: r.resources ?? [], from: r.from, to: r.to, days: r.days ?? [], ...(r.holidays !== undefined ? { holidays: r.holidays } : {}), amount: r.amount, per: r.per ?? 'slot' })),
      surcharges: b.surcharges ?? [],
      options: (b.options ?? []).map((o) => ({ ...o, per: o.per ?? 'slot' })),
      reductions: b.reductions ?? [],
      rounding: { unit: b.rounding?.unit ?? 1, mode: b.rounding?.mode ?? 'floor' },
    },
    payment: { withinDays: b.payment?.withinDays ?? 7, closesDaysBefore: b.payment?.closesDaysBefore ?? 0 },
    ...(b.slip ? { slip: { ...b.slip, resident: b.slip.resident ?? true } } : {}),
    receipt: { proviso: b.receipt?.proviso ?? '施設使用料として', ...(b.receipt?.issuer ? { issuer: b.receipt.issuer } : {}) },
    ...(b.online ? { online: { provider: b.online.provider, methods: b.online.methods, account: b.online.account ?? '' } } : {}),
    cancellation: { onlineAfterPayment: b.cancellation?.onlineAfterPayment ?? true, refunds: sortRules(b.cancellation?.refunds ?? []) },
  }),
  behaviour: {
    admissionStages: [
      {
        id: PAYMENT_STAGE,
        title: { ja: 'お支払い', en: 'Payment' },
        status: 'awaiting_payment',
        // Reached after another stage (審査 approved): the same deadline rule, counted from then.
        deadlineAt: (service, tenant, at) => {
          const fee = feeFor(tenant, service.id);
          if (!fee) return null;
          const deadline = Math.min(at.now + fee.payment.withinDays * 86_400_000, at.slotStart - fee.payment.closesDaysBefore * 86_400_000);
          return Math.max(deadline, Math.min(at.now + 86_400_000, at.slotStart));
        },
      },
    ],
    admissionSteps: [
      { id: 'fee-compute', after: 'fees', appliesTo: (s, t) => !!feeFor(t, s.id), run: computeStep },
      { id: 'fee-deadline', after: 'decision', appliesTo: (s, t) => !!feeFor(t, s.id), run: decideStep },
      { id: 'fee-store', after: 'record', appliesTo: (s, t) => !!feeFor(t, s.id), run: storeStep },
    ],
    cancellation: onlineBehaviour.cancellation,
    bookingPanels: onlineBehaviour.bookingPanels,
    reviewPanels: [quotePanel],
    events: {
      ...onlineBehaviour.events,
      'booking.awaiting_payment': {
        scope: 'booking',
        ja: 'お支払いのお願い（予約受付・支払待ち）',
        en: 'Booking received: payment due',
        variables: { ...bookingVars, 'booking.accessKey': { trusted: true, secret: true, ja: 'アクセスキー（未登録者のみ）' } },
      },
      'payment.received': {
        scope: 'booking',
        ja: '支払済み通知',
        en: 'Payment received',
        variables: { ...bookingVars, 'payment.amount': { trusted: true, ja: '金額（例: 1,200円）' }, 'payment.method': { trusted: true, ja: '支払方法' }, 'payment.date': { trusted: true, ja: '収納日（例: 2026年12月3日）' }, 'payment.reference': { trusted: true, ja: '納付番号または領収書番号' } },
      },
      'payment.expired': { scope: 'booking', ja: 'お支払い期限切れ（予約取消）', en: 'Unpaid: booking expired', variables: bookingVars },
    },
    jobs: [
      ...onlineBehaviour.jobs,
      {
        id: 'expire-unpaid',
        everyMs: 60_000,
        async run(deps) {
          for (const published of deps.tenants.all()) await expireUnpaid(deps, published);
        },
      },
    ],
    columns: [feeColumnContribution((s, t) => !!feeFor(t, s.id))],
    residentActions: [
      {
        id: 'fee-slip',
        label: { ja: '納付書を印刷', en: 'Print the payment slip' },
        path: '/r/slip',
        newTab: true,
        appliesTo: (b, t) => b.status === AWAITING_PAYMENT && !!feeFor(t, b.serviceId)?.slip?.resident,
      },
    ],
    routes: feeRoutes,
    // The 減免区分 staff may set on an approved group: every reduction of the tenant's fee tables.
    reductionCategories: (tenant) => tenant.list('fee').flatMap((f) => f.table.reductions.map((r) => ({ id: r.id, label: r.label, labelEn: r.label, percent: r.percent }))),
  },
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    fee: CompiledFee;
  }
}
