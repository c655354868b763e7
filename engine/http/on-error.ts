// The one place an error becomes an HTTP response:
// { "error": { "code", "message", "details", "issues"? } }.
// Unexpected errors are logged with their stack and answered as a bare 500.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { EngineError, type Issue } from '../core/errors';
import { messageFor, statusOf, type Lang } from '../core/messages';
import { dialectOf, sqliteClient } from '../db';
import { noteStorageFailure, STORAGE_RETRY_AFTER_SECONDS, storageErrorCode } from '../db/storage';
import type { AppEnv } from './context';

function localizeIssues(issues: Issue[], lang: Lang): Issue[] {
  return issues.map((i) => (lang === 'en' && i.messageEn ? { ...i, message: i.messageEn } : i));
}

export function errorBody(e: EngineError, lang: Lang) {
  return {
    error: {
      code: e.code,
      message: messageFor(e.code, e.details, lang),
      details: e.details,
      ...(e.issues ? { issues: localizeIssues(e.issues, lang) } : {}),
    },
  };
}

/**
 * A storage failure (disk full, read-only, I/O error, lock timeout) as the engine error
 * to show, after noting it for /healthz and asking the client to come back later.
 * Undefined for any other error.
 */
export function storageFailure<E extends AppEnv>(err: unknown, c: Context<E>): EngineError | undefined {
  if (err instanceof EngineError && statusOf(err.code) < 500) return undefined;
  const code = storageErrorCode(err);
  if (!code) return undefined;
  const deps = c.get('deps');
  if (deps) noteStorageFailure(dialectOf(deps.db) === 'sqlite' ? sqliteClient(deps.db) : deps.db, deps.clock.now().getTime());
  c.header('Retry-After', String(STORAGE_RETRY_AFTER_SECONDS));
  return new EngineError('storage.unavailable', {}, { cause: err });
}

export function onError(err: Error, c: Context<AppEnv>): Response {
  const lang = c.get('lang') ?? 'ja';
  const storage = storageFailure(err, c);
  if (storage) {
    c.get('deps')?.logger.error('storage unavailable', { method: c.req.method, path: c.req.path, code: storageErrorCode(err), error: err?.message });
    return c.json(errorBody(storage, lang), 503);
  }
  if (err instanceof EngineError) {
    const status = statusOf(err.code) as ContentfulStatusCode;
    if (status >= 500) c.get('deps')?.logger.error('engine error', { code: err.code, stack: err.stack, cause: String(err.cause ?? '') });
    if (status === 429 && typeof err.details.retryAfter === 'number') c.header('Retry-After', String(err.details.retryAfter));
    return c.json(errorBody(err, lang), status);
  }
  if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 404 ? 'http.not_found' : err.status === 429 ? 'http.rate_limited' : 'http.bad_request';
    return c.json(errorBody(new EngineError(code, { reason: '' }), lang), err.status as ContentfulStatusCode);
  }
  const logger = c.get('deps')?.logger;
  const fields = { method: c.req.method, path: c.req.path, error: err?.message, stack: err?.stack };
  if (logger) logger.error('unhandled error', fields);
  else console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', ...fields }));
  return c.json(errorBody(new EngineError('internal.error'), lang), 500);
}

export function notFound(c: Context<AppEnv>): Response {
  return c.json(errorBody(new EngineError('http.not_found'), c.get('lang') ?? 'ja'), 404);
}
