// The browser's engine/rules (engine/build.ts puts it in place of engine/rules
// in the resident bundle): json-logic-js, about 1.7 KB gzip that most forms never
// use, is fetched only for a form with visibleIf or requiredIf. mount-form.tsx
// awaits loadRules() before hydrating such a form, so no condition is evaluated
// without it; the server keeps engine/rules itself, with the same json-logic.
import type jsonLogicModule from 'json-logic-js';

let logic: typeof jsonLogicModule | undefined;

export async function loadRules(): Promise<void> {
  logic ??= (await import('json-logic-js')).default;
}

export function ruleHolds(rule: unknown, data: Record<string, unknown>): boolean {
  if (!logic) throw new Error('json-logic-js is not loaded: loadRules() comes before a form with conditions is hydrated');
  return logic.truthy(logic.apply(rule as jsonLogicModule.RulesLogic, data));
}
