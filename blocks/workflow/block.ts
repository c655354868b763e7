// `workflow`: the states of a record type with display names staff can rename (進捗状況
// 名称マスタ), the initial state, and the transitions staff may make — from which
// states, the roles allowed, a json-logic guard, inputs asked at the transition
// (保管場所, 返戻理由). Records move only through blocks/record/store.ts.
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { registerMessages } from '../../engine/core/messages';
import type { Role } from '../../engine/staff/roles';
import type { RecordBlock } from '../record/block';
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
}

export interface CompiledWorkflow {
  id: string;
  record: string;
  initial: string;
  states: { id: string; label: string; labelEn?: string }[];
  transitions: WorkflowTransition[];
}

registerMessages({
  'workflow.duplicate_state': { status: 422, ja: '状態 "{state}" が重複しています。', en: 'State "{state}" appears twice.' },
  'workflow.unknown_state': { status: 422, ja: '状態 "{state}" は states にありません。', en: 'State "{state}" is not in states.' },
  'workflow.duplicate_record': { status: 422, ja: '記録の種類 "{record}" の進捗が2つあります。1つにしてください。', en: 'Record type "{record}" has two workflows; keep one.' },
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
  refs: (b) => [{ kind: 'record', id: b.record, path: '/record' }],
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
    if (ctx.all('workflow').filter((w) => (w as WorkflowBlock).record === b.record).length > 1) ctx.issue('/record', 'workflow.duplicate_record', { record: b.record });
  },
  compile: (b) => ({ id: b.id, record: b.record, initial: b.initial, states: b.states, transitions: b.transitions }),
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    workflow: CompiledWorkflow;
  }
}
