// csv-export: the 1M-row ledger through the engine's real route
// (GET /api/admin/t/csv-town/ledger.csv: staff session, filters, row count, audit row,
// streamed CSV) ÷ a bare route streaming the same bytes from one plain query
// (csv-export-bare.ts). Both run in server processes and are downloaded by a client
// process; the two files are checked byte for byte (sha256 of the whole download).
// Memory: peak RSS of the engine's server process over its idle RSS during one
// export, in a fresh process at 1M and at 3M rows (flat = constant memory).
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { round } from './booking';
import { median, tempDir, writeTenant, type Figure } from './common';
import { blocks, DATE, fill } from './csv-export-data';

const PASSWORD = 'bench-admin-pass-2026';
const CHANGED = `${PASSWORD}-changed`;

interface Download {
  status: number;
  ms: number;
  bytes: number;
  sha256?: string;
  /** Peak RSS of the server over its RSS just before the download, in MB. */
  rssGrowthMb: number;
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

async function download(server: ServerProcess, url: string, opts: { cookie?: string; hash?: boolean } = {}): Promise<Download> {
  const pid = server.child.pid!;
  const idle = rssOf(pid);
  let peak = idle;
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/bench/download.ts', JSON.stringify({ url, ...opts })], { cwd: repoRoot });
    const d = JSON.parse(stdout.trim().split('\n').pop()!) as Omit<Download, 'rssGrowthMb'>;
    return { ...d, rssGrowthMb: (Math.max(peak, rssOf(pid)) - idle) / (1 << 20) };
  } finally {
    clearInterval(timer);
  }
}

async function startEngine(tenants: string, dbPath: string): Promise<{ server: ServerProcess; url: string; cookie: string }> {
  const server = await startServerProcess({ env: { TENANTS_DIR: tenants, DATABASE_PATH: dbPath, ENGINE_ADMIN_PASSWORD: PASSWORD } });
  const login = async (password: string) => {
    const res = await fetch(`${server.url}/api/admin/t/csv-town/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId: 'admin', password }),
    });
    const cookie = /muni_staff=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
    return { status: res.status, cookie, text: () => res.text() };
  };
  // First start on this database: the bootstrap password must be changed before the console does anything else.
  let now = await login(CHANGED);
  if (now.status === 401) {
    const first = await login(PASSWORD);
    if (first.status !== 200 || !first.cookie) throw new Error(`csv-export: staff login failed (${first.status}): ${await first.text()}`);
    const changed = await fetch(`${server.url}/api/admin/t/csv-town/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: first.cookie, origin: server.url },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: CHANGED }),
    });
    if (changed.status !== 204) throw new Error(`csv-export: password change failed (${changed.status}): ${await changed.text()}`);
    now = await login(CHANGED);
  }
  if (now.status !== 200 || !now.cookie) throw new Error(`csv-export: staff login failed (${now.status}): ${await now.text()}`);
  const cookie = now.cookie;
  return { server, cookie, url: `${server.url}/api/admin/t/csv-town/ledger.csv?date=${DATE}` };
}

export async function benchCsvExport(): Promise<Figure> {
  const dir = tempDir('csv');
  const dbPath = join(dir, 'ledger.db');
  const tenants = writeTenant(dir, 'csv-town', blocks);
  const servers: ServerProcess[] = [];
  try {
    await fill(dbPath, 0, 1_000_000);
    let engine = await startEngine(tenants, dbPath);
    servers.push(engine.server);
    const bare = await startServerProcess({ entry: 'test/bench/bare-server.ts', env: { DATABASE_PATH: join(dir, 'bare.db'), LEDGER_DB_PATH: dbPath } });
    servers.push(bare);
    const bareUrl = `${bare.url}/ledger.csv?date=${DATE}`;
    // First export of a fresh engine process: memory at 1M rows, and the bytes of both files.
    const first = await download(engine.server, engine.url, { cookie: engine.cookie, hash: true });
    const bareFirst = await download(bare, bareUrl, { hash: true });
    if (first.status !== 200 || bareFirst.status !== 200) throw new Error(`csv-export: downloads answered ${first.status} (engine) and ${bareFirst.status} (bare)`);
    const identical = first.status === 200 && bareFirst.status === 200 && first.sha256 === bareFirst.sha256 && first.bytes === bareFirst.bytes;
    // Alternating runs, medians: single runs swing by a third on a shared machine.
    const engineRuns: Download[] = [];
    const bareRuns: Download[] = [];
    for (let i = 0; i < 3; i++) {
      engineRuns.push(await download(engine.server, engine.url, { cookie: engine.cookie }));
      bareRuns.push(await download(bare, bareUrl));
    }
    await engine.server.stop();
    await fill(dbPath, 1_000_000, 3_000_000);
    engine = await startEngine(tenants, dbPath);
    servers.push(engine.server);
    const three = await download(engine.server, engine.url, { cookie: engine.cookie });
    const engineRate = median(engineRuns.map((r) => (1_000_000 / r.ms) * 1000));
    const bareRate = median(bareRuns.map((r) => (1_000_000 / r.ms) * 1000));
    const ratio = engineRate / bareRate;
    const growth1 = first.rssGrowthMb;
    const growth3 = three.rssGrowthMb;
    const flat = growth3 <= growth1 + 20; // within noise of the allocator
    const allOk = [...engineRuns, ...bareRuns].every((r) => r.status === 200 && r.bytes === first.bytes) && three.status === 200 && three.bytes > 2.9 * first.bytes;
    return {
      name: 'csv-export',
      value: round(engineRate),
      unit: 'rows/s',
      baseline: round(bareRate),
      ratio: round(ratio, 3),
      target: 'ratio >= 0.5; identical bytes; server RSS <= idle + 100 MB and flat from 1M to 3M rows',
      pass: identical && allOk && ratio >= 0.5 && growth1 <= 100 && growth3 <= 100 && flat,
      notes:
        `medians of 3 alternating downloads of ${round(first.bytes / (1 << 20))} MB over HTTP; files ${identical ? 'byte-identical' : 'DIFFER'}; ` +
        `engine RSS +${round(growth1)} MB at 1M rows, +${round(growth3)} MB at 3M rows (bare +${round(bareFirst.rssGrowthMb)} MB at 1M)`,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
