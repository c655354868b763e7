// `form`: the questions of a reservation (seed 001 申込項目設定). Compiles to the
// JSON Schema of the answers plus a validator that applies the conditions
// (visibleIf / requiredIf; a hidden field is never required) and normalises input.
// The same compiled ajv function is emitted as standalone code for the browser
// (standaloneSource), so residents' browsers run exactly the server's check.
import standaloneCode from 'ajv/dist/standalone';
import type { ValidateFunction } from 'ajv';
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { createAjv } from '../../engine/config/ajv';
import schema from './schema.json';
import './messages';
import './config-messages';
import { validateAnswers, type AnswersResult, type Audience } from './answers';
import { buildAnswersSchema, CHOICE_TYPES, expandFields, isReservedFieldId, type FormField, type FormPage } from './fields';

export { buildAnswersSchema, fieldSchema, type FieldType, type FormField, type FormPage } from './fields';

export interface FormBlock extends RawBlock {
  kind: 'form';
  title: string;
  titleEn?: string;
  fields: FormField[];
  pages?: FormPage[];
}

export interface CompiledForm {
  id: string;
  title: string;
  titleEn: string;
  /** Fields in order, a name's furigana included. */
  fields: readonly FormField[];
  /** Screens of the classic rendering (one page with every field when the block has none). */
  pages: readonly FormPage[];
  /** JSON Schema of the answers object (conditional requiredness is applied by validate). */
  answersSchema: Record<string, unknown>;
  validate(answers: unknown, audience?: Audience): AnswersResult;
  /** ES module source of the compiled schema check (ajv standalone; still has require() of ajv's runtime helpers). */
  standaloneSource(): string;
}

// Source kept so the very function the server runs can be shipped to the browser.
const ajv = createAjv({ forBrowser: true });

/** Compiles a list of fields into a form (also used by member-fields for registration). */
export function compileFields(def: { id: string; title: string; titleEn?: string; fields: readonly FormField[]; pages?: readonly FormPage[] }): CompiledForm {
  const fields = expandFields(def.fields);
  const answersSchema = buildAnswersSchema(fields);
  // Titles and help texts are annotations: the check (and its browser copy, which embeds the
  // schema it compiled) goes without them.
  const check: ValidateFunction = ajv.compile({ ...withoutAnnotations(answersSchema), required: [] });
  let source: string | undefined;
  const pages = def.pages?.length
    ? def.pages.map((p) => ({ ...p, fields: p.fields.flatMap((id) => fields.filter((f) => f.id === id || f.kanaOf === id).map((f) => f.id)) }))
    : [{ title: def.title, ...(def.titleEn ? { titleEn: def.titleEn } : {}), fields: fields.map((f) => f.id) }];
  return {
    id: def.id,
    title: def.title,
    titleEn: def.titleEn ?? def.title,
    fields,
    pages,
    answersSchema,
    validate: (answers, audience = 'resident') => validateAnswers(fields, check, answers, audience),
    standaloneSource: () => (source ??= standaloneCode(ajv, check)),
  };
}

function withoutAnnotations(schema: Record<string, unknown>): Record<string, unknown> {
  const props = schema.properties as Record<string, Record<string, unknown>>;
  return { ...schema, properties: Object.fromEntries(Object.entries(props).map(([id, { title: _t, description: _d, ...rest }]) => [id, rest])) };
}

export const formBlock = defineBlock<FormBlock, CompiledForm>({
  kind: 'form',
  version: 1,
  schema,
  cardinality: 'many',
  migrations: [],
  title: { ja: '申込フォーム', en: 'Form' },
  check(b, ctx) {
    const seen = new Set<string>();
    const all = expandFields(b.fields);
    const variables = all.map((f) => `answers.${f.id}`);
    const claim = (id: string, at: string) => {
      if (seen.has(id)) ctx.issue(at, 'form.duplicate_field', { field: id });
      if (isReservedFieldId(id)) ctx.issue(at, 'form.reserved_field_id', { field: id });
      seen.add(id);
    };
    b.fields.forEach((f, i) => {
      const at = `/fields/${i}`;
      claim(f.id, `${at}/id`);
      if (f.kana) {
        if (f.type !== 'text') ctx.issue(`${at}/kana`, 'form.kana_on_text_only', { type: f.type });
        claim(f.kana.id, `${at}/kana/id`);
      }
      if (f.era !== undefined && f.type !== 'birthdate') ctx.issue(`${at}/era`, 'form.property_unexpected', { property: 'era', type: f.type });
      if (f.charType !== undefined && f.type !== 'text' && f.type !== 'textarea') ctx.issue(`${at}/charType`, 'form.property_unexpected', { property: 'charType', type: f.type });
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
    if (b.pages) checkPages(b, ctx.issue);
  },
  compile: (b) => compileFields(b),
});

/** Every field on exactly one page; a name's furigana goes with the name. */
function checkPages(b: FormBlock, issue: (path: string, code: string, params?: Record<string, unknown>) => void) {
  const placed = new Map<string, number>();
  const ids = new Set(b.fields.map((f) => f.id));
  b.pages!.forEach((p, i) =>
    p.fields.forEach((id, j) => {
      if (!ids.has(id)) issue(`/pages/${i}/fields/${j}`, 'form.page_unknown_field', { field: id });
      else if (placed.has(id)) issue(`/pages/${i}/fields/${j}`, 'form.page_duplicate_field', { field: id, page: placed.get(id)! + 1 });
      else placed.set(id, i);
    }),
  );
  b.fields.forEach((f, i) => {
    if (!placed.has(f.id)) issue(`/fields/${i}/id`, 'form.field_not_on_page', { field: f.id });
  });
}

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    form: CompiledForm;
  }
}
