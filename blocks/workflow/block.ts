// `workflow`: the states of a record type with display names staff can rename (進捗状況
// 名称マスタ), the initial state, and the transitions staff may make — from which
// states, the roles allowed, a json-logic guard, inputs asked at the transition
// (保管場所, 返戻理由). Records move only through blocks/record/store.ts.
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { registerMessages } from '../../engine/core/messages';
import type { Role } from '../../engine/staff/roles';
import type { RecordBlock } from '../record/block';
import { followBooking, followsVisits, followVisitEvent } from '../record/follow';
import schema from './schema.json';

export interface WorkflowInput {
  id: string;
  label: string;
  labelEn?: string;
  required?: boolean;
  options?: string[];
}

export interface WorkflowTransition {
  from: string[];
  to: string;
  label: string;
  labelEn?: string;
  roles?: Role[];
  guard?: unknown;
  inputs?: WorkflowInput[];
}

export interface WorkflowBlock extends RawBlock {
  kind: 'workflow';
  record: string;
  initial: string;
  states: { id: string; label: string; labelEn?: string }[];
  transitions: WorkflowTransition[];
  follow?: WorkflowFollow;
}

/**
 * Booking events the workflow follows: a booking of `service` whose answer `answer` is a
 * record's link code moves it to `booked`; its check-in to `visited`; the no-show sweep
 * moves a record still in `booked` to `noShow`.
 */
export interface WorkflowFollow {
  service: string;
  answer: string;
  booked: string;
  visited?: string;
  noShow?: string;
}

export interface CompiledWorkflow {
  id: string;
  record: string;
  initial: string;
  states: { id: string; label: string; labelEn?: string }[];
  transitions: WorkflowTransition[];
  follow?: WorkflowFollow;
}

registerMessages({
  'workflow.duplicate_state': { status: 422, ja: '状態 "{state}" が重複しています。', en: 'State "{state}" appears twice.' },
  'workflow.unknown_state': { status: 422, ja: '状態 "{state}" は states にありません。', en: 'State "{state}" is not in states.' },
  'workflow.duplicate_record': { status: 422, ja: '記録の種類 "{record}" の進捗が2つあります。1つにしてください。', en: 'Record type "{record}" has two workflows; keep one.' },
  'workflow.unknown_answer': { status: 422, ja: '予約フォームに項目 "{field}" がありません。', en: 'The booking form has no field "{field}".' },
  'record.unknown_link_code': { status: 422, ja: '引換番号が見つかりません。交付通知書の番号をご確認ください。', en: 'Unknown link code. Check the number on your notice.' },
  'record.link_code_used': { status: 409, ja: 'この引換番号ではご予約できません（現在の状況: {state}）。', en: 'This link code cannot be booked now (state: {stateEn}).' },
  'workflow.duplicate_transition': { status: 422, ja: '「{from}」から「{to}」への操作が2つあります。', en: 'Two transitions from "{from}" to "{to}".' },
});

/** The display name of a state (the label master), or its id if unknown. */
export function stateLabel(wf: CompiledWorkflow, state: string | null, lang: 'ja' | 'en' = 'ja'): string {
  if (state === null) return '';
  const s = wf.states.find((x) => x.id === state);
  return s ? (lang === 'en' ? s.labelEn ?? s.label : s.label) : state;
}

/** The transition from `from` to `to`, if the workflow has one. */
export function findTransition(wf: CompiledWorkflow, from: string, to: string): WorkflowTransition | undefined {
  return wf.transitions.find((t) => t.to === to && t.from.includes(from));
}

export const workflowBlock = defineBlock<WorkflowBlock, CompiledWorkflow>({
  kind: 'workflow',
  version: 1,
  schema,
  cardinality: 'many',
  migrations: [],
  title: { ja: '進捗（ワークフロー）', en: 'Workflow' },
  refs: (b) => [{ kind: 'record', id: b.record, path: '/record' }, ...(b.follow ? [{ kind: 'service', id: b.follow.service, path: '/follow/service' }] : [])],
  check(b, ctx) {
    const states = new Set<string>();
    b.states.forEach((s, i) => {
      if (states.has(s.id)) ctx.issue(`/states/${i}/id`, 'workflow.duplicate_state', { state: s.id });
      states.add(s.id);
    });
    if (!states.has(b.initial)) ctx.issue('/initial', 'workflow.unknown_state', { state: b.initial });
    const pairs = new Set<string>();
    const rec = ctx.find('record', b.record) as RecordBlock | undefined;
    const fieldVars = (rec?.fields ?? []).map((f) => `fields.${f.id}`);
    b.transitions.forEach((t, i) => {
      t.from.forEach((f, j) => {
        if (!states.has(f)) ctx.issue(`/transitions/${i}/from/${j}`, 'workflow.unknown_state', { state: f });
        if (pairs.has(`${f}→${t.to}`)) ctx.issue(`/transitions/${i}/from/${j}`, 'workflow.duplicate_transition', { from: f, to: t.to });
        pairs.add(`${f}→${t.to}`);
      });
      if (!states.has(t.to)) ctx.issue(`/transitions/${i}/to`, 'workflow.unknown_state', { state: t.to });
      if (t.guard !== undefined && rec) ctx.checkRule(t.guard, `/transitions/${i}/guard`, [...fieldVars, ...(t.inputs ?? []).map((x) => `inputs.${x.id}`), 'state']);
    });
    if (b.follow) {
      for (const k of ['booked', 'visited', 'noShow'] as const) {
        const st = b.follow[k];
        if (st !== undefined && !states.has(st)) ctx.issue(`/follow/${k}`, 'workflow.unknown_state', { state: st });
      }
      const svc = ctx.find('service', b.follow.service) as { form?: string } | undefined;
      const form = svc?.form ? (ctx.find('form', svc.form) as { fields?: { id: string }[] } | undefined) : undefined;
      if (form && !form.fields?.some((f) => f.id === b.follow!.answer)) ctx.issue('/follow/answer', 'workflow.unknown_answer', { field: b.follow.answer });
    }
    if (ctx.all('workflow').filter((w) => (w as WorkflowBlock).record === b.record).length > 1) ctx.issue('/record', 'workflow.duplicate_record', { record: b.record });
  },
  compile: (b) => ({ id: b.id, record: b.record, initial: b.initial, states: b.states, transitions: b.transitions, ...(b.follow ? { follow: b.follow } : {}) }),
  behaviour: {
    admissionSteps: [
      {
        id: 'record-link-code',
        after: 'record',
        appliesTo: (service, tenant) => tenant.list('workflow').some((w) => w.follow?.service === service.id),
        run: (ctx) => followBooking(ctx),
      },
    ],
    // In the visit's own transaction: awaited so the record moves with the visit or not at all.
    visitFollowers: [{ appliesTo: followsVisits, run: async (tx, e) => await followVisitEvent(tx, e) }],
  },
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    workflow: CompiledWorkflow;
  }
}
