// csv-export: a 1M-row ledger through streamLedger, rows/s ÷ the sqlite3 CLI's
// `.mode csv` export of the same rows; peak RSS over the process's idle RSS, at
// 1M and at 3M rows (flat = constant memory).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from '../../blocks';
import { systemClock } from '../../engine/core/clock';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import { publishVersion } from '../../engine/config/versions';
import { openDb } from '../../engine/db';
import { repoRoot } from '../helpers/server-process';
import { round } from './booking';
import { tempDir, type Figure } from './common';

const DATE = '2027-01-15';
const blocks = [
  { kind: 'site', id: 'csv-town', title: 'CSV町' },
  {
    kind: 'form', id: 'f', title: '申込',
    fields: [
      { id: 'name', type: 'text', label: '氏名', required: true },
      { id: 'phone', type: 'phone', label: '電話番号', required: true },
      { id: 'jukiCard', type: 'radio', label: '住基カードの有無', required: true, options: [{ value: 'なし', label: 'なし' }, { value: 'あり', label: 'あり' }] },
    ],
  },
  { kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'honcho', title: '本庁舎窓口' }], slotMinutes: 30, capacity: 100000, weekly: [{ days: ['fri'], open: '08:30', close: '17:00' }] },
  { kind: 'service', id: 'pickup', title: '交付予約', form: 'f', calendar: 'c' },
];

export function fill(dbPath: string, from: number, to: number): void {
  const db = openDb(dbPath);
  const c = db.$client;
  if (from === 0) {
    const tenant = loadTenantBlocks('csv-town', blocks, registry).tenant!;
    publishVersion(db, tenant, { source: 'folder', clock: systemClock });
  }
  const ins = c.prepare(`INSERT INTO bookings (tenant_slug, receipt_no, service_id, calendar_id, resource_id, slot_start, slot_end, slot_date, slot_start_local,
    status, seats, answers_json, phone_key, name_key, channel, version_id, created_at, updated_at)
    VALUES ('csv-town', ?, 'pickup', 'c', 'honcho', ?, ?, ?, ?, 'confirmed', 1, ?, ?, ?, 'web', 'csv-town-v1', ?, ?)`);
  const base = Date.parse(`${DATE}T08:30:00+09:00`);
  const names = ['髙橋 一郎', '山田 花子', '=HYPERLINK("x")', '佐藤 﨑子', '-1+2', 'Smith, John'];
  c.transaction(() => {
    for (let i = from; i < to; i++) {
      const start = base + (i % 17) * 1_800_000;
      const name = names[i % names.length];
      const phone = `090${String(10_000_000 + i).slice(-8)}`;
      ins.run(String(i + 1), start, start + 1_800_000, DATE, '08:30', JSON.stringify({ name, phone, jukiCard: i % 3 ? 'なし' : 'あり' }), phone, name, 1_700_000_000_000 + i, 1_700_000_000_000 + i);
    }
  })();
  c.close();
}

function child(args: string[]): Record<string, number & string> {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/bench/csv-export-child.ts', ...args], { cwd: repoRoot, maxBuffer: 1 << 26, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function sqliteCli(dbPath: string, sql: string): number {
  const t0 = performance.now();
  execFileSync('sh', ['-c', `sqlite3 -readonly -csv "${dbPath}" > /dev/null`], { input: sql });
  return performance.now() - t0;
}

export async function benchCsvExport(): Promise<Figure> {
  const dir = tempDir('csv');
  const dbPath = join(dir, 'ledger.db');
  try {
    fill(dbPath, 0, 1_000_000);
    const { sql } = child([dbPath, 'csv-town', DATE, 'sql']);
    const cliMs = sqliteCli(dbPath, sql);
    const one = child([dbPath, 'csv-town', DATE, 'engine']);
    fill(dbPath, 1_000_000, 3_000_000);
    const three = child([dbPath, 'csv-town', DATE, 'engine']);
    const engineRate = (one.rows / one.ms) * 1000;
    const cliRate = (1_000_000 / cliMs) * 1000;
    const ratio = engineRate / cliRate;
    const mb = (n: number) => n / (1 << 20);
    const growth1 = mb(one.peakRss - one.idleRss);
    const growth3 = mb(three.peakRss - three.idleRss);
    const flat = growth3 <= growth1 + 20; // within noise of the allocator
    return {
      name: 'csv-export',
      value: round(engineRate),
      unit: 'rows/s',
      baseline: round(cliRate),
      ratio: round(ratio, 3),
      target: 'ratio >= 0.35; peak RSS <= idle + 100 MB and flat from 1M to 3M rows',
      pass: one.rows === 1_000_000 && three.rows === 3_000_000 && ratio >= 0.35 && growth1 <= 100 && growth3 <= 100 && flat,
      notes: `RSS +${round(growth1)} MB at 1M rows, +${round(growth3)} MB at 3M rows; ${round(mb(one.bytes))} MB of CSV`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
