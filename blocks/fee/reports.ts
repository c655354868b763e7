// Fee reports as CSV for Excel, written like the ledger (engine/export: formula-safe
// cells, numbers stay numbers, UTF-8 with BOM or CP932 that refuses what it cannot
// hold, streamed a chunk at a time):
//   収納日計表  payments per 収納日 by facility (service and place) and method, a 日計 per day, a 合計
//   使用料月計表 per facility for the bookings used in a month: 件数, 使用料, 減免額, 収納済額, 未収額
// Amounts are integer yen, summed as integers.
import type { CompiledService } from '../service/block';
import { statusInSql } from '../../engine/booking/status';
import { EngineError } from '../../engine/core/errors';
import { sqlAll, type Db } from '../../engine/db';
import { codePointLabel, encodeCp932, unencodableChars } from '../../engine/export/cp932';
import { csvRow } from '../../engine/export/csv';
import type { LedgerEncoding } from '../../engine/export/ledger';
import { addDays, epochToLocal, localToEpoch } from '../../engine/schedule/time';
import type { Cell } from '../../engine/staff/columns';
import type { FeeLine } from './compute';
import { methodLabel } from './receive';
import './slip-messages';

export interface Report {
  header: string[];
  rows: Cell[][];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** from..to inclusive, at most 366 days; a day that never was is refused. */
export function checkPeriod(from: string, to: string): void {
  const ok = (d: string) => DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
  if (!ok(from) || !ok(to) || from > to || addDays(from, 366) <= to) throw new EngineError('fee.bad_period');
}

/** 収納日計表: one row per 収納日 × service × place × method, then 日計 per day and 合計. */
export async function dailyReceipts(db: Db, input: { tenant: string; services: readonly CompiledService[]; from: string; to: string; timeZone: string }): Promise<Report> {
  checkPeriod(input.from, input.to);
  const order = new Map(input.services.map((s, i) => [s.id, i]));
  const startMs = localToEpoch(input.from, '00:00', input.timeZone);
  const endMs = localToEpoch(addDays(input.to, 1), '00:00', input.timeZone);
  // A payment without 収納日 (recorded before it was kept, or by another channel) counts on the local day it was recorded.
  const services = [...order.keys()];
  if (services.length === 0) return { header: DAILY_HEADER, rows: [['合計', null, null, null, 0, 0]] };
  const payments = await sqlAll<{ amount: number; method: string; receivedOn: string | null; at: number; service: string; resource: string }>(
    db,
    `SELECT p.amount AS amount, p.method AS method, p.received_on AS "receivedOn", p.at AS at, b.service_id AS service, b.resource_id AS resource
     FROM booking_payments p JOIN bookings b ON b.id = p.booking_id
     WHERE p.tenant_slug = ? AND b.service_id IN (${services.map(() => '?').join(', ')})
       AND ((p.received_on BETWEEN ? AND ?) OR (p.received_on IS NULL AND p.at >= ? AND p.at < ?))`,
    [input.tenant, ...services, input.from, input.to, startMs, endMs],
  );
  const groups = new Map<string, { day: string; service: string; resource: string; method: string; count: number; amount: number }>();
  for (const p of payments) {
    const day = p.receivedOn ?? epochToLocal(p.at, input.timeZone).date;
    const key = `${day}\u0000${p.service}\u0000${p.resource}\u0000${p.method}`;
    const g = groups.get(key) ?? { day, service: p.service, resource: p.resource, method: p.method, count: 0, amount: 0 };
    g.count++;
    g.amount += p.amount;
    groups.set(key, g);
  }
  const sorted = [...groups.values()].sort((a, b) => a.day.localeCompare(b.day) || order.get(a.service)! - order.get(b.service)! || a.resource.localeCompare(b.resource) || a.method.localeCompare(b.method));
  const titles = titlesOf(input.services);
  const rows: Cell[][] = [];
  let dayCount = 0;
  let dayAmount = 0;
  let count = 0;
  let amount = 0;
  sorted.forEach((g, i) => {
    rows.push([g.day, titles.service(g.service), titles.resource(g.service, g.resource), methodLabel(g.method), g.count, g.amount]);
    dayCount += g.count;
    dayAmount += g.amount;
    if (sorted[i + 1]?.day !== g.day) {
      rows.push([g.day, '日計', null, null, dayCount, dayAmount]);
      count += dayCount;
      amount += dayAmount;
      dayCount = 0;
      dayAmount = 0;
    }
  });
  rows.push(['合計', null, null, null, count, amount]);
  return { header: DAILY_HEADER, rows };
}

const DAILY_HEADER = ['収納日', '施設', '場所', '支払方法', '件数', '金額'];
const MONTHLY_HEADER = ['利用月', '施設', '場所', '件数', '使用料', '減免額', '収納済額', '未収額'];

/** 使用料月計表: bookings used in the month (active, or with money received), per service and place. */
export async function monthlyFees(db: Db, input: { tenant: string; services: readonly CompiledService[]; month: string }): Promise<Report> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month)) throw new EngineError('fee.bad_month');
  const from = `${input.month}-01`;
  const to = addDays(addDays(from, 31).slice(0, 8) + '01', -1);
  const order = new Map(input.services.map((s, i) => [s.id, i]));
  const services = [...order.keys()];
  if (services.length === 0) return { header: MONTHLY_HEADER, rows: [['合計', null, null, 0, 0, 0, 0, 0]] };
  const charges = await sqlAll<{ service: string; resource: string; active: number | boolean; total: number; lines: string; paid: number }>(
    db,
    `SELECT b.service_id AS service, b.resource_id AS resource, ${statusInSql('active', 'b.status')} AS active, c.total AS total, c.lines_json AS lines,
       (SELECT COALESCE(SUM(amount), 0) FROM booking_payments p WHERE p.booking_id = b.id) AS paid
     FROM booking_charges c JOIN bookings b ON b.id = c.booking_id
     WHERE b.tenant_slug = ? AND b.slot_date BETWEEN ? AND ? AND b.service_id IN (${services.map(() => '?').join(', ')})`,
    [input.tenant, from, to, ...services],
  );
  const groups = new Map<string, { service: string; resource: string; count: number; fee: number; reduced: number; paid: number; unpaid: number }>();
  for (const row of charges) {
    // PostgreSQL returns SUM as text (bigint): counted as numbers here.
    const b = { ...row, paid: Number(row.paid) };
    if (!b.active && b.paid === 0) continue;
    const key = `${b.service}\u0000${b.resource}`;
    const g = groups.get(key) ?? { service: b.service, resource: b.resource, count: 0, fee: 0, reduced: 0, paid: 0, unpaid: 0 };
    g.count++;
    g.fee += b.total;
    g.reduced += (JSON.parse(b.lines) as FeeLine[]).filter((l) => l.kind === 'reduction').reduce((a, l) => a - l.amount, 0);
    g.paid += b.paid;
    if (b.active) g.unpaid += Math.max(0, b.total - b.paid);
    groups.set(key, g);
  }
  const titles = titlesOf(input.services);
  const sorted = [...groups.values()].sort((a, b) => order.get(a.service)! - order.get(b.service)! || a.resource.localeCompare(b.resource));
  const rows: Cell[][] = sorted.map((g) => [input.month, titles.service(g.service), titles.resource(g.service, g.resource), g.count, g.fee, g.reduced, g.paid, g.unpaid]);
  const sum = (k: 'count' | 'fee' | 'reduced' | 'paid' | 'unpaid') => sorted.reduce((a, g) => a + g[k], 0);
  rows.push(['合計', null, null, sum('count'), sum('fee'), sum('reduced'), sum('paid'), sum('unpaid')]);
  return { header: MONTHLY_HEADER, rows };
}

