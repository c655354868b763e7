// `service`: ties a form, a calendar and quotas into something residents book,
// with who may book it and until when it may be changed or cancelled, and what
// staff record when a visitor checks in (`checkin`).
import { defineBlock, type BlockRef, type CheckContext, type RawBlock } from '../../engine/core/block';
import type { AdmissionContext } from '../../engine/booking/admission';
import { EngineError } from '../../engine/core/errors';
import { registerMessages } from '../../engine/core/messages';
import { IMMEDIATE } from '../../engine/core/registry';
import type { CompiledCalendar } from '../../engine/schedule/types';
import type { CompiledForm, FormBlock } from '../form/block';
import type { CompiledQuota } from '../quota/block';
import schema from './schema.json';

export interface ServiceBlock extends RawBlock {
  kind: 'service';
  title: string;
  titleEn?: string;
  description?: string;
  descriptionEn?: string;
  /** 持ち物, shown on the completion page. */
  bring?: string;
  bringEn?: string;
  form: string;
  calendar: string;
  quotas?: string[];
  seatsField?: string;
  /** 複数枠の一括予約: how many slots one booking may hold (default 1). */
  maxSlotsPerBooking?: number;
  access?: { anonymous?: boolean; members?: boolean; approvedGroupsOnly?: boolean };
  /** 窓口・電話のみ: bookable false, with the reason and where to apply. */
  online?: { bookable?: boolean; reason?: string; reasonEn?: string; contact?: string; contactEn?: string };
  changeDeadlineHours?: number;
  cancelDeadlineHours?: number;
  order?: number;
  listed?: boolean;
  /** Version 2: how a booking is admitted, as a chain of stages (e.g. ["review", "payment"]); ["immediate"] = confirmed at once. */
  admission: string[];
  checkin?: { items?: CheckinItemBlock[]; noShow?: boolean; qr?: boolean };
}

export type CheckinItemType = 'boolean' | 'text' | 'select';

export interface CheckinItemBlock {
  id: string;
  label: string;
  labelEn?: string;
  type: CheckinItemType;
  maxLength?: number;
  options?: { value: string; label: string; labelEn?: string }[];
}

/** One thing staff record at a visit besides 来場 and 対応内容 (e.g. 住基カード回収). */
export interface CheckinItem {
  id: string;
  label: string;
  labelEn: string;
  type: CheckinItemType;
  /** For text items; 0 otherwise. */
  maxLength: number;
  /** For select items; empty otherwise. */
  options: readonly { value: string; label: string; labelEn: string }[];
}

export interface CompiledCheckin {
  items: readonly CheckinItem[];
  /** false: the no-show sweep leaves this service's bookings alone (it never checks visitors in). */
  noShow: boolean;
  /** Residents are shown a check-in QR code, read at the entrance for 入室 and 退室. */
  qr: boolean;
}

export const DEFAULT_CHECKIN_TEXT_LENGTH = 100;

export interface CompiledOnline {
  bookable: boolean;
  /** Empty when the service gives none (the page then says only that it is 窓口・電話のみ). */
  reason: string;
  reasonEn: string;
  /** Where to apply; empty = the site's phone number (pages fall back to it). */
  contact: string;
  contactEn: string;
}

export interface CompiledService {
  id: string;
  title: string;
  titleEn: string;
  description: string;
  descriptionEn: string;
  /** 持ち物; empty when the service declares none. */
  bring: string;
  bringEn: string;
  form: CompiledForm;
  calendar: CompiledCalendar;
  quotas: readonly CompiledQuota[];
  /** Form field holding the party size; undefined = one place per booking. */
  seatsField?: string;
  /** 複数枠の一括予約: how many slots one booking may hold (1: one slot per booking). */
  maxSlotsPerBooking: number;
  /** approvedGroupsOnly: only groups staff approved (their account, 代表者 or 構成員) may book (admission step). */
  access: { anonymous: boolean; members: boolean; approvedGroupsOnly: boolean };
  /** Whether residents book it online; if not (窓口・電話のみ) its page shows the reason and the contact, and only staff book it. */
  online: CompiledOnline;
  changeDeadlineHours: number;
  cancelDeadlineHours: number;
  order: number;
  listed: boolean;
  /** The admission chain; stage names other than `immediate` are contributed by block kinds. */
  admission: readonly string[];
  checkin: CompiledCheckin;
}

