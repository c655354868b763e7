// Pieces of the conversational rendering: the answers so far (as a chat log)
// and the summary screen before 申込.
import { normalizeAnswers } from '../../blocks/form/answers';
import { displayValue, fieldLabel } from './display';
import type { FormIslandProps } from './form-island';
import { HiddenInputs } from './hidden-inputs';
import { t } from './i18n';
import type { FormModelInstance } from './model';

export const SUMMARY = 'summary';

type Parts = FormIslandProps & { model: FormModelInstance };
/** edit: 修正する (come back here after it); otherwise 戻る (walk back through the questions). */
type SummaryProps = Parts & { onEdit(stepKey: string, edit: boolean): void };

export function ChatLog({ lang, form, model, upTo }: Parts & { upTo: number }) {
  const answers = normalizeAnswers(form.fields, model.answers.value);
  const done = model.steps.value.slice(0, Math.max(0, upTo)).flatMap((s) => s.fields);
  if (!done.length) return null;
  return (
    <ol class="chat-log">
      {done.map((f) => (
        <li class="chat-pair">
          <span class="chat-q">{fieldLabel(f, lang)}</span>
          <span class="chat-a">{displayValue(f, answers[f.id], lang)}</span>
        </li>
      ))}
    </ol>
  );
}

export function ChatSummary(props: SummaryProps) {
  const { lang, form, model } = props;
  const answers = normalizeAnswers(form.fields, model.answers.value);
  const steps = model.steps.value;
  return (
    <form method="post" action={props.action} class="form" data-enhanced="true">
      <h2 id="summary-title" tabIndex={-1} class="step-title">
        {t(lang, 'summary')}
      </h2>
      <p>{t(lang, 'summaryNote')}</p>
      <table class="summary">
        <tbody>
          {steps.flatMap((s) =>
            s.fields.map((f) => (
              <tr>
                <th scope="row">{fieldLabel(f, lang)}</th>
                <td>{displayValue(f, answers[f.id], lang)}</td>
                <td class="summary-edit">
                  <button type="button" class="button button-small" onClick={() => props.onEdit(s.key, true)}>
                    {t(lang, 'edit')}
                    <span class="visually-hidden">（{fieldLabel(f, lang)}）</span>
                  </button>
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      <HiddenInputs values={props.hidden} />
      <input type="hidden" name="mode" value="chat" />
      <input type="hidden" name="step" value={SUMMARY} />
      <HiddenInputs values={model.inputs.value} />
      <div class="actions">
        <button type="submit" name="action" value="confirm" class="button button-primary">
          {t(lang, props.primary === 'toConfirm' ? 'apply' : props.primary)}
        </button>
        <button type="button" class="button button-secondary" onClick={() => props.onEdit(steps[steps.length - 1]?.key ?? SUMMARY, false)}>
          {t(lang, 'back')}
        </button>
      </div>
    </form>
  );
}
