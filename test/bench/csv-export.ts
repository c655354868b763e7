// csv-export: a 1M-row ledger through streamLedger, rows/s ÷ the sqlite3 CLI's
// `.mode csv` export of the same rows (same SQL); peak RSS over the process's idle RSS, at
// 1M and at 3M rows (flat = constant memory).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/server-process';
import { round } from './booking';
import { tempDir, type Figure } from './common';
import { DATE, fill } from './csv-export-data';

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
    // Alternating runs, medians: one run each swung the ratio by a third on a shared machine.
    const cliRuns: number[] = [];
    const oneRuns: ReturnType<typeof child>[] = [];
    for (let i = 0; i < 3; i++) {
      cliRuns.push(sqliteCli(dbPath, sql));
      oneRuns.push(child([dbPath, 'csv-town', DATE, 'engine']));
    }
    fill(dbPath, 1_000_000, 3_000_000);
    const three = child([dbPath, 'csv-town', DATE, 'engine']);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const one = oneRuns[0];
    const engineRate = median(oneRuns.map((r) => (r.rows / r.ms) * 1000));
    const cliRate = median(cliRuns.map((ms) => (1_000_000 / ms) * 1000));
    const ratio = engineRate / cliRate;
    const mb = (n: number) => n / (1 << 20);
    const growth1 = Math.max(...oneRuns.map((r) => mb(r.peakRss - r.idleRss)));
    const growth3 = mb(three.peakRss - three.idleRss);
    const flat = growth3 <= growth1 + 20; // within noise of the allocator
    return {
      name: 'csv-export',
      value: round(engineRate),
      unit: 'rows/s',
      baseline: round(cliRate),
      ratio: round(ratio, 3),
      target: 'ratio >= 0.35; peak RSS <= idle + 100 MB and flat from 1M to 3M rows',
      pass: oneRuns.every((r) => r.rows === 1_000_000) && three.rows === 3_000_000 && ratio >= 0.35 && growth1 <= 100 && growth3 <= 100 && flat,
      notes: `medians of 3 alternating runs; RSS +${round(growth1)} MB at 1M rows, +${round(growth3)} MB at 3M rows; ${round(mb(one.bytes))} MB of CSV`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
