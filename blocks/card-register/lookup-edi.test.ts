// The lease lookup adapters (HTTP against a local server, CSV from a folder) and the EDI
// delivery (to a local HTTP server, into a folder, nowhere), with retries counted.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../engine/db';
import { ediOutbox } from '../../engine/db/schema';
import { EngineError } from '../../engine/core/errors';
import { loadFixture } from '../../test/contract/block-contract';
import type { CompiledCardRegister } from './block';
import { deliverEdi, ediLine, MAX_ATTEMPTS, outboxStatus } from './edi';
import { csvLookup, httpLookup, lookupFor } from './lookup';
import { luhnDigit } from './store';
import { eq } from 'drizzle-orm';

const reg: CompiledCardRegister = loadFixture(new URL('./fixtures/k-lease.valid.json', import.meta.url)).get('card-register', 'etc-card')!;

let server: Server;
let base: string;
let mode: 'ok' | 'fail' | 'slow' = 'ok';
const received: { url: string; type: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = decodeURIComponent(req.url ?? '');
      if (mode === 'slow') return; // never answers: the client's timeout ends it
      if (mode === 'fail') {
        res.writeHead(503).end('down');
        return;
      }
      if (req.method === 'POST') {
        received.push({ url, type: req.headers['content-type'] ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `batch-${received.length}` }));
      } else if (url === '/contracts/L-1') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ leaseNo: 'L-1', customerName: '株式会社テスト', start: '2026-01-01', end: '2028-03-31' }));
      else if (url === '/vehicles/品川 500 あ 12-34') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ regNo: '品川　500 あ 12-34', leaseNo: 'L-1', name: 'ハイエース' }));
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('lease lookup', () => {
  it('HTTP: finds a contract and a vehicle (number encoded, normalized), 404 is none', async () => {
    mode = 'ok';
    const l = httpLookup(`${base}/`);
    expect(await l.contract('L-1')).toEqual({ leaseNo: 'L-1', customerName: '株式会社テスト', start: '2026-01-01', end: '2028-03-31' });
    expect(await l.vehicle('品川 500 あ 12-34')).toEqual({ regNo: '品川 500 あ 12-34', leaseNo: 'L-1', name: 'ハイエース' });
    expect(await l.contract('L-404')).toBeNull();
    expect(await l.vehicle('品川 000 あ 00-00')).toBeNull();
  });

  it('HTTP: another failure or a timeout is a 502 card.lookup_unavailable', async () => {
    mode = 'fail';
    const e = await httpLookup(base).contract('L-1').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).code).toBe('card.lookup_unavailable');
    expect((e as EngineError).details.reason).toBe('HTTP 503');
    mode = 'slow';
    const t = await httpLookup(base, 200).contract('L-1').catch((x: unknown) => x);
    expect((t as EngineError).details.reason).toBe('timeout');
    mode = 'ok';
  });

  it('CSV: reads the tenant folder’s files; the URL variable switches to HTTP', async () => {
    const l = csvLookup(join(import.meta.dirname, '../../tenants/k-lease/lease'));
    expect(await l.contract('L-2025-0002')).toEqual({ leaseNo: 'L-2025-0002', customerName: 'さくら建設株式会社', start: '2025-01-15', end: '2028-01-14' });
    expect(await l.vehicle('練馬　300 さ  11-22')).toEqual({ regNo: '練馬 300 さ 11-22', leaseNo: 'L-2025-0002', name: 'キャンター' });
    expect(await l.contract('L-0')).toBeNull();
    const viaEnv = lookupFor(reg, 'k-lease', { K_LEASE_LOOKUP_URL: base });
    expect((await viaEnv.contract('L-1'))?.customerName).toBe('株式会社テスト');
    await expect(csvLookup('/nonexistent').contract('x')).rejects.toMatchObject({ code: 'card.lookup_unavailable' });
  });
});

describe('card numbers', () => {
  it('appends the Luhn check digit', () => {
    expect(luhnDigit('7992739871')).toBe('3');
    expect(luhnDigit('453201511283036')).toBe('6');
  });
});