function titlesOf(services: readonly CompiledService[]) {
  const byId = new Map(services.map((s) => [s.id, s]));
  return {
    service: (id: string) => byId.get(id)?.title ?? id,
    resource: (service: string, id: string) => byId.get(service)?.calendar.resources.find((r) => r.id === id)?.title ?? id,
  };
}

const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/** CP932 refuses a report holding characters Shift_JIS lacks (422 export.unencodable), as the ledger does. */
export function checkEncodable(report: Report, encoding: LedgerEncoding): void {
  if (encoding !== 'cp932') return;
  const places: { line: number; char: string; codePoint: string }[] = [];
  [report.header, ...report.rows].forEach((cells, i) => {
    for (const v of cells) if (typeof v === 'string') for (const ch of unencodableChars(v)) places.push({ line: i + 1, char: ch, codePoint: codePointLabel(ch) });
  });
  if (places.length) {
    const sample = [...new Set(places.map((p) => `「${p.char}」(${p.codePoint})`))].slice(0, 5).join('、');
    throw new EngineError('export.unencodable', { count: places.length, sample, places });
  }
}

/** The report as a byte stream: header, then rows a chunk at a time as the client reads. */
export function streamReport(report: Report, encoding: LedgerEncoding, chunkRows = 500): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const encode = (text: string) => (encoding === 'cp932' ? encodeCp932(text) : encoder.encode(text));
  let next = 0;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const head = encode(`${csvRow(report.header)}\r\n`);
        if (encoding !== 'utf8-bom') return controller.enqueue(head);
        const out = new Uint8Array(BOM.length + head.length);
        out.set(BOM);
        out.set(head, BOM.length);
        controller.enqueue(out);
      },
      pull(controller) {
        if (next >= report.rows.length) return controller.close();
        let text = '';
        for (const r of report.rows.slice(next, next + chunkRows)) text += `${csvRow(r)}\r\n`;
        next += chunkRows;
        controller.enqueue(encode(text));
      },
    },
    { highWaterMark: 0 },
  );
}
