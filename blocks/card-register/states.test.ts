// Card states are spelled in states.ts only: the kind's code and the console page compare
// through CARD and show CARD_STATE_LABELS.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARD, CARD_STATE_LABELS, CARD_STATES, cardStateLabel } from './states';

describe('card states', () => {
  it('have Japanese and English words', () => {
    expect(CARD_STATES.map((s) => cardStateLabel(s))).toEqual(['利用中', '更新済み', '無効', '解約']);
    expect(CARD_STATES.map((s) => CARD_STATE_LABELS[s].en)).toEqual(['In use', 'Renewed', 'Invalid', 'Cancelled']);
  });

  it('are not written as literals outside states.ts', () => {
    const dir = import.meta.dirname;
    const files = [...readdirSync(dir).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && f !== 'states.ts').map((f) => join(dir, f)), join(dir, '../../admin/pages/cards.tsx')];
    const literal = new RegExp(`['"\`](${Object.values(CARD).join('|')})['"\`]`);
    const found = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').map((line, i) => [f, i + 1, line] as const)).filter(([, , line]) => literal.test(line));
    expect(found).toEqual([]);
    // The scan itself works: it finds the literals where they belong.
    expect(readFileSync(join(dir, 'states.ts'), 'utf8').split('\n').filter((l) => literal.test(l)).length).toBeGreaterThan(0);
    expect(files.length).toBeGreaterThan(5);
  });
});
