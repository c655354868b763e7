// The form designer's model: questions as a clerk thinks of them (a label, a kind
// of answer chosen by its Japanese name, choices, 「『相談内容』が『その他』のとき表示」)
// and the form block fields they become (ids from labels, JSON Logic conditions).
// Conditions the designer can say are read back from JSON Logic, so the raw editor
// shows them in words too.
import { choiceSlug, fieldSlug, uniqueId } from './slug';

export type FieldType =
  | 'text' | 'textarea' | 'number' | 'radio' | 'select' | 'checkboxes' | 'date' | 'time'
  | 'email' | 'phone' | 'postal-code' | 'furigana' | 'birthdate' | 'consent';

/** Field types by their Japanese names, in the order the designer offers them. */
export const FIELD_TYPES: { type: FieldType; ja: string; en: string; help: string }[] = [
  { type: 'text', ja: '1行テキスト', en: 'Single-line text', help: '氏名・団体名など短い文字' },
  { type: 'textarea', ja: '複数行テキスト', en: 'Multi-line text', help: 'ご相談の内容など長い文章' },
  { type: 'furigana', ja: 'ふりがな', en: 'Furigana', help: 'ひらがなでも入力でき、カタカナで記録します' },
  { type: 'phone', ja: '電話番号', en: 'Phone number', help: 'ハイフンや全角の数字も受け付けます' },
  { type: 'email', ja: 'メールアドレス', en: 'Email address', help: '予約の確認メールの宛先にもなります' },
  { type: 'postal-code', ja: '郵便番号', en: 'Postal code', help: '〒やハイフンも受け付けます' },
  { type: 'birthdate', ja: '生年月日', en: 'Date of birth', help: '和暦・西暦のどちらでも入力できます' },
  { type: 'number', ja: '数値', en: 'Number', help: '人数・年齢など' },
  { type: 'radio', ja: 'ひとつ選ぶ', en: 'Choose one (buttons)', help: '選択肢をボタンで並べ、1つ選んでもらいます' },
  { type: 'select', ja: 'ひとつ選ぶ（一覧から）', en: 'Choose one (list)', help: '選択肢が多いときの一覧' },
  { type: 'checkboxes', ja: 'いくつでも選ぶ', en: 'Choose any', help: 'あてはまるものをすべて選んでもらいます' },
  { type: 'date', ja: '日付', en: 'Date', help: '' },
  { type: 'time', ja: '時刻', en: 'Time', help: '' },
  { type: 'consent', ja: '同意（チェック）', en: 'Consent (tick)', help: '注意事項などに同意してもらいます' },
];
export const fieldTypeJa = (t: string) => FIELD_TYPES.find((x) => x.type === t)?.ja ?? t;
export const fieldTypeEn = (t: string) => FIELD_TYPES.find((x) => x.type === t)?.en ?? t;
export const CHOICE_TYPES: readonly FieldType[] = ['radio', 'select', 'checkboxes'];
const PERSONAL: readonly FieldType[] = ['furigana', 'phone', 'email', 'postal-code', 'birthdate'];

/** 「『相談内容』が『その他』のとき表示」: `field` and `choice` are keys of the designer's own rows. */
export interface Condition {
  field: string;
  choice: string;
}

export interface DesignChoice {
  key: string;
  label: string;
}

export interface DesignField {
  /** Stable key of the row in the designer (never shown, never an id). */
  key: string;
  type: FieldType;
  label: string;
  help: string;
  required: boolean;
  choices: DesignChoice[];
  /** text / textarea: the longest answer. */
  maxLength?: number;
  /** number: the range and whether whole numbers only. */
  min?: number;
  max?: number;
  /** birthdate: the calendar offered first. */
  era?: 'japanese' | 'western';
  /** Personal data (viewing it is logged). */
  personal: boolean;
  condition?: Condition;
}

/** Which options of a question make sense for its type (no 最低選択数 on a name). */
export const OPTIONS_FOR: Record<'choices' | 'maxLength' | 'range' | 'era', readonly FieldType[]> = {
  choices: CHOICE_TYPES,
  maxLength: ['text', 'textarea'],
  range: ['number'],
  era: ['birthdate'],
};
export const shows = (opt: keyof typeof OPTIONS_FOR, t: FieldType) => OPTIONS_FOR[opt].includes(t);

