// The ledger CSV (台帳), streamed with constant memory: rows are read in chunks and
// each chunk is encoded and handed to the stream only when the client pulls it.
//
// A file database is read through its own read-only connection in one ordered
// pass: WAL gives it a consistent snapshot without blocking writers, and the main
// connection stays free (while an iterator is open, better-sqlite3 refuses every
// other statement on that connection, so a slow download would block bookings).
// An in-memory database has no second connection; it is read by keyset chunks
// through the storage port (sqlAll), which re-sort the matching rows per chunk and
// so suit only small data on SQLite (on a server database they are the way to read).
// Columns that read the database (LedgerColumn.load) read once per chunk.
import Database from 'better-sqlite3';
import { dialectOf, sqlAll, sqlGet, sqliteClient, type Db } from '../db';
import { LEDGER_FROM, LEDGER_SELECT, type CompiledFilter } from '../staff/filters';
import { loadColumns, type Cell, type LedgerColumn, type LedgerRow } from '../staff/columns';
import { codePointLabel, encodeCp932, unencodableChars } from './cp932';
import { csvCell, csvLines, csvRow, csvTextCell } from './csv';

export type LedgerEncoding = 'utf8-bom' | 'cp932';
export const LEDGER_ENCODINGS: readonly LedgerEncoding[] = ['utf8-bom', 'cp932'];

export interface LedgerOptions {
  /** Rows per query and per stream chunk. */
  chunkRows?: number;
  lang?: 'ja' | 'en';
}

const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/** Reads matching rows chunk by chunk, in visit order; `yield`s one array per chunk. */
export async function* ledgerChunks(db: Db, query: CompiledFilter, chunkRows = 500): AsyncGenerator<LedgerRow[]> {
  // PostgreSQL (and an in-memory SQLite database): keyset pages through the pool. A SQLite file is
  // read through a second, read-only connection, so the export never holds the writers' connection.
  const client = dialectOf(db) === 'sqlite' ? sqliteClient(db) : undefined;
  if (!client || client.memory) {
    yield* keysetChunks(db, query, chunkRows);
    return;
  }
  const reader = new Database(client.name, { readonly: true, fileMustExist: true });
  try {
    reader.pragma('busy_timeout = 5000');
    const stmt = reader.prepare(`${LEDGER_SELECT} ${LEDGER_FROM} WHERE ${query.where} ORDER BY b.slot_start, b.id`).raw(true);
    const toRow = rowBuilder(stmt.columns().map((c) => c.name));
    let buf: LedgerRow[] = [];
    for (const values of stmt.iterate(...query.params)) {
      buf.push(toRow(values as unknown[]));
      if (buf.length === chunkRows) {
        yield buf;
        buf = [];
      }
    }
    if (buf.length) yield buf;
  } finally {
    reader.close();
  }
}

/**
 * Rows from raw arrays: better-sqlite3 builds each row object property by property
 * in native code, which costs more than the query. A class of one fixed shape is
 * cheap for V8; it follows LEDGER_SELECT's column order, checked once per export.
 */
class RawLedgerRow {
  id: number; receipt_no: string; status: LedgerRow['status']; service_id: string; resource_id: string; slot_start: number; slot_end: number; slot_date: string;
  seats: number; answers_json: string; channel: string; created_at: number; updated_at: number; cancelled_at: number | null; member_id: string | null; member_no: string | null;
  visit_status: LedgerRow['visit_status']; visited_at: number | null; items_json: string | null; note: string | null;
  constructor(v: any[]) {
    this.id = v[0]; this.receipt_no = v[1]; this.status = v[2]; this.service_id = v[3]; this.resource_id = v[4]; this.slot_start = v[5]; this.slot_end = v[6]; this.slot_date = v[7];
    this.seats = v[8]; this.answers_json = v[9]; this.channel = v[10]; this.created_at = v[11]; this.updated_at = v[12]; this.cancelled_at = v[13]; this.member_id = v[14]; this.member_no = v[15];
    this.visit_status = v[16]; this.visited_at = v[17]; this.items_json = v[18]; this.note = v[19];
  }
}
const RAW_ORDER = ['id', 'receipt_no', 'status', 'service_id', 'resource_id', 'slot_start', 'slot_end', 'slot_date', 'seats', 'answers_json', 'channel', 'created_at', 'updated_at', 'cancelled_at', 'member_id', 'member_no', 'visit_status', 'visited_at', 'items_json', 'note'];

function rowBuilder(names: string[]): (values: unknown[]) => LedgerRow {
  if (names.join() !== RAW_ORDER.join()) throw new Error(`ledger columns changed: ${names.join()}`);
  return (values) => new RawLedgerRow(values as any[]);
}

