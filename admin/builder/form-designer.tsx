// The form designer: questions added from common ones or blank, reordered, their
// kind of answer chosen by its Japanese name, only the options that kind has,
// conditions chosen as 「『相談内容』が『その他』のとき表示」, and a preview of
// each question as residents will see it.
import { useEffect, useRef } from 'preact/hooks';
import { Field } from '../../engine/runtime/renderers';
import { L, lang } from '../api';
import { Check, NumberField, problemAt, TextField, type Problem } from './controls';
import { CHOICE_TYPES, FIELD_TYPES, fieldTypeEn, fieldTypeJa, formFields, newField, newKey, PRESETS, shows, type DesignField, type FieldType } from './form-design';

const move = <T,>(list: T[], i: number, d: number) => {
  const j = i + d;
  if (j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
};

export function FormDesigner({ fields, onChange, problems }: { fields: DesignField[]; onChange(f: DesignField[]): void; problems: Problem[] }) {
  const focusNext = useRef<string>('');
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = '';
  });
  const generated = formFields(fields);
  const set = (i: number, patch: Partial<DesignField>) => onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const add = (f: DesignField) => {
    focusNext.current = `wz-f-${f.key}-label`;
    onChange([...fields, f]);
  };
  const name = (f: DesignField, i: number) => f.label.trim() || L(`${i + 1}番目の質問`, `question ${i + 1}`);
  return (
    <div class="designer">
      {fields.length === 0 && <p class="notice">{L('まだ質問がありません。下のボタンで追加してください。', 'No questions yet; add them below.')}</p>}
      <ol class="questions">
        {fields.map((f, i) => {
          const at = (where: string) => problemAt(problems, `wz-f-${f.key}-${where}`);
          const earlier = fields.slice(0, i).filter((x) => CHOICE_TYPES.includes(x.type) && x.choices.some((c) => c.label.trim()));
          const cond = f.condition ? `${f.condition.field}|${f.condition.choice}` : '';
          return (
            <li key={f.key} class="question" data-testid="question">
              <div class="q-head">
                <h3>
                  {i + 1}. {name(f, i)} <small>（{L(fieldTypeJa(f.type), fieldTypeEn(f.type))}）</small>
                </h3>
                <div class="q-actions">
                  <button type="button" disabled={i === 0} onClick={() => onChange(move(fields, i, -1))} aria-label={L(`「${name(f, i)}」を上へ`, `Move ${name(f, i)} up`)}>
                    ↑ {L('上へ', 'Up')}
                  </button>
                  <button type="button" disabled={i === fields.length - 1} onClick={() => onChange(move(fields, i, 1))} aria-label={L(`「${name(f, i)}」を下へ`, `Move ${name(f, i)} down`)}>
                    ↓ {L('下へ', 'Down')}
                  </button>
                  <button type="button" class="danger" onClick={() => onChange(fields.filter((_, j) => j !== i))} aria-label={L(`「${name(f, i)}」を削除`, `Remove ${name(f, i)}`)}>
                    {L('削除', 'Remove')}
                  </button>
                </div>
              </div>
              <div class="q-body">
                <div class="q-edit">
                  <TextField id={`wz-f-${f.key}-label`} label={L('質問の見出し（項目名）', 'Label')} value={f.label} onValue={(v) => set(i, { label: v })} error={at('label')} placeholder={L('例: ご相談の内容', 'e.g. Topic')} />
                  <div class="field">
                    <label for={`wz-f-${f.key}-type`}>{L('答えの種類', 'Kind of answer')}</label>
                    <select
                      id={`wz-f-${f.key}-type`}
                      value={f.type}
                      aria-describedby={`wz-f-${f.key}-type-hint`}
                      onChange={(e) => {
                        const type = (e.currentTarget as HTMLSelectElement).value as FieldType;
                        set(i, { type, choices: CHOICE_TYPES.includes(type) && !f.choices.length ? [{ key: newKey('c'), label: '' }] : f.choices });
                      }}
                    >
                      {FIELD_TYPES.map((t) => (
                        <option key={t.type} value={t.type}>
                          {L(t.ja, t.en)}
                        </option>
                      ))}
                    </select>
                    <small id={`wz-f-${f.key}-type-hint`} class="hint">
                      {FIELD_TYPES.find((t) => t.type === f.type)?.help}
                    </small>
                  </div>
                  <Check id={`wz-f-${f.key}-required`} label={L('必ず答えてもらう（必須）', 'Required')} checked={f.required || f.type === 'consent'} onValue={(v) => set(i, { required: v })} />
                  <TextField id={`wz-f-${f.key}-help`} label={L('補足説明（任意）', 'Help (optional)')} value={f.help} onValue={(v) => set(i, { help: v })} placeholder={L('例: 日中に連絡のつく番号', 'e.g. a number we can reach in the daytime')} />
                  {shows('choices', f.type) && (
                    <fieldset class={`choices-edit${at('choices') ? ' invalid' : ''}`} aria-describedby={at('choices') ? `wz-f-${f.key}-choices-err` : undefined}>
                      <legend>{L('選択肢', 'Choices')}</legend>
                      <ol>
                        {f.choices.map((c, j) => {
                          const cid = j === 0 ? `wz-f-${f.key}-choices` : `wz-f-${f.key}-c-${c.key}`;
                          return (
                          <li key={c.key} class="inline">
                            <label for={cid} class="visually-hidden">
                              {L(`選択肢${j + 1}`, `Choice ${j + 1}`)}
                            </label>
                            <input
                              type="text"
                              id={cid}
                              value={c.label}
                              placeholder={L('例: その他', 'e.g. Other')}
                              onInput={(e) => set(i, { choices: f.choices.map((x) => (x.key === c.key ? { ...x, label: (e.currentTarget as HTMLInputElement).value } : x)) })}
                            />
                            <button type="button" disabled={j === 0} onClick={() => set(i, { choices: move(f.choices, j, -1) })} aria-label={L(`選択肢${j + 1}を上へ`, `Move choice ${j + 1} up`)}>
                              ↑
                            </button>
                            <button type="button" disabled={j === f.choices.length - 1} onClick={() => set(i, { choices: move(f.choices, j, 1) })} aria-label={L(`選択肢${j + 1}を下へ`, `Move choice ${j + 1} down`)}>
                              ↓
                            </button>
                            <button type="button" onClick={() => set(i, { choices: f.choices.filter((x) => x.key !== c.key) })} aria-label={L(`選択肢${j + 1}を削除`, `Remove choice ${j + 1}`)}>
                              {L('削除', 'Remove')}
                            </button>
                          </li>
                          );
                        })}
                      </ol>
                      <button
                        type="button"
                        onClick={() => {
                          const c = { key: newKey('c'), label: '' };
                          focusNext.current = `wz-f-${f.key}-c-${c.key}`;
                          set(i, { choices: [...f.choices, c] });
                        }}
                      >
                        ＋ {L('選択肢を追加', 'Add a choice')}
                      </button>
                      {at('choices') && (
                        <p id={`wz-f-${f.key}-choices-err`} class="error-text">
                          {at('choices')}
                        </p>
                      )}
                    </fieldset>
                  )}
                  {shows('maxLength', f.type) && (
                    <NumberField id={`wz-f-${f.key}-maxLength`} label={L('最大文字数（任意）', 'Maximum length (optional)')} unit={L('文字', 'characters')} value={f.maxLength ?? NaN} example="200" onValue={(v) => set(i, { maxLength: Number.isFinite(v) && v > 0 ? v : undefined })} />
                  )}
                  {shows('range', f.type) && (
                    <div class="inline">
                      <NumberField id={`wz-f-${f.key}-min`} label={L('いちばん小さい値', 'Minimum')} value={f.min ?? NaN} example="1" onValue={(v) => set(i, { min: Number.isFinite(v) ? v : undefined })} />
                      <NumberField id={`wz-f-${f.key}-max`} label={L('いちばん大きい値', 'Maximum')} value={f.max ?? NaN} example="10" error={at('max')} onValue={(v) => set(i, { max: Number.isFinite(v) ? v : undefined })} />
                    </div>
                  )}
                  {shows('era', f.type) && (
                    <div class="field">
                      <label for={`wz-f-${f.key}-era`}>{L('最初に表示する暦', 'Calendar shown first')}</label>
                      <select id={`wz-f-${f.key}-era`} value={f.era ?? 'japanese'} onChange={(e) => set(i, { era: (e.currentTarget as HTMLSelectElement).value as 'japanese' | 'western' })}>
                        <option value="japanese">{L('和暦（昭和・平成・令和）', 'Japanese era')}</option>
                        <option value="western">{L('西暦', 'Western')}</option>
                      </select>
                    </div>
                  )}
                  <Check id={`wz-f-${f.key}-personal`} label={L('個人情報として扱う（閲覧を記録します）', 'Personal data (views are logged)')} checked={f.personal} onValue={(v) => set(i, { personal: v })} />
                  <div class={`field${at('condition') ? ' invalid' : ''}`}>
                    <label for={`wz-f-${f.key}-condition`}>{L('この質問を表示するとき', 'When to show this question')}</label>
                    <select
                      id={`wz-f-${f.key}-condition`}
                      value={cond}
                      aria-describedby={at('condition') ? `wz-f-${f.key}-condition-err` : `wz-f-${f.key}-condition-hint`}
                      onChange={(e) => {
                        const v = (e.currentTarget as HTMLSelectElement).value;
                        const [field, choice] = v.split('|');
                        set(i, { condition: v ? { field: field!, choice: choice! } : undefined });
                      }}
                    >
                      <option value="">{L('いつも表示', 'Always')}</option>
                      {cond && !earlier.some((x) => x.key === f.condition!.field) && <option value={cond}>{L('（前の質問から選び直してください）', '(choose again)')}</option>}
                      {earlier.flatMap((x) =>
                        x.choices
                          .filter((c) => c.label.trim())
                          .map((c) => (
                            <option key={`${x.key}|${c.key}`} value={`${x.key}|${c.key}`}>
                              {L(`「${x.label}」が「${c.label}」のとき表示`, `When "${x.label}" is "${c.label}"`)}
                            </option>
                          )),
                      )}
                    </select>
                    {at('condition') ? (
                      <p id={`wz-f-${f.key}-condition-err`} class="error-text">
                        {at('condition')}
                      </p>
                    ) : (
                      <small id={`wz-f-${f.key}-condition-hint`} class="hint">
                        {earlier.length ? L('前の「ひとつ選ぶ」「いくつでも選ぶ」質問の答えで表示を切り替えられます。表示されないときは必須になりません。', 'Show only for an answer of an earlier choice question; hidden questions are never required.') : L('条件に使える選択式の質問が、この質問より前にありません。', 'No earlier choice question to depend on.')}
                      </small>
                    )}
                  </div>
                </div>
                <div class="q-preview" aria-label={L(`「${name(f, i)}」の見え方`, `Preview of ${name(f, i)}`)} role="group">
                  <p class="q-preview-title">{L('利用者にはこう見えます', 'Residents see')}</p>
                  {f.label.trim() ? (
                    <fieldset disabled class="b-preview-form">
                      <Field f={{ ...(generated[i] as any), id: `pv-${f.key}`, visibleIf: undefined }} lang={lang.value} inputs={{}} set={() => undefined} blur={() => undefined} />
                    </fieldset>
                  ) : (
                    <p class="hint">{L('項目名を書くと表示されます。', 'Shown once it has a label.')}</p>
                  )}
                </div>
              </div>
            </li>
          );
        })}
      </ol>
      <div class="q-add">
        <p id="wz-presets-label">{L('よく使う質問を追加:', 'Add a common question:')}</p>
        <div class="inline" role="group" aria-labelledby="wz-presets-label">
          {PRESETS.map((p) => (
            <button type="button" key={p.ja} onClick={() => add(p.make())}>
              ＋ {L(p.ja, p.en)}
            </button>
          ))}
        </div>
        <button type="button" class="primary" id="wz-fields" onClick={() => add(newField('text'))}>
          ＋ {L('質問を追加', 'Add a question')}
        </button>
      </div>
    </div>
  );
}
