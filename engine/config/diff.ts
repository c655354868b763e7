// Differences between two sets of blocks, block by block and down to JSON pointers,
// for the builder's "what will change" view and the diff between versions.
import type { RawBlock } from '../core/block';

export interface ValueChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface BlockDiff {
  kind: string;
  id: string;
  change: 'added' | 'removed' | 'changed';
  changes: ValueChange[];
}

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function diffValues(a: unknown, b: unknown, path: string, out: ValueChange[]): void {
  if (a === b) return;
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    out.push({ path, ...(a !== undefined ? { before: a } : {}), ...(b !== undefined ? { after: b } : {}) });
    return;
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  for (const k of new Set([...ka, ...kb])) diffValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${esc(k)}`, out);
}

export function diffBlocks(before: readonly RawBlock[], after: readonly RawBlock[]): BlockDiff[] {
  const key = (b: RawBlock) => `${b.kind}\u0000${b.id}`;
  const a = new Map(before.map((b) => [key(b), b]));
  const b = new Map(after.map((x) => [key(x), x]));
  const out: BlockDiff[] = [];
  for (const [k, blk] of a) {
    const next = b.get(k);
    if (!next) out.push({ kind: blk.kind, id: blk.id, change: 'removed', changes: [] });
    else {
      const changes: ValueChange[] = [];
      diffValues(blk, next, '', changes);
      if (changes.length) out.push({ kind: blk.kind, id: blk.id, change: 'changed', changes });
    }
  }
  for (const [k, blk] of b) if (!a.has(k)) out.push({ kind: blk.kind, id: blk.id, change: 'added', changes: [] });
  return out.sort((x, y) => `${x.kind}/${x.id}`.localeCompare(`${y.kind}/${y.id}`));
}
