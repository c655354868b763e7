// One ajv factory for the whole engine (tenant loading, form answers, API input),
// so formats, strictness and error shapes are the same everywhere.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { fastFormats, fullFormats } from 'ajv-formats/dist/formats';
import type { ErrorObject } from 'ajv';
import { makeIssue } from '../core/messages';
import type { Issue } from '../core/errors';

export type { ErrorObject };

/**
 * `forBrowser`: the ajv of form answers, whose compiled checks also go to residents' browsers as
 * standalone modules (validator-asset.ts). It keeps their code, knows only the two formats
 * answers use, each as ajv-formats' own regular expression (standalone code inlines a RegExp,
 * where a format function would pull all of ajv-formats into the module: a real date is
 * checked by validateAnswers anyway), and builds no English message strings (answers' issues
 * are made from keyword and params).
 */
export function createAjv(opts: { forBrowser?: boolean } = {}): Ajv2020 {
  if (opts.forBrowser) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, messages: false, code: { source: true, esm: true } });
    ajv.addFormat('email', fullFormats.email as RegExp);
    ajv.addFormat('date', (fastFormats.date as { validate: RegExp }).validate);
    return ajv;
  }
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  // Annotations used by the builder (editor hints, reference targets); ignored by validation.
  ajv.addVocabulary(['x-ui', 'x-ref']);
  return ajv;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Maps ajv errors to located issues (pointer relative to the validated value). */
export function ajvErrorsToIssues(errors: readonly ErrorObject[] | null | undefined, basePath = ''): Issue[] {
  if (!errors) return [];
  const out: Issue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // `if/then` and `oneOf`/`anyOf` wrappers duplicate the real error below them.
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    const p = e.params as Record<string, any>;
    let path = basePath + e.instancePath;
    let code = 'schema.invalid';
    let params: Record<string, unknown> = { keyword: e.keyword };
    switch (e.keyword) {
      case 'required':
        path += `/${escapePointer(p.missingProperty)}`;
        code = 'schema.required';
        params = { property: p.missingProperty };
        break;
      case 'additionalProperties':
      case 'unevaluatedProperties':
        path += `/${escapePointer(p.additionalProperty ?? p.unevaluatedProperty)}`;
        code = 'schema.additional_property';
        params = { property: p.additionalProperty ?? p.unevaluatedProperty };
        break;
      case 'type':
        code = 'schema.type';
        params = { type: p.type };
        break;
      case 'enum':
        code = 'schema.enum';
        params = { allowed: (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ') };
        break;
      case 'const':
        code = 'schema.const';
        params = { allowed: JSON.stringify(p.allowedValue) };
        break;
      case 'pattern':
        code = 'schema.pattern';
        params = { pattern: p.pattern };
        break;
      case 'format':
        code = 'schema.format';
        params = { format: p.format };
        break;
      case 'minLength':
      case 'maxLength':
      case 'minimum':
      case 'maximum':
      case 'minItems':
      case 'maxItems':
        code = `schema.${e.keyword.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
        params = { limit: p.limit };
        break;
      case 'uniqueItems':
        code = 'schema.unique_items';
        break;
      default:
        break;
    }
    const key = `${path}|${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(makeIssue(path, code, params));
  }
  return out;
}
