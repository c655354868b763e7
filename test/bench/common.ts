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

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Requests answered 5xx or not at all (status 0: the connection was lost). */
export const serverErrors = (statuses: Record<string, number>) => Object.entries(statuses).filter(([s]) => Number(s) >= 500 || s === '0').reduce((n, [, c]) => n + c, 0);

/** A rush of 2,000 at one slot of 100: exactly 100 booked, 1,900 refused as full, no 5xx. */
export const exactRush = (r: { count: number; statuses: Record<string, number> }) =>
  r.count === 2000 && (r.statuses['201'] ?? 0) === 100 && (r.statuses['409'] ?? 0) === 1900 && serverErrors(r.statuses) === 0;

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A day a few days ahead in JST, so slots are bookable whatever the machine clock. */
export function jstDay(offsetDays: number): string {
  return new Date(Date.now() + 9 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