describe('EDI delivery', () => {
  const payload = (cardNo: string) => JSON.stringify({ kind: 'new', alphaName: 'AOBA, UNYU', subject: '品川 500 あ 12-34', cardType: 'standard', cardNo, expiry: '202706' });
  async function dbWith(n: number) {
    const db = openDb(':memory:');
    for (let i = 1; i <= n; i++) await db.insert(ediOutbox).values({ tenantSlug: 'k-lease', channel: 'card-register/etc-card', ref: `c${i}`, payload: payload(`910100000000000${i}`), status: 'pending', attempts: 0, nextAt: 0, createdAt: 0 });
    return db;
  }

  it('lays out one CSV line per card', () => {
    expect(ediLine({ kind: 'renewal', alphaName: 'AOBA, UNYU', subject: '品川 500 あ 12-34', cardType: 'blue', cardNo: '9101000000000017', expiry: '203006' })).toBe('2,"AOBA, UNYU",品川 500 あ 12-34,blue,9101000000000017,203006');
  });

  it('POSTs the pending rows to the URL as one batch and marks them sent with the reply id', async () => {
    mode = 'ok';
    received.length = 0;
    const db = await dbWith(2);
    const r = await deliverEdi({ db, now: 1000, env: { K_CARD_PRINTER_URL: `${base}/edi`, K_CARD_PRINTER_DIR: '/unused' } }, 'k-lease', reg);
    expect(r).toMatchObject({ sent: 2, target: 'url', sentAs: 'batch-1' });
    expect(received[0].type).toContain('text/csv');
    expect(received[0].body.split('\r\n')).toEqual(['1,"AOBA, UNYU",品川 500 あ 12-34,standard,9101000000000001,202706', '1,"AOBA, UNYU",品川 500 あ 12-34,standard,9101000000000002,202706', '']);
    expect((await db.select().from(ediOutbox)).map((x) => [x.status, x.sentAs, x.attempts])).toEqual([['sent', 'batch-1', 1], ['sent', 'batch-1', 1]]);
    expect((await deliverEdi({ db, now: 2000, env: { K_CARD_PRINTER_URL: `${base}/edi` } }, 'k-lease', reg)).sent).toBe(0);
    expect(received).toHaveLength(1);
  });

  it('writes one file per run into the folder (no temp file left) when no URL is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edi-'));
    writeFileSync(join(dir, 'other.txt'), 'x');
    const db = await dbWith(3);
    const r = await deliverEdi({ db, now: Date.parse('2027-01-05T00:00:00Z'), env: { K_CARD_PRINTER_DIR: dir } }, 'k-lease', reg);
    expect(r).toMatchObject({ sent: 3, target: 'folder' });
    const files = readdirSync(dir).filter((f) => f !== 'other.txt');
    expect(files).toEqual([r.sentAs]);
    expect(files[0]).toMatch(/^etc-card-20270105000000-1\.csv$/);
    expect(readFileSync(join(dir, files[0]), 'utf8').trim().split('\r\n')).toHaveLength(3);
    expect(await outboxStatus(db, 'k-lease', reg)).toMatchObject({ pending: 0, sent: 3 });
  });

  it('keeps the rows pending with neither target, and retries failures with backoff, counting attempts', async () => {
    const db = await dbWith(1);
    expect(await deliverEdi({ db, now: 1000, env: {} }, 'k-lease', reg)).toEqual({ sent: 0, target: 'none' });
    expect(await outboxStatus(db, 'k-lease', reg)).toMatchObject({ pending: 1 });
    mode = 'fail';
    const env = { K_CARD_PRINTER_URL: `${base}/edi` };
    const r = await deliverEdi({ db, now: 1000, env }, 'k-lease', reg);
    expect(r).toMatchObject({ sent: 0, error: 'HTTP 503' });
    const row = (await db.select().from(ediOutbox).limit(1))[0]!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, nextAt: 61_000, lastError: 'HTTP 503' });
    // Not due before its next time.
    expect((await deliverEdi({ db, now: 2000, env }, 'k-lease', reg)).error).toBeUndefined();
    expect((await db.select().from(ediOutbox).limit(1))[0]!.attempts).toBe(1);
    await db.update(ediOutbox).set({ attempts: MAX_ATTEMPTS - 1, nextAt: 0 }).where(eq(ediOutbox.id, row.id));
    await deliverEdi({ db, now: 3000, env }, 'k-lease', reg);
    expect((await db.select().from(ediOutbox).limit(1))[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(await outboxStatus(db, 'k-lease', reg)).toMatchObject({ failed: 1, lastError: 'HTTP 503' });
    mode = 'ok';
  });
});
