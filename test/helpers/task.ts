// `npm run task` in a folder of its own: a copy of one tenant folder (for k-lease, with the demo
// lease files the CSV lookup reads) and a database file, the command run as an operator would.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './server-process';

export function taskSandbox(tenant = 'k-lease') {
  const dir = mkdtempSync(join(tmpdir(), 'task-'));
  cpSync(join(repoRoot, 'tenants', tenant), join(dir, 'tenants', tenant), { recursive: true });
  const database = join(dir, 'db.sqlite');
  /** Exit code, stdout and stderr of `npm run task -- <tenant> …args`. */
  const task = (...args: string[]): { code: number; out: string; err: string } => {
    try {
      const env = { ...process.env, DATABASE_PATH: database, TENANTS_DIR: join(dir, 'tenants'), K_LEASE_LOOKUP_URL: '' };
      return { code: 0, out: execFileSync(process.execPath, ['--import', 'tsx', 'engine/cli/task.ts', tenant, ...args], { cwd: repoRoot, encoding: 'utf8', stdio: 'pipe', env }), err: '' };
    } catch (e) {
      const x = e as { status: number; stdout: string; stderr: string };
      return { code: x.status, out: String(x.stdout), err: String(x.stderr) };
    }
  };
  return { dir, database, task };
}
