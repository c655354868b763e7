// Month grids are read far more often than places change. The resident API keeps
// the JSON of a grid and serves it again while nothing it depends on changed:
// - this process's counter writes: takeUnits/releaseUnits bump a generation
//   (also in a transaction that later rolls back: that only costs a recompute);
// - other connections' commits (another server process on the same file):
//   SQLite's PRAGMA data_version changes;
// - the minute: a slot's state depends on now (past, booking window), and slot
//   starts and window boundaries fall on whole minutes;
// - the published version (part of the key).
// On PostgreSQL other servers write the counters and nothing here would see it:
// there every request computes its grid.
import { dialectOf, sqliteClient, type Db } from '../db';

let generation = 0;
const encoder = new TextEncoder();

/** Called by every write of slot_counters. */
export function countersChanged(): void {
  generation++;
}

interface Entry {
  generation: number;
  dataVersion: number;
  minute: number;
  /** UTF-8 bytes, encoded once: a month of 50 rooms is megabytes, and encoding it per request costs more than the look-up. */
  body: Uint8Array<ArrayBuffer>;
}

const MAX_ENTRIES = 64;
const MAX_BYTES = 128 * 1024 * 1024;
/** One cache per database (a process normally has one; tests open many). */
const caches = new WeakMap<object, { entries: Map<string, Entry>; bytes: number }>();

function dataVersion(db: Db): number {
  return sqliteClient(db).pragma('data_version', { simple: true }) as number;
}

/** The cached JSON (UTF-8) for `key`, or `compute()`'s (stored for the next request). */
export async function cachedJson(db: Db, key: string, now: Date, compute: () => Promise<unknown>): Promise<Uint8Array<ArrayBuffer>> {
  if (dialectOf(db) !== 'sqlite') return encoder.encode(JSON.stringify(await compute()));
  const minute = Math.floor(now.getTime() / 60_000);
  const dv = dataVersion(db);
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { entries: new Map(), bytes: 0 }));
  const { entries } = cache;
  const hit = entries.get(key);
  if (hit && hit.generation === generation && hit.dataVersion === dv && hit.minute === minute) {
    // Most recently used last: Map keeps insertion order.
    entries.delete(key);
    entries.set(key, hit);
    return hit.body;
  }
  // Read before computing: a write meanwhile leaves the entry older than the next look-up wants.
  const gen = generation;
  const body = encoder.encode(JSON.stringify(await compute()));
  // Another request may have stored this key while we computed: replace what is there now.
  const old = entries.get(key);
  if (old) {
    entries.delete(key);
    cache.bytes -= old.body.byteLength;
  }
  entries.set(key, { generation: gen, dataVersion: dv, minute, body });
  cache.bytes += body.byteLength;
  for (const [k, e] of entries) {
    if (entries.size <= MAX_ENTRIES && cache.bytes <= MAX_BYTES) break;
    entries.delete(k);
    cache.bytes -= e.body.byteLength;
  }
  return body;
}
