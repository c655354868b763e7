// The browser's copy of a form's validation: the very ajv function the server
// compiled (ajv standalone code), bundled by esbuild with the few ajv runtime
// helpers it requires, served as an ES module per (tenant version, form).
// Residents' browsers then run validateAnswers with it: one validation, two places.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { CompiledForm } from '../../../../blocks/form/block';
import type { CompiledTenant } from '../../../config/tenant';
import { memberFieldsOf } from '../../../members/fields';
import type { Page } from './context';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const cache = new Map<string, Promise<string>>();
const MAX_CACHED = 200;

export function validatorUrl(p: Page, form: CompiledForm): string {
  return `/t/${p.slug}/forms/${form.id}/validate.js?v=${p.published.versionId}`;
}

/** A reservation form of the tenant, or a member registration form (member-individual / member-group). */
export function formById(tenant: CompiledTenant, id: string): CompiledForm | undefined {
  const form = tenant.get('form', id);
  if (form) return form;
  const m = /^member-(individual|group)$/.exec(id);
  if (!m) return undefined;
  const mf = memberFieldsOf(tenant);
  return mf.kinds.includes(m[1] as 'individual' | 'group') ? mf.form(m[1] as 'individual' | 'group') : undefined;
}

export function validatorModule(versionId: string, form: CompiledForm): Promise<string> {
  const key = `${versionId}|${form.id}`;
  let p = cache.get(key);
  if (!p) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    p = bundle(form.standaloneSource());
    // A failed build is not cached: the next request tries again.
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

async function bundle(source: string): Promise<string> {
  const out = await build({
    stdin: { contents: source, resolveDir: repoRoot, loader: 'js', sourcefile: 'form-validator.js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    minify: true,
    legalComments: 'none',
    target: ['es2019', 'safari14.1'],
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}
