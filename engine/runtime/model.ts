// The browser state of a form (DESIGN §7: state in models, components read
// signals and call actions). Validation is the form block's validateAnswers run
// with the form's standalone ajv check, loaded from the server as a module.
import { action, computed, createModel, signal } from '@preact/signals';
import type { ValidateFunction } from 'ajv';
import { validateAnswers } from '../../blocks/form/answers';
import '../../blocks/form/messages';
import type { Lang } from './i18n';
import { answersFromInputs, type Inputs } from './inputs';
import { planSteps, shownFields, type FormDef, type Mode, type Step } from './steps';
import { SUMMARY } from './chat-parts';

export interface ModelInit {
  lang: Lang;
  form: FormDef;
  mode: Mode;
  inputs: Inputs;
  step: string;
  /** Server messages by field id (shown until the field is edited). */
  errors: Record<string, string>;
}

export const FormModel = createModel((init: ModelInit) => {
  const inputs = signal<Inputs>(init.inputs);
  const stepKey = signal(init.step);
  const touched = signal<Record<string, boolean>>({});
  const edited = signal<Record<string, boolean>>({});
  const attempted = signal(false);
  const check = signal<ValidateFunction | null>(null);
  const enhanced = signal(false);
  const answers = computed(() => answersFromInputs(init.form.fields, inputs.value));
  const steps = computed<Step[]>(() => planSteps(init.form, init.mode, answers.value));
  const step = computed<Step | undefined>(() => steps.value.find((s) => s.key === stepKey.value));
  /** Fields on screen now; before hydration every field of the step (as the server rendered it). */
  const shown = computed(() => (step.value ? (enhanced.value ? shownFields(step.value, answers.value, init.form.fields) : step.value.fields) : []));
  const clientErrors = computed<Record<string, string> | null>(() => {
    if (!check.value) return null;
    const r = validateAnswers(init.form.fields, check.value, answers.value, 'resident');
    const out: Record<string, string> = {};
    if (!r.ok) for (const i of r.issues) out[i.path.split('/')[2]] ??= init.lang === 'en' ? i.messageEn ?? i.message : i.message;
    return out;
  });
  /** The message next to a field: the server's until edited, then the browser's once touched or submitted. */
  const errorOf = (id: string): string | undefined => {
    if (!edited.value[id] && init.errors[id]) return init.errors[id];
    if (!clientErrors.value || !(touched.value[id] || attempted.value)) return undefined;
    return clientErrors.value[id];
  };
  /** Errors of the fields on screen (for the summary and to stop a submission). */
  const stepErrors = computed(() => shown.value.map((f) => ({ f, message: errorOf(f.id) })).filter((e): e is { f: typeof e.f; message: string } => !!e.message));

  return {
    inputs,
    stepKey,
    touched,
    edited,
    attempted,
    check,
    enhanced,
    answers,
    steps,
    step,
    shown,
    clientErrors,
    stepErrors,
    errorOf,
    set: action((name: string, value: string | string[]) => {
      inputs.value = { ...inputs.value, [name]: value };
      const id = name.split('.')[1];
      if (!edited.value[id]) edited.value = { ...edited.value, [id]: true };
    }),
    blur: action((id: string) => {
      if (!touched.value[id]) touched.value = { ...touched.value, [id]: true };
    }),
    /** True when the screen may be left (or the validator is not loaded yet: the server decides). */
    tryLeave: action(() => {
      attempted.value = true;
      if (!clientErrors.value) return true;
      return shown.value.every((f) => !clientErrors.value![f.id]);
    }),
    /** After an edit from the summary: the first later question a changed answer left invalid (a condition now shows it), else the summary. */
    nextUnanswered(from: number): string {
      const errs = clientErrors.value;
      if (!errs) return SUMMARY;
      const later = steps.value.slice(from + 1).find((s) => shownFields(s, answers.value, init.form.fields).some((f) => errs[f.id]));
      return later?.key ?? SUMMARY;
    },
    goTo: action((key: string) => {
      stepKey.value = key;
      attempted.value = false;
    }),
  };
});

export type FormModelInstance = InstanceType<typeof FormModel>;