registerMessages({
  'service.bad_seats_field': { status: 422, ja: '人数の項目 "{field}" はフォーム "{form}" の数値項目ではありません。', en: 'Seats field "{field}" is not a number field of form "{form}".' },
  'service.unknown_admission': { status: 422, ja: '受付方法「{stage}」はありません。使えるもの: {known}', en: 'Unknown admission stage "{stage}". Known: {known}' },
  'service.immediate_alone': { status: 422, ja: '「immediate」（即時確定）はほかの受付方法と組み合わせられません。', en: '"immediate" cannot be combined with other admission stages.' },
  'service.checkin_duplicate_item': { status: 422, ja: '来場受付の項目ID "{id}" が重複しています。', en: 'Check-in item id "{id}" is used twice.' },
  'service.checkin_duplicate_option': { status: 422, ja: '来場受付の項目 "{id}" の選択肢の値 "{value}" が重複しています。', en: 'Option value "{value}" of check-in item "{id}" is used twice.' },
  'service.checkin_select_without_options': { status: 422, ja: '来場受付の項目 "{id}" は選択式ですが、選択肢がありません。', en: 'Check-in item "{id}" is a select but has no options.' },
  'service.checkin_options_unused': { status: 422, ja: '来場受付の項目 "{id}" は選択式ではないため、選択肢は使われません。種類を select にするか選択肢を削除してください。', en: 'Check-in item "{id}" is not a select, so its options are unused: make it a select or remove them.' },
  'booking.group_required': { status: 403, ja: 'この施設は、市が承認した団体（団体登録済み）のみ予約できます。団体としてログインするか、団体登録の承認後にお申し込みください。', en: 'Only groups approved by the city can book this. Log in as the group, or apply once your group registration is approved.' },
  'service.groups_need_members': { status: 422, ja: '承認団体のみの施設は、登録者（ログイン）による申込を受け付ける必要があります（access.members）。', en: 'A service for approved groups only must take member bookings (access.members).' },
  'service.no_access': {
    status: 422,
    ja: '未登録者・登録者のどちらも申し込めない設定になっています。窓口・電話のみで受け付けるなら online.bookable を false にして、理由と申込先を書いてください。',
    en: 'Neither anonymous nor member bookings are allowed. For a service booked only at the counter or by phone, set online.bookable to false with a reason and a contact.',
  },
});

export const serviceBlock = defineBlock<ServiceBlock, CompiledService>({
  kind: 'service',
  version: 2,
  schema,
  cardinality: 'many',
  migrations: [
    // Version 1 confirmed every booking at once; version 2 says how a booking is admitted.
    { from: 1, name: 'admission-becomes-explicit', up: (b) => ({ ...b, admission: ['immediate'] }) },
  ],
  title: { ja: 'サービス', en: 'Service' },
  refs: (b) => {
    const refs: BlockRef[] = [
      { kind: 'form', id: b.form, path: '/form' },
      { kind: 'calendar', id: b.calendar, path: '/calendar' },
    ];
    b.quotas?.forEach((q, i) => refs.push({ kind: 'quota', id: q, path: `/quotas/${i}` }));
    return refs;
  },
  check(b, ctx) {
    const stages = ctx.behaviour.admissionStages;
    b.admission.forEach((stage, i) => {
      if (stage === IMMEDIATE) {
        if (b.admission.length > 1) ctx.issue(`/admission/${i}`, 'service.immediate_alone');
      } else if (!stages.has(stage)) ctx.issue(`/admission/${i}`, 'service.unknown_admission', { stage, known: [IMMEDIATE, ...stages.keys()].join(', ') });
    });
    // Nobody may book online: say so explicitly (窓口・電話のみ, with a reason and a contact) rather than by accident.
    if (b.access && b.access.anonymous === false && b.access.members === false && b.online?.bookable !== false) ctx.issue('/access', 'service.no_access');
    if (b.access?.approvedGroupsOnly && b.access.members === false) ctx.issue('/access/approvedGroupsOnly', 'service.groups_need_members');
    if (b.seatsField !== undefined) {
      const form = ctx.find('form', b.form) as FormBlock | undefined;
      const field = form?.fields.find((f) => f.id === b.seatsField);
      if (form && field?.type !== 'number') ctx.issue('/seatsField', 'service.bad_seats_field', { field: b.seatsField, form: b.form });
    }
    checkCheckin(b, ctx);
  },
  compile: (b, ctx) => ({
    id: b.id,
    title: b.title,
    titleEn: b.titleEn ?? b.title,
    description: b.description ?? '',
    descriptionEn: b.descriptionEn ?? b.description ?? '',
    bring: b.bring ?? '',
    bringEn: b.bringEn ?? b.bring ?? '',
    form: ctx.get('form', b.form),
    calendar: ctx.get('calendar', b.calendar),
    quotas: (b.quotas ?? []).map((q) => ctx.get('quota', q)),
    ...(b.seatsField !== undefined ? { seatsField: b.seatsField } : {}),
    maxSlotsPerBooking: b.maxSlotsPerBooking ?? 1,
    access: { anonymous: b.access?.anonymous ?? true, members: b.access?.members ?? true, approvedGroupsOnly: b.access?.approvedGroupsOnly ?? false },
    online: compileOnline(b.online),
    changeDeadlineHours: b.changeDeadlineHours ?? 0,
    cancelDeadlineHours: b.cancelDeadlineHours ?? 0,
    order: b.order ?? 0,
    listed: b.listed ?? true,
    admission: b.admission,
    checkin: compileCheckin(b.checkin),
  }),
  behaviour: {
    admissionSteps: [
      {
        // 団体予約: the access stage found the approved group the booking is for (ctx.group), or none.
        id: 'approved-groups-only',
        after: 'access',
        // Before the form too: who may not book is told before filling it in.
        early: true,
        appliesTo: (s, tenant) => tenant.get('service', s.id)?.access.approvedGroupsOnly === true,
        run(ctx: AdmissionContext) {
          if (ctx.mode !== 'change' && !ctx.group) throw new EngineError('booking.group_required', { service: ctx.service.id });
        },
      },
    ],
  },
});

