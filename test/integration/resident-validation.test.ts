// "The same validation in the browser and on the server": the module the pages
// load (ajv standalone code of the server's own compiled check, bundled by
// esbuild) run through validateAnswers must agree with form.validate on every
// input, including random ones.
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { ValidateFunction } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { validateAnswers } from '../../blocks/form/answers';
import type { CompiledForm } from '../../blocks/form/block';
import { formById } from '../../engine/http/routes/pages/validator-asset';
import { residentApp } from './resident-client';

const dir = mkdtempSync(join(tmpdir(), 'validators-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { app, published } = await residentApp('demo');
const tenant = published[0].tenant;
const formIds = ['card-pickup-form', 'gym-form', 'tax-consultation-form', 'member-individual', 'member-group'];

async function browserCheck(formId: string): Promise<{ check: ValidateFunction; gzip: number }> {
  const res = await app.request(`/t/demo-city/forms/${formId}/validate.js?v=${published[0].versionId}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('javascript');
  expect(res.headers.get('cache-control')).toContain('immutable');
  const js = await res.text();
  expect(js).not.toMatch(/(^|[^'"\w.])require\(/); // bundled: no require() calls left (one helper keeps its source as a string)
  const file = join(dir, `${formId}.mjs`);
  writeFileSync(file, js);
  const mod = (await import(pathToFileURL(file).href)) as { default: ValidateFunction };
  return { check: mod.default, gzip: gzipSync(js).length };
}

const tricky = ['', ' ', '山田 太郎', 'やまだ', 'ヤマダ', '０９０－１２３４－５６７８', '090-1234-5678', '12', 'taro@example.jp', 'taro@', '〒100-0001', '1000001', '昭和55年6月10日', '平成元年1月7日', '1980-02-30', '2027-02-16', '09:30', '25:00', 'なし', 'あり', 'salary', 'other', 'basketball', 'yes', 'female', '3', '１２', '-1', 'a'.repeat(300)];
const value = fc.oneof(fc.constantFrom(...tricky), fc.boolean(), fc.integer({ min: -5, max: 300 }), fc.array(fc.constantFrom('chuo', 'x', 'basketball'), { maxLength: 3 }), fc.constant(null));

describe('browser validation = server validation', () => {
  for (const id of formIds) {
    it(`agrees on ${id}`, async () => {
      const form = formById(tenant, id) as CompiledForm;
      const { check, gzip } = await browserCheck(id);
      expect(gzip).toBeLessThan(8 * 1024);
      const answers = fc.dictionary(fc.constantFrom(...form.fields.map((f) => f.id), 'unknown'), value, { maxKeys: form.fields.length + 1 });
      fc.assert(
        fc.property(answers, (a) => {
          expect(validateAnswers(form.fields, check, a, 'resident')).toEqual(form.validate(a, 'resident'));
        }),
        { numRuns: 300 },
      );
    });
  }
});
