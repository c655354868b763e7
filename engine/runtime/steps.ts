// Which questions go on which screen. Classic: the form's pages. Conversational:
// one visible question per screen (a name and its furigana together). Planned
// again after each answer, because visibleIf may hide later questions.
import { normalizeAnswers, visibleFields } from '../../blocks/form/answers';
import type { FormField, FormPage } from '../../blocks/form/fields';

export type Mode = 'classic' | 'chat';

export interface Step {
  key: string;
  title?: string;
  titleEn?: string;
  fields: FormField[];
}

export interface FormDef {
  id: string;
  fields: readonly FormField[];
  pages: readonly FormPage[];
}

export function planSteps(form: FormDef, mode: Mode, answers: Record<string, unknown>): Step[] {
  const visible = new Set(visibleFields(form.fields, normalizeAnswers(form.fields, answers)).map((f) => f.id));
  const byId = new Map(form.fields.map((f) => [f.id, f]));
  if (mode === 'classic') {
    // A field hidden by a condition on its own page stays in the step (the browser shows it when it applies).
    return form.pages
      .map((p, i) => ({ key: `p${i + 1}`, title: p.title, titleEn: p.titleEn, fields: p.fields.map((id) => byId.get(id)!).filter(Boolean) }))
      .filter((s) => s.fields.some((f) => visible.has(f.id) || dependsOnStep(f, s.fields)));
  }
  const steps: Step[] = [];
  for (const f of form.fields) {
    if (!visible.has(f.id)) continue;
    if (f.kanaOf && steps.length && steps[steps.length - 1].key === `q-${f.kanaOf}`) steps[steps.length - 1].fields.push(f);
    else steps.push({ key: `q-${f.id}`, fields: [f] });
  }
  return steps;
}

/** Whether a field's visibility depends on an answer given on the same screen. */
export function dependsOnStep(f: FormField, stepFields: readonly FormField[]): boolean {
  if (f.visibleIf === undefined) return false;
  const rule = JSON.stringify(f.visibleIf);
  return stepFields.some((o) => o !== f && rule.includes(`"answers.${o.id}"`));
}

/** Fields of a step a resident sees and answers now (visible, or shown because they depend on this screen). */
export function shownFields(step: Step, answers: Record<string, unknown>, all: readonly FormField[]): FormField[] {
  const visible = new Set(visibleFields(all, normalizeAnswers(all, answers)).map((f) => f.id));
  return step.fields.filter((f) => visible.has(f.id) || dependsOnStep(f, step.fields));
}
