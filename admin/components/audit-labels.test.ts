// Every audit action the engine and the kinds write has words in the console's 操作履歴
// (a new action otherwise shows as its code, e.g. `permit.card_printed`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { REFUND_STATES } from '../../blocks/fee/refunds';
import { GROUP_STATUSES } from '../../engine/members/groups';

vi.stubGlobal('document', { getElementById: () => null });
vi.stubGlobal('localStorage', { getItem: () => null });
const { actionLabel } = await import('./ui');

const root = join(import.meta.dirname, '../..');
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

/** Action codes written as literals on lines that pass an action to writeAudit, and the templated families. */
function writtenActions(): string[] {
  const out = new Set<string>();
  for (const file of [...sources(join(root, 'engine')), ...sources(join(root, 'blocks'))]) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      // action: 'x.y', also behind a condition (action: rollback ? 'config.rolled_back' : 'config.published').
      const at = line.search(/\baction: /);
      if (at >= 0) for (const m of line.slice(at).split(/, [a-z]+: /)[0].matchAll(/'([a-z]+\.[a-z_]+)'/g)) out.add(m[1]);
      // A map from decision to action (const action = { approve: 'permit.approved', … }[decision]).
      if (/\bconst action = /.test(line)) for (const m of line.matchAll(/'([a-z]+\.[a-z_]+)'/g)) out.add(m[1]);
    }
  }
  for (const s of GROUP_STATUSES) if (s !== 'applied') out.add(`group.${s}`); // decisions only
  for (const s of REFUND_STATES) out.add(`refund.${s}`);
  return [...out].sort();
}

describe('audit action labels', () => {
  it('finds the actions in the source (the scan itself works)', () => {
    expect(writtenActions()).toEqual(expect.arrayContaining(['permit.card_printed', 'permit.registered', 'group.approved', 'member.deregistered', 'config.rolled_back']));
  });
  it('gives every written action words, not its code', () => {
    const unlabelled = writtenActions().filter((a) => actionLabel(a) === a);
    expect(unlabelled).toEqual([]);
  });
});
