import { describe, expect, it } from 'vitest';
import type { FormField } from '../../blocks/form/fields';
import { answersFromInputs, inputsFromAnswers, pickInputs } from './inputs';

const fields: FormField[] = [
  { id: 'name', type: 'text', label: '氏名' },
  { id: 'birth', type: 'birthdate', label: '生年月日', era: 'japanese' },
  { id: 'born', type: 'birthdate', label: '生年月日', era: 'western' },
  { id: 'tags', type: 'checkboxes', label: 'タグ', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
  { id: 'ok', type: 'consent', label: '同意' },
];

describe('form controls ↔ answers', () => {
  it('combines the 和暦 parts of a birthdate and leaves empty controls out', () => {
    const a = answersFromInputs(fields, { 'a.name': '  髙橋 ', 'a.birth.era': '昭和', 'a.birth.y': '55', 'a.birth.m': '6', 'a.birth.d': '10', 'a.born.era': 'western', 'a.born.y': '', 'a.born.m': '', 'a.born.d': '', 'a.tags': ['a', ''], 'a.ok': 'true' });
    expect(a).toEqual({ name: '  髙橋 ', birth: '昭和55年6月10日', tags: ['a'], ok: true });
  });

  it('turns stored answers back into controls in the notation the field offers', () => {
    expect(inputsFromAnswers(fields, { birth: '1989-01-08', born: '1980-06-10', tags: ['b'], ok: true })).toEqual({
      'a.birth.era': '平成', 'a.birth.y': '1', 'a.birth.m': '1', 'a.birth.d': '8',
      'a.born.era': 'western', 'a.born.y': '1980', 'a.born.m': '6', 'a.born.d': '10',
      'a.tags': ['b'],
      'a.ok': 'true',
    });
  });

  it('takes only answer controls from a posted body', () => {
    expect(pickInputs({ _csrf: 't', 'a.name': 'x', 'a.tags': ['a', 'b'], action: 'next' })).toEqual({ 'a.name': 'x', 'a.tags': ['a', 'b'] });
  });
});
