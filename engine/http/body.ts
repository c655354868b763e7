import type { Context } from 'hono';
import { EngineError, type Issue } from '../core/errors';
import { MAX_BODY_DEPTH, tooDeepAt } from '../core/json-depth';
import { makeIssue } from '../core/messages';

/** Parses a JSON object body with only the allowed top-level keys; problems are located issues. */
export async function readJsonObject(c: Context, allowed: readonly string[]): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new EngineError('http.bad_request', { reason: 'JSON を送信してください / send a JSON body' });
  }
  // Before anything recursive walks it (JSON.parse itself is iterative).
  const deep = tooDeepAt(body, MAX_BODY_DEPTH);
  if (deep !== undefined) throw new EngineError('input.invalid', {}, { issues: [makeIssue(deep, 'input.too_deep', { limit: MAX_BODY_DEPTH })] });
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new EngineError('input.invalid', {}, { issues: [makeIssue('', 'schema.type', { type: 'object' })] });
  }
  const issues: Issue[] = Object.keys(body)
    .filter((k) => !allowed.includes(k))
    .map((k) => makeIssue(`/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, 'schema.additional_property', { property: k }));
  if (issues.length) throw new EngineError('input.invalid', {}, { issues });
  return body as Record<string, unknown>;
}
