// `form`: the questions of a reservation (seed 001 申込項目設定). Compiles to the
// JSON Schema of the answers plus a validator that applies the conditions
// (visibleIf / requiredIf; a hidden field is never required) and normalises input.
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { createAjv } from '../../engine/config/ajv';
import schema from './schema.json';
import './messages';
import { validateAnswers, type AnswersResult, type Audience } from './answers';

export type FieldType =
  | 'text' | 'textarea' | 'number' | 'radio' | 'select' | 'checkboxes' | 'date' | 'time'
  | 'email' | 'phone' | 'postal-code' | 'furigana' | 'birthdate' | 'consent';

export interface FormField {
  id: string;
  type: FieldType;
  label: string;
  labelEn?: string;
  help?: string;
  helpEn?: string;
  required?: boolean;
  requiredStaff?: boolean;
  options?: { value: string; label: string; labelEn?: string }[];
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
}

export interface FormBlock extends RawBlock {
  kind: 'form';
  title: string;
  titleEn?: string;
  fields: FormField[];
}

export interface CompiledForm {
  id: string;
  title: string;
  titleEn: string;
  fields: readonly FormField[];
  /** JSON Schema of the answers object (conditional requiredness is applied by validate). */
  answersSchema: Record<string, unknown>;
  validate(answers: unknown, audience?: Audience): AnswersResult;
}

const CHOICE_TYPES = new Set<FieldType>(['radio', 'select', 'checkboxes']);
const DEFAULT_MAX: Partial<Record<FieldType, number>> = { text: 200, textarea: 2000, email: 254, furigana: 200 };

/** JSON Schema of one field's (normalised) value. */
export function fieldSchema(f: FormField): Record<string, unknown> {
  const s: Record<string, unknown> = { title: f.label };
  if (f.help) s.description = f.help;
  const max = f.maxLength ?? DEFAULT_MAX[f.type];
  switch (f.type) {
    case 'text':
    case 'textarea':
      return { ...s, type: 'string', ...(f.minLength ? { minLength: f.minLength } : {}), maxLength: max };
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

const ajv = createAjv();

export const formBlock = defineBlock<FormBlock, CompiledForm>({
  kind: 'form',
  version: 1,
  schema,
  cardinality: 'many',
  migrations: [],
  title: { ja: '申込フォーム', en: 'Form' },
  check(b, ctx) {
    const seen = new Set<string>();
    const variables = b.fields.map((f) => `answers.${f.id}`);
    b.fields.forEach((f, i) => {
      const at = `/fields/${i}`;
      if (seen.has(f.id)) ctx.issue(`${at}/id`, 'form.duplicate_field', { field: f.id });
      seen.add(f.id);
      if (CHOICE_TYPES.has(f.type) && !f.options) ctx.issue(`${at}/options`, 'form.options_required', { type: f.type });
      if (!CHOICE_TYPES.has(f.type) && f.options) ctx.issue(`${at}/options`, 'form.options_unexpected', { type: f.type });
      const values = new Set<string>();
      f.options?.forEach((o, j) => {
        if (values.has(o.value)) ctx.issue(`${at}/options/${j}/value`, 'form.duplicate_option', { value: o.value });
        values.add(o.value);
      });
      if (f.min !== undefined && f.max !== undefined && f.min > f.max) ctx.issue(`${at}/min`, 'form.bad_range');
      if (f.minLength !== undefined && f.maxLength !== undefined && f.minLength > f.maxLength) ctx.issue(`${at}/minLength`, 'form.bad_range');
      if (f.visibleIf !== undefined) ctx.checkRule(f.visibleIf, `${at}/visibleIf`, variables);
      if (f.requiredIf !== undefined) ctx.checkRule(f.requiredIf, `${at}/requiredIf`, variables);
    });
  },
  compile(b) {
    const answersSchema = buildAnswersSchema(b.fields);
    const check = ajv.compile({ ...answersSchema, required: [] });
    const fields = b.fields;
    return {
      id: b.id,
      title: b.title,
      titleEn: b.titleEn ?? b.title,
      fields,
      answersSchema,
      validate: (answers, audience = 'resident') => validateAnswers(fields, check, answers, audience),
    };
  },
});
