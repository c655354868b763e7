import { describe, expect, it } from 'vitest';
import { createRegistry } from './registry';
import { defineBlock } from './block';

const fake = (kind: string, commands: string[] = []) =>
  defineBlock({
    kind,
    version: 1,
    schema: {},
    cardinality: 'many',
    migrations: [],
    title: { ja: kind, en: kind },
    compile: () => ({}),
    behaviour: { commands: commands.map((id) => ({ id, summary: { ja: id, en: id }, options: [], run: async () => id })) },
  });

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
  it('collects the commands kinds offer, with their kind, and refuses one name twice', () => {
    const r = createRegistry([fake('a', ['month-end']), fake('b', ['import'])]);
    expect(r.behaviour().commands.map((c) => [c.kind, c.id])).toEqual([
      ['a', 'month-end'],
      ['b', 'import'],
    ]);
    expect(() => createRegistry([fake('a', ['month-end']), fake('b', ['month-end'])])).toThrow(/command "month-end" contributed twice \(kind b\)/);
  });
});
