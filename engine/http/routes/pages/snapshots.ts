// Post/Redirect/Get for the resident forms. A posted screen (the next 入力 step,
// 確認, 完了) is saved and answered with a 303 to a GET of it, so the browser's
// back and forward buttons re-open screens with what was typed instead of an
// empty form or a "Confirm Form Resubmission" error. The forms still carry every
// answer in hidden inputs; a snapshot only serves history navigation.
//
// A snapshot is sealed under a key derived from a random browser-session cookie:
// the database holds neither the key nor the answers in clear, and the id in the
// URL opens nothing without the cookie. Snapshots expire after SNAPSHOT_TTL_MS.
import { isPostgres } from '../../../db/dialect';
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { readCookie, writeCookie } from '../../../auth/cookies';
import { deriveKey, sealText, unsealText } from '../../../core/seal';
import { sqlGet, sqlRun, type Db } from '../../../db';
import type { PageEnv } from './context';

export const SNAPSHOT_TTL_MS = 12 * 3_600_000;
const COOKIE = 'mr_pages';
const SECRET = /^[A-Za-z0-9_-]{43}$/;

type Ctx = Context<PageEnv>;

function browserSecret(c: Ctx, create: boolean): string | undefined {
  const s = readCookie(c, COOKIE);
  if (s && SECRET.test(s)) return s;
  if (!create) return undefined;
  const fresh = randomBytes(32).toString('base64url');
  writeCookie(c, COOKIE, fresh);
  return fresh;
}

const ownerOf = (secret: string) => createHash('sha256').update(`pages:${secret}`).digest('base64url');
const keyOf = (secret: string) => deriveKey(secret, 'page-snapshot');

/** Saves a screen of `scope` (e.g. one service's slot) for this browser; returns its id for the URL. */
export async function saveSnapshot(c: Ctx, scope: string, data: unknown): Promise<string> {
  const secret = browserSecret(c, true)!;
  const { db, clock } = c.get('deps');
  const id = randomBytes(12).toString('base64url');
  await sqlRun(db, 'INSERT INTO page_snapshots (id, tenant_slug, owner, scope, created_at, sealed) VALUES (?, ?, ?, ?, ?, ?)', [
    id,
    c.get('published').tenant.slug,
    ownerOf(secret),
    scope,
    clock.now().getTime(),
    sealText(keyOf(secret), JSON.stringify(data)),
  ]);
  return id;
}

function open<T>(c: Ctx, secret: string, row: { sealed: string; scope: string; createdAt: number } | undefined): { scope: string; data: T } | undefined {
  if (!row || row.createdAt < c.get('deps').clock.now().getTime() - SNAPSHOT_TTL_MS) return undefined;
  try {
    return { scope: row.scope, data: JSON.parse(unsealText(keyOf(secret), row.sealed)) as T };
  } catch {
    return undefined; // another browser's id, or altered data: as if it did not exist
  }
}

/** This browser's snapshot with this id, or undefined (unknown, another browser's, expired). */
export async function loadSnapshot<T>(c: Ctx, id: string | undefined): Promise<{ scope: string; data: T } | undefined> {
  const secret = browserSecret(c, false);
  if (!secret || !id) return undefined;
  const row = await sqlGet<{ sealed: string; scope: string; createdAt: number }>(
    c.get('deps').db,
    'SELECT sealed, scope, created_at AS "createdAt" FROM page_snapshots WHERE id = ? AND owner = ? AND tenant_slug = ?',
    [id, ownerOf(secret), c.get('published').tenant.slug],
  );
  return open<T>(c, secret, row);
}

/** This browser's latest snapshot of a scope: what a plain GET of the first screen re-opens. */
export async function latestSnapshot<T>(c: Ctx, scope: string): Promise<T | undefined> {
  const secret = browserSecret(c, false);
  if (!secret) return undefined;
  const row = await sqlGet<{ sealed: string; scope: string; createdAt: number }>(
    c.get('deps').db,
    // Two screens saved in the same millisecond: SQLite's rowid says which came last (PostgreSQL has none; such a tie is left to chance there).
    `SELECT sealed, scope, created_at AS "createdAt" FROM page_snapshots WHERE owner = ? AND scope = ? AND tenant_slug = ? ORDER BY created_at DESC${isPostgres ? '' : ', rowid DESC'} LIMIT 1`,
    [ownerOf(secret), scope, c.get('published').tenant.slug],
  );
  return open<T>(c, secret, row)?.data;
}

/** 303 to `path?s=<id>` of a saved screen; where saving fails (storage trouble) the screen is answered directly. */
export async function redirectToSnapshot(c: Ctx, path: string, scope: string, data: unknown, direct: () => Response | Promise<Response>): Promise<Response> {
  let id: string;
  try {
    id = await saveSnapshot(c, scope, data);
  } catch (e) {
    c.get('deps').logger.error('page snapshot not saved', { error: (e as Error).message });
    return await direct();
  }
  return c.redirect(`${path}${path.includes('?') ? '&' : '?'}s=${id}`, 303);
}

export async function purgeExpiredSnapshots(db: Db, now: number): Promise<number> {
  return (await sqlRun(db, 'DELETE FROM page_snapshots WHERE created_at < ?', [now - SNAPSHOT_TTL_MS])).changes;
}
