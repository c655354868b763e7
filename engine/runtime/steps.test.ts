import { describe, expect, it } from 'vitest';
import type { FormField } from '../../blocks/form/fields';
import { planSteps, shownFields } from './steps';

const fields: FormField[] = [
  { id: 'name', type: 'text', label: '氏名' },
  { id: 'kana', type: 'furigana', label: 'フリガナ', kanaOf: 'name' },
  { id: 'topic', type: 'radio', label: '内容', options: [{ value: 'a', label: 'A' }, { value: 'other', label: 'その他' }] },
  { id: 'note', type: 'textarea', label: 'その他の内容', visibleIf: { '==': [{ var: 'answers.topic' }, 'other'] } },
  { id: 'agree', type: 'consent', label: '同意' },
];
const form = { id: 'f', fields, pages: [{ title: '1', fields: ['name', 'kana', 'topic', 'note'] }, { title: '2', fields: ['agree'] }] };

describe('screens of a form', () => {
  it('asks one question per screen in the conversational mode, a name with its furigana, skipping hidden questions', () => {
    expect(planSteps(form, 'chat', {}).map((s) => s.fields.map((f) => f.id))).toEqual([['name', 'kana'], ['topic'], ['agree']]);
    expect(planSteps(form, 'chat', { topic: 'other' }).map((s) => s.key)).toEqual(['q-name', 'q-topic', 'q-note', 'q-agree']);
  });

  it('follows the pages in the classic mode and shows a field that depends on the same page', () => {
    const steps = planSteps(form, 'classic', {});
    expect(steps.map((s) => s.key)).toEqual(['p1', 'p2']);
    expect(shownFields(steps[0], {}, fields).map((f) => f.id)).toEqual(['name', 'kana', 'topic', 'note']);
    expect(shownFields({ key: 'x', fields: [fields[3]] }, { topic: 'a' }, fields)).toEqual([]);
  });
});
