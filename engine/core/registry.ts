import type { AnyBlockKind } from './block';

export interface BlockRegistry {
  get(kind: string): AnyBlockKind | undefined;
  kinds(): readonly AnyBlockKind[];
  names(): readonly string[];
}

/** The registry is built from a literal list; a kind listed twice is a programming error. */
export function createRegistry(kinds: readonly AnyBlockKind[]): BlockRegistry {
  const byName = new Map<string, AnyBlockKind>();
  for (const k of kinds) {
    if (byName.has(k.kind)) throw new Error(`block kind registered twice: ${k.kind}`);
    byName.set(k.kind, k);
  }
  const list = Object.freeze([...kinds]);
  const names = Object.freeze([...byName.keys()]);
  return {
    get: (kind) => byName.get(kind),
    kinds: () => list,
    names: () => names,
  };
}