// Keys survive a reload (the wizard keeps its answers in sessionStorage), so they are not a plain counter.
let seq = 0;
const run = Math.floor(Math.random() * 36 ** 4).toString(36);
export const newKey = (p = 'k') => `${p}${run}${++seq}`;

export function newField(type: FieldType, label = '', extra: Partial<DesignField> = {}): DesignField {
  return {
    key: newKey('f'),
    type,
    label,
    help: '',
    required: true,
    choices: CHOICE_TYPES.includes(type) ? [{ key: newKey('c'), label: '' }] : [],
    personal: PERSONAL.includes(type),
    ...extra,
  };
}

/** よく使う項目: one click each. */
export const PRESETS: { ja: string; en: string; make(): DesignField }[] = [
  { ja: '氏名', en: 'Name', make: () => newField('text', '氏名', { maxLength: 50, personal: true }) },
  { ja: 'ふりがな', en: 'Furigana', make: () => newField('furigana', 'ふりがな') },
  { ja: '電話番号', en: 'Phone', make: () => newField('phone', '電話番号') },
  { ja: 'メールアドレス', en: 'Email', make: () => newField('email', 'メールアドレス', { required: false }) },
  { ja: '郵便番号', en: 'Postal code', make: () => newField('postal-code', '郵便番号') },
  { ja: '住所', en: 'Address', make: () => newField('text', '住所', { maxLength: 200, personal: true }) },
  { ja: '生年月日', en: 'Date of birth', make: () => newField('birthdate', '生年月日', { era: 'japanese' }) },
  { ja: '人数', en: 'Party size', make: () => newField('number', '人数', { min: 1, max: 10 }) },
];

/** Ids for every question and value for every choice, from their labels (unique, ASCII). */
export function designIds(fields: readonly DesignField[]): { fields: Map<string, string>; choices: Map<string, string> } {
  const ids = new Map<string, string>();
  const values = new Map<string, string>();
  const taken = new Set<string>(Object.getOwnPropertyNames(Object.prototype));
  fields.forEach((f, i) => {
    const id = uniqueId(fieldSlug(f.label, `q${i + 1}`), taken, '');
    taken.add(id);
    ids.set(f.key, id);
    const used = new Set<string>();
    f.choices.forEach((c, j) => {
      const v = uniqueId(choiceSlug(c.label, `c${j + 1}`), used);
      used.add(v);
      values.set(c.key, v);
    });
  });
  return { fields: ids, choices: values };
}

/** The JSON Logic of a condition: equality for one choice, membership for いくつでも選ぶ. */
export function conditionRule(fieldId: string, value: string, multiple: boolean): unknown {
  const v = { var: `answers.${fieldId}` };
  return multiple ? { in: [value, v] } : { '==': [v, value] };
}

/** A rule the designer can say in words, read back: { field id, value } or undefined. */
export function readCondition(rule: unknown): { field: string; value: string } | undefined {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return undefined;
  const [op, args] = Object.entries(rule as Record<string, unknown>)[0] ?? [];
  if (!Array.isArray(args) || args.length !== 2 || Object.keys(rule as object).length !== 1) return undefined;
  const varOf = (x: unknown) => (x && typeof x === 'object' && typeof (x as { var?: unknown }).var === 'string' ? ((x as { var: string }).var as string) : undefined);
  let name: string | undefined;
  let value: unknown;
  if (op === '==' || op === '===') {
    name = varOf(args[0]) ?? varOf(args[1]);
    value = varOf(args[0]) ? args[1] : args[0];
  } else if (op === 'in') {
    name = varOf(args[1]);
    value = args[0];
  }
  if (!name?.startsWith('answers.') || typeof value !== 'string') return undefined;
  return { field: name.slice('answers.'.length), value };
}

