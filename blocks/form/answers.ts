// Validates a submission against a compiled form: normalise → drop hidden
// fields → schema check → (conditional) requiredness. Issues are located at
// /answers/<field> and name the field in the message. Browser-safe: the resident
// runtime runs this same function with the form's standalone ajv check.
import type { ValidateFunction } from 'ajv';
import type { Issue } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { ruleHolds } from '../../engine/rules';
import type { CharType, FormField } from './fields';
import { isRealDate, normalizePhone, normalizePostalCode, parseJapaneseDate, toKatakana } from './normalize';

export type Audience = 'resident' | 'staff';
export type Answers = Record<string, unknown>;
export type AnswersResult = { ok: true; value: Answers } | { ok: false; issues: Issue[] };

const HINTS: Partial<Record<FormField['type'], [string, string]>> = {
  phone: ['例: 090-1234-5678（数字とハイフン）', 'e.g. 090-1234-5678'],
  'postal-code': ['例: 123-4567（7桁）', 'e.g. 123-4567 (7 digits)'],
  email: ['例: taro@example.jp', 'e.g. taro@example.jp'],
  date: ['例: 2026年4月1日（実在する日付）', 'e.g. 2026-04-01 (a real date)'],
  birthdate: ['例: 昭和55年6月10日 または 1980年6月10日（実在する日付）', 'e.g. 1980-06-10 or 昭和55年6月10日 (a real date)'],
  time: ['例: 09:30', 'e.g. 09:30'],
  furigana: ['カタカナまたはひらがなで入力してください', 'Use katakana or hiragana'],
  location: ['例: さくらみなと市本町1-2-3（住所を入力してください）', 'e.g. 1-2-3 Honcho, Sakuraminato (type the address)'],
};

function normalizeValue(f: FormField, v: unknown): unknown {
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return undefined;
    switch (f.type) {
      case 'phone':
        return normalizePhone(t);
      case 'postal-code':
        return normalizePostalCode(t);
      case 'furigana':
        return toKatakana(t);
      case 'email':
        // Full-width ＠ and letters typed on a Japanese keyboard become ASCII.
        return t.normalize('NFKC').replace(/@(.*)$/, (_m, d: string) => `@${d.toLowerCase()}`);
      case 'number': {
        const n = toHalfWidth(t);
        return /^-?\d+(\.\d+)?$/.test(n) ? Number(n) : t;
      }
      case 'date':
      case 'birthdate':
        // 和暦 and Japanese notations become ISO; anything else is left for the format check to refuse.
        return parseJapaneseDate(t) ?? t;
      case 'consent':
        return t === 'true' || t === 'on' || t === 'yes' ? true : t;
      case 'location':
        // An API client may send the address alone.
        return { address: t };
      case 'text':
      case 'textarea':
        // Names and free text are kept exactly as typed; coded values (IDs, digits) are trimmed and width-folded.
        if (f.charType === 'digits') return toHalfWidth(t);
        if (f.charType === 'alphanumeric') return t.normalize('NFKC');
        return v;
      default:
        return t;
    }
  }
  if (Array.isArray(v) && v.length === 0) return undefined;
  if (f.type === 'location' && v !== null && typeof v === 'object' && !Array.isArray(v)) return normalizeLocation(v as Record<string, unknown>);
  return v;
}

/** An address trimmed, and a point only when both halves are numbers (typed in full width too); nothing at all is unanswered. */
function normalizeLocation(v: Record<string, unknown>): unknown {
  const address = typeof v.address === 'string' ? v.address.trim() : v.address;
  const num = (x: unknown) => (typeof x === 'number' ? x : typeof x === 'string' && /^-?\d+(\.\d+)?$/.test(toHalfWidth(x.trim())) ? Number(toHalfWidth(x.trim())) : undefined);
  const lat = num(v.lat);
  const lng = num(v.lng);
  const point = lat !== undefined && lng !== undefined ? { lat, lng } : {};
  if ((address === '' || address === undefined) && !('lat' in point)) return undefined;
  // Keys other than these three stay, for the schema to refuse them by name.
  const rest = Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'address' && k !== 'lat' && k !== 'lng'));
  return { ...rest, ...(address === '' || address === undefined ? {} : { address }), ...point };
}

const toHalfWidth = (s: string) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[－ー−]/g, '-').replace(/．/g, '.');

const CHARS: Record<CharType, [string, string]> = {
  digits: ['半角数字', 'digits'],
  alphanumeric: ['半角英数字', 'letters and digits'],
  katakana: ['カタカナ', 'katakana'],
  hiragana: ['ひらがな', 'hiragana'],
};

const CHOICE = new Set<FormField['type']>(['radio', 'select', 'checkboxes']);
const labels = (f: FormField) => ({ label: f.label, labelEn: f.labelEn ?? f.label });

interface FieldIndex {
  byId: Map<string, FormField>;
  /** Whether any field has a visibleIf or requiredIf (otherwise no condition data is built). */
  conditional: boolean;
}
/** Whether any field has a visibleIf or requiredIf: only then are rules evaluated (and, in the browser, json-logic-js fetched). */
export const hasConditions = (fields: readonly FormField[]): boolean => fields.some((f) => f.visibleIf !== undefined || f.requiredIf !== undefined);

