// When the database cannot take a write (disk full, read-only file or file
// system, I/O error, lock held past busy_timeout), that is not a bug to answer
// with a bare 500: it is "storage unavailable, try again later" (503 with
// Retry-After), /healthz says so too, and the server refuses to start on a
// database it cannot write. Nothing is acknowledged that was not committed:
// a failed write rolls back and its request is answered 503.
import type Database from 'better-sqlite3';
import { accessSync, constants, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { EngineError } from '../core/errors';

/**
 * Codes that mean "the storage cannot take writes now": SQLite result codes (primary and
 * extended); PostgreSQL's connection exceptions (08…), insufficient resources (53…: disk full,
 * too many connections), shutdown (57P01–03), a read-only standby (25006); and the socket
 * errors of a database server that is down or restarting.
 */
const STORAGE_CODES = /^(SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY)(_[A-Z_]+)?|08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P0[123]|25006|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE)$/;

/** Seconds a client is asked to wait before retrying. */
export const STORAGE_RETRY_AFTER_SECONDS = 60;

/** The SQLite code of a storage failure in `err` or its causes (drizzle wraps driver errors), if any. */
export function storageErrorCode(err: unknown): string | undefined {
  let e = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && STORAGE_CODES.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

// Storage failures seen by requests, per connection: they flip /healthz even
// when the cheap checks below cannot see the cause (an I/O error of a bad disk).
const lastFailure = new WeakMap<object, number>();
const FAILURE_MEMORY_MS = 60_000;

/** `key`: the SQLite connection, or the PostgreSQL database object. */
export function noteStorageFailure(key: object, at: number): void {
  lastFailure.set(key, at);
}

/** Whether a storage failure was met through `key` in the last minute. */
export function recentStorageFailure(key: object, now: number): boolean {
  const failed = lastFailure.get(key);
  return failed !== undefined && now - failed < FAILURE_MEMORY_MS;
}

export interface StorageCheckOptions {
  /** Free bytes the database's file system must keep (the WAL and the file grow into it). */
  minFreeBytes?: number;
}

/**
 * Whether the database can take a write now, without writing (a health probe
 * runs every few seconds; a write per probe would fsync and wear the disk):
 * the connection is writable (not read-only, not query_only), the write lock can be
 * taken (BEGIN IMMEDIATE; ROLLBACK), the file is below SQLite's max_page_count, its
 * file system is writable and has free space, and no request met a storage error
 * in the last minute. Returns the reason it cannot, or undefined.
 */
export function storageProblem(client: Database.Database, now: number, opts: StorageCheckOptions = {}): string | undefined {
  try {
    if (client.readonly || client.pragma('query_only', { simple: true })) return 'read-only';
    if (!client.inTransaction) client.exec('BEGIN IMMEDIATE; ROLLBACK');
    const pages = client.pragma('page_count', { simple: true }) as number;
    const max = client.pragma('max_page_count', { simple: true }) as number;
    const free = client.pragma('freelist_count', { simple: true }) as number;
    // A booking writes a few pages (row, counters, audit, outbox, indexes).
    if (max - pages + free < 16) return 'database-full';
    if (client.name !== ':memory:' && client.name !== '') {
      const dir = dirname(client.name);
      accessSync(dir, constants.W_OK); // EROFS on a file system remounted read-only, even for root
      const fs = statfsSync(dir);
      if (fs.bavail * fs.bsize < (opts.minFreeBytes ?? 16 * 1024 * 1024)) return 'disk-full';
    }
  } catch (e) {
    const code = storageErrorCode(e) ?? (e as { code?: string }).code;
    return code === 'EROFS' || code === 'EACCES' || /READONLY/.test(code ?? '') ? 'read-only' : `error: ${code ?? 'unknown'}`;
  }
  const failed = lastFailure.get(client);
  if (failed !== undefined && now - failed < FAILURE_MEMORY_MS) return 'recent-write-failure';
  return undefined;
}

/**
 * Refuses a database that cannot be written: SQLite opens a write-protected file (or
 * one on a read-only file system) read-only without a word, and the server would
 * then start, listen and fail every booking. Writes the header's user_version back
 * unchanged: a real write, once at start.
 */
export function assertWritable(client: Database.Database, label: string): void {
  try {
    const v = client.pragma('user_version', { simple: true }) as number;
    client.pragma(`user_version = ${Number(v)}`);
  } catch (e) {
    const code = storageErrorCode(e);
    if (!code) throw e;
    throw new EngineError('storage.read_only', { path: label, reason: code }, { cause: e });
  }
}
