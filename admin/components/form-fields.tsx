// The staff version of a reservation form: renders the compiled form block's
// fields (service.form.fields) with staff requiredness (requiredStaff). Fields
// whose visibleIf does not hold are not shown, as on the resident form (the
// server drops their answers). The server validates with audience 'staff'; its
// issues are shown beside each field.
import { normalizeAnswers, visibleFields } from '../../blocks/form/answers';
import type { FormField } from '../../blocks/form/fields';
import { ruleHolds } from '../../engine/rules';
import { L, lang, type Issue } from '../api';
import { locationText } from '../../engine/runtime/display';

/** A form field as the admin API sends it: the compiled form block's own field. */
export type FormFieldDef = FormField;

export type Answers = Record<string, unknown>;

const INPUT_TYPE: Record<string, string> = { email: 'email', phone: 'tel', date: 'date', birthdate: 'date', time: 'time', number: 'number', 'postal-code': 'text' };

/** The fields the current answers show (visibleIf), and whether each is required for staff now (requiredIf). */
export function shownFields(fields: readonly FormFieldDef[], answers: Answers): { field: FormFieldDef; required: boolean }[] {
  const normalised = normalizeAnswers(fields, answers);
  const data = { answers: normalised };
  return visibleFields(fields, normalised).map((f) => ({
    field: f,
    required: Boolean(f.requiredStaff ?? f.required) || (f.requiredIf !== undefined && ruleHolds(f.requiredIf, data)),
  }));
}

const CHOICE_TYPES = new Set(['radio', 'select', 'checkboxes']);

/** Required fields (for staff, as shown now) left empty: checked before 確認へ, located at /answers/<id>. */
export function missingAnswers(fields: readonly FormFieldDef[], answers: Answers): Issue[] {
  const normalised = normalizeAnswers(fields, answers);
  return shownFields(fields, answers)
    .filter(({ field, required }) => required && normalised[field.id] === undefined)
    .map(({ field: f }) => ({
      path: `/answers/${f.id}`,
      code: CHOICE_TYPES.has(f.type) ? 'answer.required_choice' : 'answer.required',
      message: CHOICE_TYPES.has(f.type) ? L(`「${f.label}」を選んでください。`, `Please choose "${f.labelEn ?? f.label}".`) : L(`「${f.label}」を入力してください。`, `Please enter "${f.labelEn ?? f.label}".`),
    }));
}

export function StaffForm({ fields, answers, onChange, issues }: { fields: FormFieldDef[]; answers: Answers; onChange: (a: Answers) => void; issues: Issue[] }) {
  const set = (id: string, v: unknown) => onChange({ ...answers, [id]: v });
  return (
    <div class="staff-form">
      {shownFields(fields, answers).map(({ field: f, required }) => {
        const id = `ans-${f.id}`;
        const label = L(f.label, f.labelEn ?? f.label);
        const issue = issues.find((i) => i.path === `/answers/${f.id}`);
        const v = answers[f.id];
        const optLabel = (o: { label: string; labelEn?: string }) => L(o.label, o.labelEn ?? o.label);
        let control;
        if (f.type === 'radio' || f.type === 'checkboxes') {
          const multi = f.type === 'checkboxes';
          const list = Array.isArray(v) ? (v as string[]) : [];
          control = (
            <fieldset class="choices" aria-labelledby={`${id}-label`}>
              {(f.options ?? []).map((o) => (
                <label key={o.value} class="choice">
                  <input
                    type={multi ? 'checkbox' : 'radio'}
                    name={id}
                    value={o.value}
                    checked={multi ? list.includes(o.value) : v === o.value}
                    onChange={(e) => {
                      const on = (e.target as HTMLInputElement).checked;
                      set(f.id, multi ? (on ? [...list, o.value] : list.filter((x) => x !== o.value)) : o.value);
                    }}
                  />
                  {optLabel(o)}
                </label>
              ))}
            </fieldset>
          );
        } else if (f.type === 'select') {
          control = (
            <select id={id} value={(v as string) ?? ''} onChange={(e) => set(f.id, (e.target as HTMLSelectElement).value || undefined)}>
              <option value="">{L('選択してください', 'Choose')}</option>
              {(f.options ?? []).map((o) => (
                <option key={o.value} value={o.value}>
                  {optLabel(o)}
                </option>
              ))}
            </select>
          );
        } else if (f.type === 'consent') {
          control = (
            <label class="choice">
              <input id={id} type="checkbox" checked={v === true} onChange={(e) => set(f.id, (e.target as HTMLInputElement).checked || undefined)} />
              {L('確認済み', 'Confirmed')}
            </label>
          );
        } else if (f.type === 'location') {
          // Staff type the address the caller gives; a point the resident shared is kept unless the address is cleared.
          const loc = (v && typeof v === 'object' ? v : {}) as { address?: string; lat?: number; lng?: number };
          control = (
            <input
              id={id}
              type="text"
              autoComplete="off"
              value={loc.address ?? ''}
              onInput={(e) => {
                const address = (e.target as HTMLInputElement).value;
                set(f.id, address.trim() === '' ? undefined : { ...loc, address });
              }}
            />
          );
        } else if (f.type === 'textarea') {
          control = <textarea id={id} value={(v as string) ?? ''} onInput={(e) => set(f.id, (e.target as HTMLTextAreaElement).value)} />;
        } else {
          control = (
            <input
              id={id}
              type={INPUT_TYPE[f.type] ?? 'text'}
              value={v === undefined || v === null ? '' : String(v)}
              onInput={(e) => {
                const s = (e.target as HTMLInputElement).value;
                set(f.id, f.type === 'number' && s !== '' && !Number.isNaN(Number(s)) ? Number(s) : s);
              }}
            />
          );
        }
        return (
          <div class={`field${issue ? ' invalid' : ''}`} key={f.id}>
            <label id={`${id}-label`} for={id}>
              {label}
              {required && <span class="req">{L('必須', 'required')}</span>}
            </label>
            {control}
            {f.help && <small class="hint">{f.help}</small>}
            {issue && <p class="field-error">{issue.message}</p>}
          </div>
        );
      })}
    </div>
  );
}

/** Answers as the confirmation screen shows them. */
export function answerLabel(f: FormFieldDef, v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  const opt = (x: unknown) => {
    const o = f.options?.find((o) => o.value === x);
    return o ? L(o.label, o.labelEn ?? o.label) : String(x);
  };
  if (Array.isArray(v)) return v.map(opt).join('、');
  if (typeof v === 'boolean') return v ? L('はい', 'Yes') : L('いいえ', 'No');
  if (f.type === 'location' && typeof v === 'object') return locationText(v, lang.value === 'en' ? 'en' : 'ja');
  return opt(v);
}
