// Shared by the benchmarks: figures, temp tenants, running the load generator.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/server-process';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
  target: string;
  pass: boolean;
  /** Extra facts shown in the table (not part of the JSON contract). */
  notes?: string;
}

export interface LoadResult {
  count: number;
  rps: number;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** With `raw: true` in the config: every latency in ms. */
  latencies?: number[];
}

export async function runLoad(cfg: Record<string, unknown>): Promise<LoadResult> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/bench/load.ts', JSON.stringify(cfg)], { cwd: repoRoot, maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `bench-${prefix}-`));
}

/** Writes a one-file tenant folder under <dir>/tenants/<slug>/ and returns the tenants root. */
export function writeTenant(dir: string, slug: string, blocks: unknown[]): string {
  const root = join(dir, 'tenants');
  mkdirSync(join(root, slug), { recursive: true });
  writeFileSync(join(root, slug, 'blocks.json'), JSON.stringify(blocks, null, 2));
  return root;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A day a few days ahead in JST, so slots are bookable whatever the machine clock. */
export function jstDay(offsetDays: number): string {
  return new Date(Date.now() + 9 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
