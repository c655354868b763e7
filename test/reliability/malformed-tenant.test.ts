// Malformed tenant blocks (fast-check): whatever is done to the demo tenant's
// files, loading answers with located issues or a compiled tenant — never a crash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { loadTenantSources, readTenantDir } from '../../engine/config/load-tenant';
import { hasMessage } from '../../engine/core/messages';

const files = readTenantDir('tenants/demo-city');

type Path = (string | number)[];
function pathsOf(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}

function mutate(value: unknown, path: Path, op: 'delete' | 'replace', replacement: unknown): unknown {
  if (path.length === 0) return op === 'replace' ? replacement : undefined;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

const mutation = fc.record({
  file: fc.nat({ max: files.length - 1 }),
  pick: fc.nat(),
  op: fc.constantFrom<'delete' | 'replace'>('delete', 'replace'),
  replacement: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('', -1, 0, 1e9, 'no-such-id', '25:99', 'mon', null, [], {}, '{{oops}}', { var: 'x' })),
  textCut: fc.option(fc.nat(), { freq: 4 }),
});

describe('malformed tenant blocks', () => {
  it('always ends in located issues or a compiled tenant, never an exception', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const texts = files.map((f) => f.text);
        for (const m of mutations) {
          let current: unknown;
          try {
            current = JSON.parse(texts[m.file]);
          } catch {
            continue; // an earlier mutation already broke this file's syntax
          }
          const paths = pathsOf(current);
          const path = paths[m.pick % paths.length];
          const mutated = mutate(current, path, m.op, m.replacement);
          let text = mutated === undefined ? '' : JSON.stringify(mutated, null, 2);
          // Sometimes also cut the text short, which must be a located JSON syntax error.
          if (m.textCut !== null && text.length > 2) text = text.slice(0, m.textCut % text.length);
          texts[m.file] = text;
        }
        const r = loadTenantSources('demo-city', files.map((f, i) => ({ file: f.file, text: texts[i] })), registry);
        if (r.tenant) {
          expect(r.issues).toEqual([]);
        } else {
          expect(r.issues.length).toBeGreaterThan(0);
          for (const i of r.issues) {
            expect(typeof i.file).toBe('string');
            expect(i.path === '' || i.path.startsWith('/')).toBe(true);
            expect(i.code).toMatch(/^[a-z_-]+\.[a-z_]+$/);
            // messageFor falls back to the code itself, so a non-empty message proves nothing:
            // the code must be in the catalog and both texts must come from it.
            expect(hasMessage(i.code), i.code).toBe(true);
            expect(i.message).not.toBe(i.code);
            expect(i.messageEn).toBeDefined();
            expect(i.messageEn).not.toBe(i.code);
          }
        }
      }),
      { numRuns: Number(process.env.FUZZ_TENANT_RUNS ?? 400) },
    );
  });
});
