import { describe, expect, it } from 'vitest';
import { checkRule, ruleHolds } from './index';

describe('checkRule', () => {
  it('accepts whitelisted operators and listed variables', () => {
    expect(checkRule({ and: [{ '==': [{ var: 'answers.jukiCard' }, 'あり'] }, { '>': [{ var: 'party' }, 2] }] }, ['answers.*', 'party'])).toEqual([]);
  });
  it('locates an unknown operator', () => {
    const problems = checkRule({ and: [true, { method: [{ var: 'x' }, 'toString'] }] }, ['x']);
    expect(problems).toEqual([expect.objectContaining({ path: '/and/1/method', code: 'rule.unknown_operator' })]);
  });
  it('locates an unknown variable, including inside missing', () => {
    const problems = checkRule({ or: [{ var: 'answers.a' }, { missing: ['secret'] }] }, ['answers.a']);
    expect(problems).toEqual([expect.objectContaining({ path: '/or/1/missing/0', code: 'rule.unknown_variable', params: expect.objectContaining({ variable: 'secret' }) })]);
  });
  it('refuses computed variable names', () => {
    expect(checkRule({ var: { cat: ['a', 'b'] } }, ['ab'])[0].code).toBe('rule.malformed');
  });
  it('evaluates with json-logic truthiness', () => {
    expect(ruleHolds({ '==': [{ var: 'answers.jukiCard' }, 'あり'] }, { answers: { jukiCard: 'あり' } })).toBe(true);
    expect(ruleHolds({ var: 'list' }, { list: [] })).toBe(false);
  });
});
