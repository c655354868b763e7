// The screens of a form posted without JavaScript: 入力 (one or more steps) →
// 確認 → submit. Every screen carries the answers so far as hidden inputs, so
// there is no server-side draft and no time limit; each post is validated with
// the form's own validator, as the browser does with the same code.
import type { CompiledForm } from '../../../../blocks/form/block';
import { visibleFields } from '../../../../blocks/form/answers';
import type { Answers } from '../../../../blocks/form/answers';
import type { Issue } from '../../../core/errors';
import { displayValue, fieldLabel } from '../../../runtime/display';
import type { RuntimeField } from '../../../runtime/field-props';
import FormIsland, { type FormIslandProps } from '../../../runtime/form-island';
import { HiddenInputs } from '../../../runtime/hidden-inputs';
import { t, type Lang, type TextKey } from '../../../runtime/i18n';
import { answersFromInputs, pickInputs, type Inputs } from '../../../runtime/inputs';
import { Island } from '../../../runtime/island';
import { planSteps, shownFields, type Mode } from '../../../runtime/steps';
import type { Page, PageContext } from './context';
import { validatorUrl } from './validator-asset';

export const REVIEW = 'review';

export interface Flow {
  p: Page;
  form: CompiledForm;
  mode: Mode;
  action: string;
  /** Context carried on every screen (slot, receipt number …); the CSRF token is added. */
  hidden: Record<string, string>;
  primary: TextKey;
  backHref?: string;
  /** 戻る on the first screen posts, and advance() answers { kind: 'exit' }. */
  backPosts?: boolean;
  extra?: RuntimeField[];
}

export type Body = Record<string, string | string[]>;

export type Outcome =
  | { kind: 'screen'; step: string; inputs: Inputs; errors: Record<string, string> }
  | { kind: 'review'; inputs: Inputs; answers: Answers }
  | { kind: 'submit'; inputs: Inputs; raw: Record<string, unknown>; answers: Answers }
  | { kind: 'exit'; inputs: Inputs };

export async function readBody(c: PageContext): Promise<Body> {
  const body = await c.req.parseBody({ all: true });
  const out: Body = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

export const field = (body: Body, name: string): string => {
  const v = body[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

/** Field id → message, for issues located at /answers/<id> (or /<id> for page-only fields). */
export function issuesToErrors(issues: readonly Issue[], lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const parts = i.path.split('/');
    const id = parts[1] === 'answers' ? parts[2] : parts[1];
    if (id && !out[id]) out[id] = lang === 'en' ? i.messageEn ?? i.message : i.message;
  }
  return out;
}

/** Decides where a posted screen leads. */
export function advance(flow: Flow, body: Body): Outcome {
  const inputs = pickInputs(body);
  const raw = answersFromInputs(flow.form.fields, inputs);
  const steps = planSteps(flow.form, flow.mode, raw);
  const at = field(body, 'step');
  const action = field(body, 'action');
  const index = Math.max(0, steps.findIndex((s) => s.key === at));
  const result = flow.form.validate(raw, 'resident');
  const errors = result.ok ? {} : issuesToErrors(result.issues, flow.p.lang);
  const firstWithError = () => steps.find((s) => s.fields.some((f) => errors[f.id]))?.key ?? steps[0]?.key ?? '';

  if (action === 'back') {
    if (flow.backPosts && at !== REVIEW && index === 0) return { kind: 'exit', inputs };
    const to = at === REVIEW ? steps[steps.length - 1] : steps[index - 1] ?? steps[0];
    return { kind: 'screen', step: to?.key ?? '', inputs, errors: {} };
  }
  if (action === 'confirm' || at === REVIEW) {
    if (!result.ok) return { kind: 'screen', step: firstWithError(), inputs, errors };
    return action === 'confirm' ? { kind: 'submit', inputs, raw, answers: result.value } : { kind: 'review', inputs, answers: result.value };
  }
  const step = steps[index];
  const here = step ? shownFields(step, raw, flow.form.fields) : [];
  const stepErrors = Object.fromEntries(here.filter((f) => errors[f.id]).map((f) => [f.id, errors[f.id]]));
  if (Object.keys(stepErrors).length) return { kind: 'screen', step: step!.key, inputs, errors: stepErrors };
  if (index + 1 < steps.length) return { kind: 'screen', step: steps[index + 1].key, inputs, errors: {} };
  if (!result.ok) return { kind: 'screen', step: firstWithError(), inputs, errors };
  return { kind: 'review', inputs, answers: result.value };
}

export function firstScreen(flow: Flow, inputs: Inputs = {}): Outcome {
  const steps = planSteps(flow.form, flow.mode, answersFromInputs(flow.form.fields, inputs));
  return { kind: 'screen', step: steps[0]?.key ?? '', inputs, errors: {} };
}

export function FormScreen({ flow, state }: { flow: Flow; state: { step: string; inputs: Inputs; errors: Record<string, string> } }) {
  const { p, form } = flow;
  // An unknown step (after an error found at 申込) opens the first screen with a problem.
  const steps = planSteps(form, flow.mode, answersFromInputs(form.fields, state.inputs));
  const step = steps.some((s) => s.key === state.step) ? state.step : (steps.find((s) => s.fields.some((f) => state.errors[f.id])) ?? steps[0])?.key ?? '';
  const props: FormIslandProps = {
    lang: p.lang,
    form: { id: form.id, fields: [...form.fields], pages: [...form.pages] },
    ...(flow.extra ? { extra: flow.extra } : {}),
    mode: flow.mode,
    action: flow.action,
    hidden: { _csrf: p.csrf(), ...flow.hidden },
    inputs: state.inputs,
    step,
    errors: state.errors,
    validator: validatorUrl(p, form),
    primary: flow.primary,
    ...(flow.backHref ? { backHref: flow.backHref } : {}),
    ...(flow.backPosts ? { backPosts: true } : {}),
  };
  return <Island name="form" component={FormIsland} props={props} />;
}

/** Rows of the answers as they will be stored (visible fields only). */
export function AnswerRows({ form, answers, lang }: { form: CompiledForm; answers: Answers; lang: Lang }) {
  return (
    <>
      {visibleFields(form.fields, answers).map((f) => (
        <tr>
          <th scope="row">{fieldLabel(f, lang)}</th>
          <td>{displayValue(f, answers[f.id], lang)}</td>
        </tr>
      ))}
    </>
  );
}

export function ReviewForm({ flow, inputs, confirm, extraHidden = {} }: { flow: Flow; inputs: Inputs; confirm: TextKey; extraHidden?: Record<string, string> }) {
  const { p } = flow;
  return (
    <form method="post" action={flow.action} class="form">
      <HiddenInputs values={{ _csrf: p.csrf(), ...flow.hidden, ...extraHidden, mode: flow.mode, step: REVIEW }} />
      <HiddenInputs values={inputs} />
      <div class="actions">
        <button type="submit" name="action" value="confirm" class="button button-primary">
          {t(p.lang, confirm)}
        </button>
        <button type="submit" name="action" value="back" class="button button-secondary">
          {t(p.lang, 'back')}
        </button>
      </div>
    </form>
  );
}