// Per compiled form (its fields array), not per submission: this runs on every booking.
const indexes = new WeakMap<readonly FormField[], FieldIndex>();
function indexOf(fields: readonly FormField[]): FieldIndex {
  let ix = indexes.get(fields);
  if (!ix) {
    ix = { byId: new Map(fields.map((f) => [f.id, f])), conditional: hasConditions(fields) };
    indexes.set(fields, ix);
  }
  return ix;
}

/** Today in Japan (a birthdate is a day there), for refusing birthdates in the future. */
const todayInJapan = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

export function validateAnswers(fields: readonly FormField[], check: ValidateFunction, input: unknown, audience: Audience, today = todayInJapan()): AnswersResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, issues: [makeIssue('/answers', 'answer.not_object')] };
  }
  const issues: Issue[] = [];
  const { byId, conditional } = indexOf(fields);
  const raw = input as Record<string, unknown>;
  // A plain object (a null-prototype one is a slow dictionary in V8): only known field
  // ids are written, and the form block refuses ids that Object.prototype already has.
  const value: Answers = {};
  for (const key of Object.keys(raw)) {
    const f = byId.get(key);
    if (!f) {
      issues.push(makeIssue(`/answers/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, 'answer.unknown_field', { field: key }));
      continue;
    }
    const v = normalizeValue(f, raw[key]);
    if (v !== undefined) value[key] = v;
  }
  // Conditions see the normalised answers; hidden fields are dropped, never required.
  const data = conditional ? { answers: { ...value } } : undefined;
  const visible = data ? visibleIn(fields, data) : fields;
  if (visible.length !== fields.length) for (const f of fields) if (!visible.includes(f)) delete value[f.id];

  if (!check(value)) {
    for (const e of check.errors ?? []) {
      const id = e.instancePath.split('/')[1];
      const f = byId.get(id);
      if (!f) continue;
      const path = `/answers/${id}`;
      if (issues.some((i) => i.path === path)) continue;
      issues.push(answerIssue(f, e.keyword, path));
    }
  }
  for (const f of visible) {
    const needed = (audience === 'staff' ? f.requiredStaff ?? f.required : f.required) || (f.requiredIf !== undefined && data !== undefined && ruleHolds(f.requiredIf, data));
    const path = `/answers/${f.id}`;
    if (needed && value[f.id] === undefined && !issues.some((i) => i.path === path)) {
      const code = f.type === 'consent' ? 'answer.consent' : CHOICE.has(f.type) ? 'answer.required_choice' : 'answer.required';
      issues.push(makeIssue(path, code, labels(f)));
    }
    if ((f.type === 'date' || f.type === 'birthdate') && typeof value[f.id] === 'string' && !isRealDate(value[f.id] as string) && !issues.some((i) => i.path === path)) {
      issues.push(answerIssue(f, 'format', path));
    }
    if (f.type === 'birthdate' && typeof value[f.id] === 'string' && (value[f.id] as string) > today && !issues.some((i) => i.path === path)) {
      issues.push(makeIssue(path, 'answer.future_date', labels(f)));
    }
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, value };
}

/** Fields whose visibleIf holds for the (normalised) answers. */
export function visibleFields(fields: readonly FormField[], normalised: Answers): readonly FormField[] {
  return visibleIn(fields, { answers: { ...normalised } });
}

function visibleIn(fields: readonly FormField[], data: { answers: Answers }): readonly FormField[] {
  let out: FormField[] | undefined;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const shown = f.visibleIf === undefined || ruleHolds(f.visibleIf, data);
    // Most forms show every field: the array is copied only from the first hidden one.
    if (!shown && !out) out = fields.slice(0, i);
    else if (shown && out) out.push(f);
  }
  return out ?? fields;
}

/** The answers as validation sees them (known fields only, normalised, blanks dropped). */
export function normalizeAnswers(fields: readonly FormField[], input: Answers): Answers {
  const out: Answers = {};
  for (const f of fields) {
    if (!Object.prototype.hasOwnProperty.call(input, f.id)) continue;
    const v = normalizeValue(f, input[f.id]);
    if (v !== undefined) out[f.id] = v;
  }
  return out;
}

function answerIssue(f: FormField, keyword: string, path: string): Issue {
  const [hint, hintEn] = HINTS[f.type] ?? ['', ''];
  const l = labels(f);
  switch (keyword) {
    case 'enum':
      return makeIssue(path, 'answer.choice', l);
    case 'maxLength':
      return makeIssue(path, 'answer.too_long', { ...l, limit: f.maxLength ?? 200 });
    case 'minLength':
      return makeIssue(path, 'answer.too_short', { ...l, limit: f.minLength ?? 0 });
    case 'minimum':
    case 'maximum':
      return makeIssue(path, 'answer.range', { ...l, min: f.min ?? '', max: f.max ?? '' });
    case 'minItems':
    case 'maxItems':
      return makeIssue(path, 'answer.count', { ...l, min: f.minItems ?? 0, max: f.maxItems ?? f.options?.length ?? '' });
    case 'const':
      return makeIssue(path, 'answer.consent', l);
    case 'pattern':
      if (f.charType) return makeIssue(path, 'answer.chars', { ...l, chars: CHARS[f.charType][0], charsEn: CHARS[f.charType][1] });
      return makeIssue(path, 'answer.format', { ...l, hint, hintEn });
    default:
      return makeIssue(path, 'answer.format', { ...l, hint, hintEn });
  }
}
