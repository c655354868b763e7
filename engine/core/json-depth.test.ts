import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { loadTenantBlocks, loadTenantSources } from '../config/load-tenant';
import { MAX_BLOCK_DEPTH, tooDeepAt, tooDeepOffset } from './json-depth';

/** A value nested `n` levels (the root counts as one), built without recursion. */
const nested = (n: number, leaf: unknown = 1) => {
  let v: unknown = leaf;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};
const deepRuleText = (n: number) => `${'{"!":'.repeat(n)}true${'}'.repeat(n)}`;

describe('JSON nesting limits', () => {
  it('finds the first container deeper than the limit, by JSON pointer, without recursion', () => {
    expect(tooDeepAt(nested(3), 3)).toBeUndefined();
    expect(tooDeepAt(nested(4), 3)).toBe('/a/a/a');
    expect(tooDeepAt({ ok: [1, 2], 'a/b': [[[]]] }, 3)).toBe('/a~1b/0/0');
    expect(tooDeepAt(nested(100_000), 64)).toBe(`/a`.repeat(64));
    expect(tooDeepAt('[[[[', 1)).toBeUndefined(); // a string is not nesting
  });

  it('finds it in text too, ignoring brackets inside strings', () => {
    expect(tooDeepOffset('[[1]]', 2)).toBeUndefined();
    expect(tooDeepOffset('[[[1]]]', 2)).toBe(2);
    expect(tooDeepOffset('["[[[[", {"k\\"[": "{{{"}]', 2)).toBeUndefined();
    expect(tooDeepOffset('['.repeat(200_000), 64)).toBe(64);
  });

  const site = { kind: 'site', id: 'deep-town', title: '深い町' };
  const form = (visibleIf: unknown) => ({ kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名' }, { id: 'note', type: 'text', label: '備考', visibleIf }] });

  it('refuses a 20,000-deep json-logic rule in a tenant file with a located issue, not a stack overflow', () => {
    const text = `[${JSON.stringify(site)},${JSON.stringify(form('__RULE__')).replace('"__RULE__"', deepRuleText(20_000))}]`;
    const r = loadTenantSources('deep-town', [{ file: 'tenants/deep-town/form.json', text }], registry);
    expect(r.tenant).toBeUndefined();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'json.too_deep', file: 'tenants/deep-town/form.json', line: 1 });
    expect(r.issues[0].column).toBe(text.indexOf('{"!":') + 1 + (MAX_BLOCK_DEPTH + 1 - 4) * 5);
  });

  it('refuses one from the builder (blocks, no file) at the pointer where it gets too deep', () => {
    const r = loadTenantBlocks('deep-town', [site, form(JSON.parse(deepRuleText(20_000)))], registry);
    expect(r.issues.map((i) => i.code)).toEqual(['block.too_deep']);
    expect(r.issues[0].path).toMatch(/^\/1\/fields\/1\/visibleIf(\/!)+$/);
    expect(r.issues[0].path.split('/')).toHaveLength(2 + MAX_BLOCK_DEPTH);
    // A rule as deep as real ones still loads.
    expect(loadTenantBlocks('deep-town', [site, form(JSON.parse(deepRuleText(20)))], registry).issues).toEqual([]);
  });
});
