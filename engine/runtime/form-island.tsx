// One form definition, two renderings: classic (a page of questions per screen)
// and conversational (one question per screen, back, a summary before 申込).
// Rendered on the server first; hydrated, it validates as the resident types and
// the conversational mode moves between questions without a round trip.
import { useEffect, useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { TextKey } from './i18n';
import { pick, t, type Lang } from './i18n';
import { ErrorSummary } from './error-summary';
import { firstControlId, type RuntimeField } from './field-props';
import { HiddenInputs } from './hidden-inputs';
import { inputName, namesOf, type Inputs } from './inputs';
import { FormModel, type FormModelInstance } from './model';
import { Field } from './renderers';
import type { FormDef, Mode } from './steps';
import { ChatLog, ChatSummary, SUMMARY } from './chat-parts';

export interface FormIslandProps {
  lang: Lang;
  form: FormDef;
  /** Page-only fields on the first screen (passwords); validated by the server only. */
  extra?: RuntimeField[];
  mode: Mode;
  action: string;
  /** Context posted with every screen (_csrf, slot, idempotency key …). */
  hidden: Record<string, string>;
  inputs: Inputs;
  step: string;
  errors: Record<string, string>;
  /** URL of the form's standalone validation module. */
  validator: string;
  primary: TextKey;
  /** Where 戻る leads on the first screen (later screens post action=back). */
  backHref?: string;
  /** The first screen's 戻る posts action=back too (the page decides where it leads). */
  backPosts?: boolean;
}

export default function FormIsland(props: FormIslandProps) {
  const model = useMemo(() => new FormModel(props), []);
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { lang } = props;

  useEffect(() => {
    // What was typed before the script ran (a slow phone network) is the resident's: the island takes it
    // over, or its first re-render would draw the server's values (often empty) over it.
    const form = formRef.current;
    if (form) {
      const typed = typedInputs(form, [...(model.step.value?.fields ?? []).flatMap(namesOf), ...(props.extra ?? []).map((f) => inputName(f.id))], model.inputs.value);
      if (Object.keys(typed).length) model.inputs.value = { ...model.inputs.value, ...typed };
    }
    model.enhanced.value = true;
    import(props.validator).then(
      (m: { default: FormModelInstance['check']['value'] }) => (model.check.value = m.default),
      () => undefined, // the server validates anyway
    );
  }, []);

  const chat = props.mode === 'chat';
  const steps = model.steps.value;
  const key = model.stepKey.value;
  const index = steps.findIndex((s) => s.key === key);
  const step = model.step.value;
  const first = index <= 0;
  const errors = [...model.stepErrors.value, ...(first ? (props.extra ?? []).filter((f) => props.errors[f.id] && !model.edited.value[f.id]).map((f) => ({ f, message: props.errors[f.id] })) : [])];

  const moved = useRef(false);
  // 修正する from the summary: after that answer, back to the summary, not through the rest again.
  const editing = useRef(false);
  useLayoutEffect(() => {
    // After a local move (conversational), put the keyboard on the new question; never on page load.
    if (!moved.current) return;
    moved.current = false;
    const target = key === SUMMARY ? document.getElementById('summary-title') : step && document.getElementById(firstControlId(step.fields[0]));
    target?.focus();
  }, [key]);

  const onSubmit = (e: Event) => {
    const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    const act = submitter?.value;
    if (act === 'next') {
      if (!model.tryLeave()) {
        e.preventDefault();
        summaryRef.current?.focus();
        return;
      }
      if (chat) {
        e.preventDefault();
        moved.current = true;
        model.goTo(editing.current ? model.nextUnanswered(index) : steps[index + 1]?.key ?? SUMMARY);
        editing.current = false;
      }
    } else if (act === 'back' && chat && index > 0) {
      e.preventDefault();
      moved.current = true;
      model.goTo(steps[index - 1].key);
    }
  };

  if (chat && key === SUMMARY) return <ChatSummary {...props} model={model} onEdit={(k, edit) => ((moved.current = true), (editing.current = edit), model.goTo(k))} />;

  // Page-only fields (passwords) are never carried as hidden inputs.
  const stepNames = new Set([...(step?.fields ?? []).flatMap(namesOf), ...(props.extra ?? []).map((f) => inputName(f.id))]);
  const shown = new Set(model.shown.value.map((f) => f.id));
  return (
    <form ref={formRef} method="post" action={props.action} noValidate class="form" onSubmit={onSubmit} data-enhanced={model.enhanced.value ? 'true' : undefined}>
      <ErrorSummary lang={lang} errors={errors} innerRef={summaryRef} />
      {chat && <ChatLog {...props} model={model} upTo={index} />}
      {chat ? (
        <p class="progress">{t(lang, 'question', { i: index + 1, n: steps.length })}</p>
      ) : (
        props.form.pages.length > 1 && step?.title && <h2 class="step-title">{pick(lang, step.title, step.titleEn)}</h2>
      )}
      <HiddenInputs values={props.hidden} />
      <input type="hidden" name="step" value={key} />
      <input type="hidden" name="mode" value={props.mode} />
      <HiddenInputs values={model.inputs.value} skip={stepNames} />
      <div class={chat ? 'question' : 'fields'}>
        {step?.fields.map((f) => (
          <Field f={f} lang={lang} inputs={model.inputs.value} error={model.errorOf(f.id)} hidden={!shown.has(f.id)} set={model.set} blur={model.blur} />
        ))}
        {first &&
          props.extra?.map((f) => (
            <Field f={f} lang={lang} inputs={model.inputs.value} error={model.edited.value[f.id] ? undefined : props.errors[f.id]} set={model.set} blur={model.blur} />
          ))}
      </div>
      <div class="actions">
        <button type="submit" name="action" value="next" class="button button-primary">
          {t(lang, index < steps.length - 1 ? 'next' : props.primary)}
        </button>
        {first && props.backHref ? (
          <a class="button button-secondary" href={props.backHref}>
            {t(lang, 'back')}
          </a>
        ) : (
          (!first || props.backPosts) && (
            <button type="submit" name="action" value="back" class="button button-secondary">
              {t(lang, 'back')}
            </button>
          )
        )}
      </div>
    </form>
  );
}

/** The controls' values that differ from the model's, read as the server reads a post (one value, or a list). */
function typedInputs(form: HTMLFormElement, names: readonly string[], current: Inputs): Inputs {
  const data = new FormData(form);
  const out: Inputs = {};
  for (const name of names) {
    if (!form.elements.namedItem(name)) continue;
    const all = data.getAll(name).filter((v): v is string => typeof v === 'string');
    const cur = current[name];
    const value = all.length > 1 || Array.isArray(cur) ? all : (all[0] ?? '');
    if (JSON.stringify(value) !== JSON.stringify(cur ?? (Array.isArray(value) ? [] : ''))) out[name] = value;
  }
  return out;
}
