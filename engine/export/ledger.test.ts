// The two ways the ledger is read — one ordered pass on a read-only connection
// (file database) and keyset chunks (in-memory database) — write the same bytes,
// and cancelling a download closes the read-only connection.
// SQLite only: the export of a SQLite file through its second, read-only connection (PostgreSQL reads keyset pages, covered by admin-ledger).
import { isPostgres } from '../db/dialect';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { DATE, fill } from '../../test/bench/csv-export-data';
import { loadPublishedTenants } from '../config/versions';
import { closeDb, openDb, sqliteClient, type Db } from '../db';
import { allColumns } from '../staff/columns';
import { compileFilters, readFilters, type CompiledFilter } from '../staff/filters';
import type { LedgerColumn } from '../staff/columns';
import { streamLedger } from './ledger';

const ROWS = 2500;
let dir: string;
let file: Db;
let memory: Db;
let query: CompiledFilter;
let columns: LedgerColumn[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-test-'));
  const path = join(dir, 'ledger.db');
  await fill(path, 0, ROWS);
  file = openDb(path);
  memory = openDb(':memory:');
  // Only the bookings are needed to compare the two reads (the tenant version they point to stays in the file).
  sqliteClient(memory).exec(`PRAGMA foreign_keys = OFF; ATTACH '${path}' AS f; INSERT INTO bookings SELECT * FROM f.bookings; DETACH f; PRAGMA foreign_keys = ON;`);
  const published = (await loadPublishedTenants(file, registry)).find((p) => p.tenant.slug === 'csv-town')!;
  query = compileFilters(published, { scope: '*' }, readFilters({ date: DATE, status: 'all' }));
  columns = allColumns({ services: new Map(query.services.map((s) => [s.id, s])), timeZone: query.timeZone });
});

afterAll(async () => {
  if (file) await closeDb(file);
  if (memory) await closeDb(memory);
  rmSync(dir, { recursive: true, force: true });
});

async function read(stream: ReadableStream<Uint8Array>): Promise<{ chunks: number; bytes: Buffer }> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  return { chunks: parts.length, bytes: Buffer.concat(parts) };
}

describe.skipIf(isPostgres)('ledger export', () => {
  it('writes the same bytes from a file database and from an in-memory one', async () => {
    const a = await read(streamLedger(file, query, columns, 'utf8-bom', { chunkRows: 1000 }));
    const b = await read(streamLedger(memory, query, columns, 'utf8-bom', { chunkRows: 1000 }));
    expect(a.chunks).toBe(1 + Math.ceil(ROWS / 1000));
    expect(a.bytes.equals(b.bytes)).toBe(true);
    const text = a.bytes.toString('utf8');
    expect(text.startsWith('\uFEFF受付番号,')).toBe(true);
    const rows = Papa.parse<string[]>(text.slice(1, -2), { newline: '\r\n' }).data;
    expect(rows).toHaveLength(ROWS + 1);
    expect(rows.every((r) => r.length === columns.length)).toBe(true);
    const name = rows[0].indexOf('氏名');
    expect(new Set(rows.slice(1).map((r) => r[name]))).toEqual(new Set(['髙橋 一郎', '山田 花子', `'=HYPERLINK("x")`, '佐藤 﨑子', "'-1+2", 'Smith, John']));
    const cp932 = await read(streamLedger(file, query, columns, 'cp932', { chunkRows: 1000 }));
    expect(new TextDecoder('shift_jis').decode(cp932.bytes)).toBe(text.slice(1).replace(/〜/g, '～'));
  });

  it('closes the read-only connection when the download is cancelled', async () => {
    // A passive checkpoint cannot copy pages past the snapshot of an open reader (and does not wait).
    const stuckFrames = () => {
      const [c] = sqliteClient(file).pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
      return c.log - c.checkpointed;
    };
    const reader = streamLedger(file, query, columns, 'utf8-bom', { chunkRows: 100 }).getReader();
    await reader.read();
    await reader.read();
    sqliteClient(file).prepare("UPDATE bookings SET updated_at = updated_at + 1 WHERE receipt_no = '1'").run();
    expect(stuckFrames()).toBeGreaterThan(0);
    await reader.cancel();
    expect(stuckFrames()).toBe(0);
  });
});