/** 「『相談内容』が『その他』のとき表示」, from the form's own labels. */
export function conditionWords(rule: unknown, fields: readonly { id: string; label: string; options?: { value: string; label: string }[] }[], what = '表示'): string | undefined {
  const c = readCondition(rule);
  if (!c) return undefined;
  const f = fields.find((x) => x.id === c.field);
  if (!f) return undefined;
  const choice = f.options?.find((o) => o.value === c.value)?.label ?? c.value;
  return `「${f.label}」が「${choice}」のとき${what}`;
}

/** The form block's fields for the designer's questions. */
export function formFields(fields: readonly DesignField[]): Record<string, unknown>[] {
  const { fields: ids, choices } = designIds(fields);
  return fields.map((f) => {
    const out: Record<string, unknown> = { id: ids.get(f.key)!, type: f.type, label: f.label.trim() };
    if (f.help.trim()) out.help = f.help.trim();
    if (f.required || f.type === 'consent') out.required = true;
    if (shows('choices', f.type)) out.options = f.choices.map((c) => ({ value: choices.get(c.key)!, label: c.label.trim() }));
    if (shows('maxLength', f.type) && f.maxLength !== undefined) out.maxLength = f.maxLength;
    if (shows('range', f.type)) {
      out.integer = true;
      if (f.min !== undefined) out.min = f.min;
      if (f.max !== undefined) out.max = f.max;
    }
    if (shows('era', f.type) && f.era) out.era = f.era;
    if (f.personal) out.pii = true;
    const on = f.condition && fields.find((x) => x.key === f.condition!.field);
    if (on && f.condition) {
      // A hidden field is never required; shown, it is required when 必須 is ticked.
      out.visibleIf = conditionRule(ids.get(on.key)!, choices.get(f.condition.choice) ?? '', on.type === 'checkboxes');
    }
    return out;
  });
}

/** Problems a clerk can fix in the designer, in words. */
export function designProblems(fields: readonly DesignField[]): { key: string; where: string; ja: string; en: string }[] {
  const out: { key: string; where: string; ja: string; en: string }[] = [];
  if (fields.length === 0) out.push({ key: '', where: 'fields', ja: '質問を1つ以上追加してください（例: 氏名）。', en: 'Add at least one question.' });
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    const name = f.label.trim() ? `「${f.label.trim()}」` : `${i + 1}番目の質問`;
    if (!f.label.trim()) out.push({ key: f.key, where: 'label', ja: `${i + 1}番目の質問の項目名を書いてください（例: ご相談の内容）。`, en: `Question ${i + 1}: write its label.` });
    else if (seen.has(f.label.trim())) out.push({ key: f.key, where: 'label', ja: `${name}が2つあります。項目名を変えてください。`, en: `${f.label}: two questions share this label.` });
    seen.add(f.label.trim());
    if (shows('choices', f.type)) {
      if (!f.choices.some((c) => c.label.trim())) out.push({ key: f.key, where: 'choices', ja: `${name}の選択肢を1つ以上書いてください（例: その他）。`, en: `${f.label}: add at least one choice.` });
      else if (f.choices.some((c) => !c.label.trim())) out.push({ key: f.key, where: 'choices', ja: `${name}に空の選択肢があります。書くか削除してください。`, en: `${f.label}: a choice is empty.` });
      const labels = f.choices.map((c) => c.label.trim()).filter(Boolean);
      if (new Set(labels).size !== labels.length) out.push({ key: f.key, where: 'choices', ja: `${name}に同じ選択肢が2つあります。`, en: `${f.label}: two choices are the same.` });
    }
    if (f.condition) {
      const on = fields.findIndex((x) => x.key === f.condition!.field);
      if (on < 0 || on >= i || !fields[on]!.choices.some((c) => c.key === f.condition!.choice))
        out.push({ key: f.key, where: 'condition', ja: `${name}の表示条件に使う質問と選択肢を、この質問より前から選び直してください。`, en: `${f.label}: choose the condition again from an earlier question.` });
    }
    if (shows('range', f.type) && f.min !== undefined && f.max !== undefined && f.min > f.max)
      out.push({ key: f.key, where: 'max', ja: `${name}の最大値は最小値以上にしてください（例: 1〜10）。`, en: `${f.label}: the maximum must not be below the minimum.` });
  });
  return out;
}
