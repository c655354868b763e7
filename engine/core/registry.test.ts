import { describe, expect, it } from 'vitest';
import { createRegistry } from './registry';
import { defineBlock } from './block';

const fake = (kind: string) =>
  defineBlock({ kind, version: 1, schema: {}, cardinality: 'many', migrations: [], title: { ja: kind, en: kind }, compile: () => ({}) });

describe('createRegistry', () => {
  it('refuses a kind listed twice', () => {
    expect(() => createRegistry([fake('a'), fake('b'), fake('a')])).toThrow(/registered twice: a/);
  });
  it('finds kinds by name in list order', () => {
    const r = createRegistry([fake('b'), fake('a')]);
    expect(r.names()).toEqual(['b', 'a']);
    expect(r.get('a')?.kind).toBe('a');
    expect(r.get('zzz')).toBeUndefined();
  });
});
