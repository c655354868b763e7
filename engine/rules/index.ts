// The ONLY importer of json-logic-js. Rules in blocks are data; before one is
// ever evaluated it passes checkRule: whitelisted operators, literal variable
// names from a list the caller gives. Anything else is a load error (fail closed).
import jsonLogic from 'json-logic-js';

export const ALLOWED_OPERATORS = Object.freeze([
  'var', 'missing', 'missing_some',
  '==', '===', '!=', '!==', '!', '!!', 'and', 'or', 'if', '?:',
  '<', '<=', '>', '>=', 'in', 'cat', 'substr',
  '+', '-', '*', '/', '%', 'min', 'max',
] as const);

const allowedSet = new Set<string>(ALLOWED_OPERATORS);

export interface RuleProblem {
  /** JSON pointer relative to the rule's own position. */
  path: string;
  code: 'rule.unknown_operator' | 'rule.unknown_variable' | 'rule.malformed';
  params: Record<string, unknown>;
}

function variableAllowed(name: string, variables: readonly string[]): boolean {
  return variables.some((v) => v === name || (v.endsWith('.*') && name.startsWith(v.slice(0, -1))));
}

/** Returns every problem of the rule; an empty list means it may be evaluated. */
export function checkRule(rule: unknown, variables: readonly string[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const walk = (node: unknown, path: string): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${path}/${i}`));
      return;
    }
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      problems.push({ path, code: 'rule.malformed', params: { reason: 'an operation object must have exactly one key' } });
      return;
    }
    const op = keys[0];
    const opPath = `${path}/${op.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!allowedSet.has(op)) {
      problems.push({ path: opPath, code: 'rule.unknown_operator', params: { operator: op, allowed: ALLOWED_OPERATORS.join(' ') } });
      return;
    }
    const args = (node as Record<string, unknown>)[op];
    if (op === 'var' || op === 'missing') {
      const names = op === 'var' ? [Array.isArray(args) ? args[0] : args] : Array.isArray(args) ? args : [args];
      names.forEach((name, i) => {
        const at = Array.isArray(args) ? `${opPath}/${i}` : opPath;
        if (typeof name !== 'string') {
          problems.push({ path: at, code: 'rule.malformed', params: { reason: 'variable names must be literal strings' } });
        } else if (!variableAllowed(name, variables)) {
          problems.push({ path: at, code: 'rule.unknown_variable', params: { variable: name, allowed: variables.join(' ') || '-' } });
        }
      });
      if (op === 'var' && Array.isArray(args) && args.length > 1) walk(args[1], `${opPath}/1`);
      return;
    }
    walk(args, opPath);
  };
  walk(rule, '');
  return problems;
}

/** Evaluates a rule that passed checkRule. */
export function evaluateRule(rule: unknown, data: Record<string, unknown>): unknown {
  return jsonLogic.apply(rule as jsonLogic.RulesLogic, data);
}

/** Truthiness as json-logic defines it ("[]" is false, "0" is true). */
export function ruleHolds(rule: unknown, data: Record<string, unknown>): boolean {
  return jsonLogic.truthy(evaluateRule(rule, data));
}