async function* keysetChunks(db: Db, query: CompiledFilter, chunkRows: number): AsyncGenerator<LedgerRow[]> {
  const first = `${LEDGER_SELECT} ${LEDGER_FROM} WHERE ${query.where} ORDER BY b.slot_start, b.id LIMIT ?`;
  const next = `${LEDGER_SELECT} ${LEDGER_FROM} WHERE ${query.where} AND (b.slot_start > ? OR (b.slot_start = ? AND b.id > ?)) ORDER BY b.slot_start, b.id LIMIT ?`;
  let last: LedgerRow | undefined;
  for (;;) {
    const rows = last
      ? await sqlAll<LedgerRow>(db, next, [...query.params, last.slot_start, last.slot_start, last.id, chunkRows])
      : await sqlAll<LedgerRow>(db, first, [...query.params, chunkRows]);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < chunkRows) return;
    last = rows[rows.length - 1];
  }
}

// Per-row work is written as plain loops: a closure created per row (rows.map((r) => …))
// is, under tsx's keepNames, also a defineProperty per row.

function toCells(rows: readonly LedgerRow[], columns: readonly LedgerColumn[]): Cell[][] {
  const out: Cell[][] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const answers = JSON.parse(r.answers_json) as Record<string, unknown>;
    const cells: Cell[] = new Array(columns.length);
    for (let j = 0; j < columns.length; j++) cells[j] = columns[j].value(r, answers);
    out[i] = cells;
  }
  return out;
}

/** Rows as CSV lines (CRLF each), written row by row through one reused cell array. */
function csvText(rows: readonly LedgerRow[], columns: readonly LedgerColumn[]): string {
  const cells: Cell[] = new Array(columns.length);
  const asText = columns.some((c) => c.keepAsText);
  let text = '';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const answers = JSON.parse(r.answers_json) as Record<string, unknown>;
    for (let j = 0; j < columns.length; j++) cells[j] = columns[j].value(r, answers);
    if (!asText) {
      text += `${csvRow(cells)}\r\n`;
      continue;
    }
    let line = '';
    for (let j = 0; j < columns.length; j++) line += (j === 0 ? '' : ',') + (columns[j].keepAsText ? csvTextCell(cells[j]) : csvCell(cells[j]));
    text += `${line}\r\n`;
  }
  return text;
}

/**
 * The ledger as a byte stream: header line, then the rows. UTF-8 starts with a BOM;
 * CP932 refuses (errors the stream) rather than write '?' — call findUnencodable first.
 */
export function streamLedger(db: Db, query: CompiledFilter, columns: readonly LedgerColumn[], encoding: LedgerEncoding, opts: LedgerOptions = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const encode = (text: string) => (encoding === 'cp932' ? encodeCp932(text) : encoder.encode(text));
  const header = csvLines([columns.map((c) => (opts.lang === 'en' ? c.labelEn : c.label))]);
  let chunks: AsyncGenerator<LedgerRow[]> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const head = encode(header);
        if (encoding === 'utf8-bom') {
          const out = new Uint8Array(BOM.length + head.length);
          out.set(BOM);
          out.set(head, BOM.length);
          controller.enqueue(out);
        } else controller.enqueue(head);
      },
      async pull(controller) {
        chunks ??= ledgerChunks(db, query, opts.chunkRows);
        const r = await chunks.next();
        if (r.done) return controller.close();
        await loadColumns(columns, r.value);
        controller.enqueue(encode(csvText(r.value, columns)));
      },
      async cancel() {
        await chunks?.return(undefined);
      },
    },
    // Pull one chunk at a time: memory stays at one chunk whatever the size of the export.
    { highWaterMark: 0 },
  );
}

export interface Unencodable {
  receiptNo: string;
  column: string;
  columnLabel: string;
  char: string;
  codePoint: string;
}

/** The cells CP932 cannot hold (first `limit`), found with the same chunked read. Header labels included. */
export async function findUnencodable(db: Db, query: CompiledFilter, columns: readonly LedgerColumn[], limit = 100): Promise<{ count: number; places: Unencodable[] }> {
  const places: Unencodable[] = [];
  let count = 0;
  for (const c of columns) {
    for (const ch of unencodableChars(c.label)) {
      count++;
      places.push({ receiptNo: '', column: c.id, columnLabel: c.label, char: ch, codePoint: codePointLabel(ch) });
    }
  }
  for await (const rows of ledgerChunks(db, query, 1000)) {
    await loadColumns(columns, rows);
    const cells = toCells(rows, columns);
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < columns.length; j++) {
        const v = cells[i][j];
        if (typeof v !== 'string') continue;
        for (const ch of unencodableChars(v)) {
          count++;
          if (places.length < limit) places.push({ receiptNo: rows[i].receipt_no, column: columns[j].id, columnLabel: columns[j].label, char: ch, codePoint: codePointLabel(ch) });
        }
      }
    }
  }
  return { count, places };
}

/** How many rows the export will hold (for the audit row, written before streaming starts). */
export async function countLedger(db: Db, query: CompiledFilter): Promise<number> {
  return (await sqlGet<{ n: number }>(db, `SELECT COUNT(*) AS n ${LEDGER_FROM} WHERE ${query.where}`, query.params))!.n;
}
