// Nesting limits for JSON that comes from outside (request bodies, tenant
// files, builder drafts). Much of the code that walks JSON is recursive (ajv,
// the rule checker, structuredClone, hashing, the jsonc parser), so a value
// nested thousands deep would overflow the stack and answer a bare 500. These
// checks are iterative and run before any of that code sees the value.

/** Request bodies: far above any real body (a booking is 3 levels, a builder draft ~20). */
export const MAX_BODY_DEPTH = 64;
/** One configuration block, counted from the block itself (a deep json-logic rule is ~10). */
export const MAX_BLOCK_DEPTH = 48;

const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** JSON pointer of the first array/object nested deeper than `limit` (the root is depth 1), or undefined. */
export function tooDeepAt(value: unknown, limit: number): string | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 1 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return path;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: `${path}/${i}`, depth: depth + 1 }));
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: `${path}/${escape(k)}`, depth: depth + 1 });
  }
  return undefined;
}

/** Offset of the first `[` or `{` of JSON text nested deeper than `limit`, or undefined (strings are skipped). */
export function tooDeepOffset(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > limit) return i;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return undefined;
}
