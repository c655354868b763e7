// Field definitions of the form block and the JSON Schema of their values.
// Browser-safe: the resident runtime renders from these types.

export type FieldType =
  | 'text' | 'textarea' | 'number' | 'radio' | 'select' | 'checkboxes' | 'date' | 'time'
  | 'email' | 'phone' | 'postal-code' | 'furigana' | 'birthdate' | 'consent' | 'location';

/** A location answer (home visits): the address as typed, and the point if the resident shared it (WGS84 degrees). */
export interface LocationValue {
  address: string;
  lat?: number;
  lng?: number;
}

/** Allowed characters of a text field (seed 001 入力文字). */
export type CharType = 'digits' | 'alphanumeric' | 'katakana' | 'hiragana';

export interface FieldOption {
  value: string;
  label: string;
  labelEn?: string;
}

export interface FormField {
  id: string;
  type: FieldType;
  label: string;
  labelEn?: string;
  help?: string;
  helpEn?: string;
  required?: boolean;
  requiredStaff?: boolean;
  options?: FieldOption[];
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  integer?: boolean;
  minItems?: number;
  maxItems?: number;
  visibleIf?: unknown;
  requiredIf?: unknown;
  pii?: boolean;
  /** text: a name with its furigana; the loader adds the furigana field right after it. */
  kana?: { id: string; label?: string; labelEn?: string; required?: boolean; requiredStaff?: boolean };
  /** birthdate: the notation offered first (和暦 or 西暦); both are accepted. */
  era?: 'japanese' | 'western';
  /** text / textarea: allowed characters. */
  charType?: CharType;
  /** Set on a furigana field the loader generated from a name's `kana`: the name field's id. */
  kanaOf?: string;
}

export interface FormPage {
  title: string;
  titleEn?: string;
  fields: string[];
}

export const CHOICE_TYPES = new Set<FieldType>(['radio', 'select', 'checkboxes']);
const DEFAULT_MAX: Partial<Record<FieldType, number>> = { text: 200, textarea: 2000, email: 254, furigana: 200, location: 200 };

export const CHAR_PATTERNS: Record<CharType, string> = {
  digits: '^[0-9]*$',
  alphanumeric: '^[A-Za-z0-9._@-]*$',
  katakana: '^[\\u30a0-\\u30ff\\s\\u3000]*$',
  hiragana: '^[\\u3040-\\u309f\\u30fc\\s\\u3000]*$',
};

/** A name's `kana` becomes a furigana field of its own right after it (stored, validated and shown like any field). */
// Names every JavaScript object inherits: answers are plain objects keyed by field id,
// so a field called "constructor" would read as answered when left blank.
const RESERVED_FIELD_IDS = new Set(Object.getOwnPropertyNames(Object.prototype));
export const isReservedFieldId = (id: string): boolean => RESERVED_FIELD_IDS.has(id);

export function expandFields(fields: readonly FormField[]): FormField[] {
  const out: FormField[] = [];
  for (const f of fields) {
    out.push(f);
    if (f.kana) {
      const k = f.kana;
      out.push({
        id: k.id,
        type: 'furigana',
        label: k.label ?? 'フリガナ',
        labelEn: k.labelEn ?? (k.label ?? 'Name in kana'),
        ...(k.required !== undefined ? { required: k.required } : {}),
        ...(k.requiredStaff !== undefined ? { requiredStaff: k.requiredStaff } : {}),
        ...(f.visibleIf !== undefined ? { visibleIf: f.visibleIf } : {}),
        ...(f.pii ? { pii: true } : {}),
        kanaOf: f.id,
      });
    }
  }
  return out;
}

/** JSON Schema of one field's (normalised) value. */
export function fieldSchema(f: FormField): Record<string, unknown> {
  const s: Record<string, unknown> = { title: f.label };
  if (f.help) s.description = f.help;
  const max = f.maxLength ?? DEFAULT_MAX[f.type];
  const chars = f.charType ? { pattern: CHAR_PATTERNS[f.charType] } : {};
  switch (f.type) {
    case 'text':
    case 'textarea':
      return { ...s, type: 'string', ...(f.minLength ? { minLength: f.minLength } : {}), maxLength: max, ...chars };
    case 'furigana':
      return { ...s, type: 'string', pattern: '^[\\u30a0-\\u30ff\\s\\u3000]+$', maxLength: max };
    case 'email':
      return { ...s, type: 'string', format: 'email', maxLength: max };
    case 'phone':
      return { ...s, type: 'string', pattern: '^0[0-9]{9,10}$' };
    case 'postal-code':
      return { ...s, type: 'string', pattern: '^[0-9]{7}$' };
    case 'date':
    case 'birthdate':
      return { ...s, type: 'string', format: 'date' };
    case 'time':
      return { ...s, type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' };
    case 'number':
      return { ...s, type: f.integer ? 'integer' : 'number', ...(f.min !== undefined ? { minimum: f.min } : {}), ...(f.max !== undefined ? { maximum: f.max } : {}) };
    case 'radio':
    case 'select':
      return { ...s, type: 'string', enum: (f.options ?? []).map((o) => o.value) };
    case 'checkboxes':
      return {
        ...s,
        type: 'array',
        uniqueItems: true,
        items: { type: 'string', enum: (f.options ?? []).map((o) => o.value) },
        ...(f.minItems !== undefined ? { minItems: f.minItems } : {}),
        ...(f.maxItems !== undefined ? { maxItems: f.maxItems } : {}),
      };
    case 'consent':
      return { ...s, type: 'boolean', const: true };
    case 'location':
      // The address is what staff go by; the point is a help (the phone's position), kept only with both halves.
      return {
        ...s,
        type: 'object',
        additionalProperties: false,
        required: ['address'],
        properties: { address: { type: 'string', minLength: 1, maxLength: max }, lat: { type: 'number', minimum: -90, maximum: 90 }, lng: { type: 'number', minimum: -180, maximum: 180 } },
      };
  }
}

export function buildAnswersSchema(fields: readonly FormField[]): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(fields.map((f) => [f.id, fieldSchema(f)])),
    // Only unconditional requirements are static; conditional ones depend on other answers.
    required: fields.filter((f) => f.required && f.visibleIf === undefined && f.requiredIf === undefined).map((f) => f.id),
  };
}
