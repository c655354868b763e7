// Request bodies: a size cap on every route (413), and JSON only on the JSON API
// (415). The cap stops a few parallel huge uploads from exhausting memory; the
// media type stops a cross-site HTML form (text/plain, urlencoded, multipart —
// sent without a CORS preflight) from booking or changing things from a
// visitor's browser.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { EngineError } from '../../core/errors';

const MB = 1024 * 1024;
/** Forms and the JSON API. */
export const DEFAULT_BODY_LIMIT = 1 * MB;
/** The builder's configuration drafts and previews (a whole tenant's blocks). */
export const CONFIG_BODY_LIMIT = 10 * MB;
const CONFIG_PATH = /^\/api\/admin\/t\/[^/]+\/(config|preview)(\/|$)/;

const tooLarge = (limit: number) => () => {
  throw new EngineError('http.too_large', { limit: `${limit / MB} MB`, limitBytes: limit });
};
const small = bodyLimit({ maxSize: DEFAULT_BODY_LIMIT, onError: tooLarge(DEFAULT_BODY_LIMIT) });
const large = bodyLimit({ maxSize: CONFIG_BODY_LIMIT, onError: tooLarge(CONFIG_BODY_LIMIT) });

export const limitBody: MiddlewareHandler = (c, next) => {
  const limit = CONFIG_PATH.test(c.req.path) ? CONFIG_BODY_LIMIT : DEFAULT_BODY_LIMIT;
  // A declared length is checked from the header (Node's parser reads no more than it declares):
  // touching c.req.raw.body, as hono's bodyLimit does first, makes the Node adapter build a full
  // web Request and stream for every request, a fifth of a booking's own CPU.
  const length = c.req.header('content-length');
  if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
    if (Number.parseInt(length, 10) > limit) tooLarge(limit)();
    return next();
  }
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  // Chunked: counted as it streams in.
  return (limit === CONFIG_BODY_LIMIT ? large : small)(c, next);
};

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?[\w-]+"?\s*)?$/i;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** For the JSON API (/api/...): a write that carries a body must say it is JSON. */
export const requireJsonBody: MiddlewareHandler = async (c, next) => {
  if (WRITES.has(c.req.method)) {
    const type = c.req.header('content-type');
    const length = c.req.header('content-length');
    const hasBody = type !== undefined || (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
    if (hasBody && !JSON_TYPE.test((type ?? '').trim())) throw new EngineError('http.unsupported_media_type', { contentType: type ?? '' });
  }
  await next();
};
