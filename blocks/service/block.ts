// `service`: ties a form, a calendar and quotas into something residents book,
// with who may book it and until when it may be changed or cancelled.
import { defineBlock, type BlockRef, type RawBlock } from '../../engine/core/block';
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
  form: string;
  calendar: string;
  quotas?: string[];
  seatsField?: string;
  access?: { anonymous?: boolean; members?: boolean };
  changeDeadlineHours?: number;
  cancelDeadlineHours?: number;
  order?: number;
  listed?: boolean;
  /** Version 2: how a booking is admitted, as a chain of stages (e.g. ["review", "payment"]); ["immediate"] = confirmed at once. */
  admission: string[];
}

export interface CompiledService {
  id: string;
  title: string;
  titleEn: string;
  description: string;
  descriptionEn: string;
  form: CompiledForm;
  calendar: CompiledCalendar;
  quotas: readonly CompiledQuota[];
  /** Form field holding the party size; undefined = one place per booking. */
  seatsField?: string;
  access: { anonymous: boolean; members: boolean };
  changeDeadlineHours: number;
  cancelDeadlineHours: number;
  order: number;
  listed: boolean;
  /** The admission chain; stage names other than `immediate` are contributed by block kinds. */
  admission: readonly string[];
}

registerMessages({
  'service.bad_seats_field': { status: 422, ja: '人数の項目 "{field}" はフォーム "{form}" の数値項目ではありません。', en: 'Seats field "{field}" is not a number field of form "{form}".' },
  'service.unknown_admission': { status: 422, ja: '受付方法「{stage}」はありません。使えるもの: {known}', en: 'Unknown admission stage "{stage}". Known: {known}' },
  'service.immediate_alone': { status: 422, ja: '「immediate」（即時確定）はほかの受付方法と組み合わせられません。', en: '"immediate" cannot be combined with other admission stages.' },
  'service.no_access': { status: 422, ja: '未登録者・登録者のどちらも申し込めない設定になっています。', en: 'Neither anonymous nor member bookings are allowed.' },
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
    if (b.access && b.access.anonymous === false && b.access.members === false) ctx.issue('/access', 'service.no_access');
    if (b.seatsField !== undefined) {
      const form = ctx.find('form', b.form) as FormBlock | undefined;
      const field = form?.fields.find((f) => f.id === b.seatsField);
      if (form && field?.type !== 'number') ctx.issue('/seatsField', 'service.bad_seats_field', { field: b.seatsField, form: b.form });
    }
  },
  compile: (b, ctx) => ({
    id: b.id,
    title: b.title,
    titleEn: b.titleEn ?? b.title,
    description: b.description ?? '',
    descriptionEn: b.descriptionEn ?? b.description ?? '',
    form: ctx.get<CompiledForm>('form', b.form),
    calendar: ctx.get<CompiledCalendar>('calendar', b.calendar),
    quotas: (b.quotas ?? []).map((q) => ctx.get<CompiledQuota>('quota', q)),
    ...(b.seatsField !== undefined ? { seatsField: b.seatsField } : {}),
    access: { anonymous: b.access?.anonymous ?? true, members: b.access?.members ?? true },
    changeDeadlineHours: b.changeDeadlineHours ?? 0,
    cancelDeadlineHours: b.cancelDeadlineHours ?? 0,
    order: b.order ?? 0,
    listed: b.listed ?? true,
    admission: b.admission,
  }),
});
