// Every property and enum value of every block kind has a Japanese label in the builder.
import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { labelOf } from './labels';

type Schema = Record<string, any>;

function unlabelled(root: Schema): string[] {
  const out = new Set<string>();
  const walk = (s0: Schema | undefined, depth: number) => {
    if (!s0 || typeof s0 !== 'object' || depth > 12) return;
    const s = typeof s0.$ref === 'string' && s0.$ref.startsWith('#/') ? { ...s0.$ref.slice(2).split('/').reduce((o: any, k: string) => o?.[k], root), ...s0 } : s0;
    for (const [k, v] of Object.entries<Schema>(s.properties ?? {})) {
      if (labelOf(k, 'ja', v) === k) out.add(k);
      walk(v, depth + 1);
    }
    walk(s.items, depth + 1);
    for (const x of [...(s.oneOf ?? []), ...(s.anyOf ?? [])]) walk(x, depth + 1);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties, depth + 1);
    for (const e of s.enum ?? []) if (typeof e === 'string' && labelOf(e, 'ja') === e) out.add(`enum ${e}`);
  };
  walk(root, 0);
  return [...out];
}

describe('builder labels', () => {
  for (const kind of registry.kinds()) {
    it(`labels every property of ${kind.kind} in Japanese`, () => {
      expect(unlabelled(kind.schema as Schema)).toEqual([]);
    });
  }

  it('prefers a property schema title (a workflow transition’s from/to are states, not times)', () => {
    expect(labelOf('from', 'ja', { type: 'array', title: '元の状態' })).toBe('元の状態 (from)');
    expect(labelOf('from', 'ja', { type: 'string' })).toBe('開始 (from)');
    expect(labelOf('from', 'en', { title: '元の状態' })).toBe('from');
  });
});
