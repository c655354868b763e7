// A kind's JSON Schema as the loader and the builder use it: lists that depend on
// what other kinds contribute (the notification events) are filled in from the
// registry here, so no schema carries a fixed copy of them.
import type { AnyBlockKind } from '../core/block';
import type { BlockRegistry } from '../core/registry';
import { allEventNames } from '../notify/events';

const cache = new WeakMap<BlockRegistry, Map<string, Record<string, unknown>>>();

/** `{ "x-enum-from": "notification-events" }` becomes `{ "enum": [every event name] }`. */
export function resolvedSchema(kind: AnyBlockKind, registry: BlockRegistry): Record<string, unknown> {
  let byKind = cache.get(registry);
  if (!byKind) cache.set(registry, (byKind = new Map()));
  let s = byKind.get(kind.kind);
  if (!s) {
    const lists: Record<string, readonly string[]> = { 'notification-events': allEventNames(registry.behaviour()) };
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(walk);
      if (!v || typeof v !== 'object') return v;
      const o = v as Record<string, unknown>;
      const from = o['x-enum-from'];
      if (typeof from === 'string') {
        if (!lists[from]) throw new Error(`${kind.kind}: unknown x-enum-from "${from}"`);
        const { ['x-enum-from']: _, ...rest } = o;
        return { ...(walk(rest) as object), enum: [...lists[from]] };
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
    };
    s = walk(kind.schema) as Record<string, unknown>;
    byKind.set(kind.kind, s);
  }
  return s;
}