function checkCheckin(b: ServiceBlock, ctx: CheckContext): void {
  const seen = new Set<string>();
  b.checkin?.items?.forEach((item, i) => {
    const at = `/checkin/items/${i}`;
    if (seen.has(item.id)) ctx.issue(`${at}/id`, 'service.checkin_duplicate_item', { id: item.id });
    seen.add(item.id);
    if (item.type === 'select' && !item.options?.length) ctx.issue(`${at}/options`, 'service.checkin_select_without_options', { id: item.id });
    if (item.type !== 'select' && item.options) ctx.issue(`${at}/options`, 'service.checkin_options_unused', { id: item.id });
    const values = new Set<string>();
    item.options?.forEach((o, j) => {
      if (values.has(o.value)) ctx.issue(`${at}/options/${j}/value`, 'service.checkin_duplicate_option', { id: item.id, value: o.value });
      values.add(o.value);
    });
  });
}

/** Where to apply for a service not booked online: its own contact, else the municipality's phone. */
export function onlineContact(service: Pick<CompiledService, 'online'>, site: { municipality: Record<string, string> } | undefined, lang: 'ja' | 'en'): string {
  const own = lang === 'en' ? service.online.contactEn : service.online.contact;
  if (own) return own;
  const phone = site?.municipality.phone;
  return phone ? (lang === 'en' ? `Phone ${phone}` : `電話 ${phone}`) : '';
}

function compileOnline(o: ServiceBlock['online']): CompiledOnline {
  const contact = o?.contact ?? '';
  return { bookable: o?.bookable ?? true, reason: o?.reason ?? '', reasonEn: o?.reasonEn ?? o?.reason ?? '', contact, contactEn: o?.contactEn ?? contact };
}

function compileCheckin(c: ServiceBlock['checkin']): CompiledCheckin {
  return {
    items: (c?.items ?? []).map((x) => ({
      id: x.id,
      label: x.label,
      labelEn: x.labelEn ?? x.label,
      type: x.type,
      maxLength: x.type === 'text' ? x.maxLength ?? DEFAULT_CHECKIN_TEXT_LENGTH : 0,
      options: x.type === 'select' ? (x.options ?? []).map((o) => ({ value: o.value, label: o.label, labelEn: o.labelEn ?? o.label })) : [],
    })),
    noShow: c?.noShow ?? true,
    qr: c?.qr ?? false,
  };
}

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    service: CompiledService;
  }
}
