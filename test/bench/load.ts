// Load generator, run as its own process so it does not share an event loop with the server:
//   node --import tsx test/bench/load.ts '<json config>'
// Config: { url, concurrency, total?, durationMs?, body (object, `{{i}}` in strings replaced by the request number), headers? }
// Prints one JSON line: { count, rps, statuses, p50, p95, p99, max } (latencies in ms).
import { Agent, request } from 'node:http';

interface Config {
  url: string;
  concurrency: number;
  total?: number;
  durationMs?: number;
  body: unknown;
  headers?: Record<string, string>;
  idempotency?: boolean;
  method?: 'GET' | 'POST';
}

const cfg = JSON.parse(process.argv[2]) as Config;
const target = new URL(cfg.url);
const agent = new Agent({ keepAlive: true, maxSockets: cfg.concurrency });
const template = JSON.stringify(cfg.body);

function post(i: number): Promise<number> {
  const method = cfg.method ?? 'POST';
  const body = method === 'GET' ? '' : template.replace(/\{\{i\}\}/g, String(i));
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method,
        headers: { ...(method === 'POST' ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}), ...(cfg.idempotency ? { 'idempotency-key': `bench-${i}` } : {}), ...cfg.headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

const latencies: number[] = [];
const statuses: Record<string, number> = {};
let next = 0;
const started = performance.now();
const deadline = cfg.durationMs ? started + cfg.durationMs : Infinity;

async function worker() {
  for (;;) {
    if (cfg.total !== undefined && next >= cfg.total) return;
    if (performance.now() >= deadline) return;
    const i = next++;
    const t0 = performance.now();
    const status = await post(i);
    latencies.push(performance.now() - t0);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
}

await Promise.all(Array.from({ length: cfg.concurrency }, worker));
const elapsed = performance.now() - started;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(JSON.stringify({ count: latencies.length, rps: (latencies.length / elapsed) * 1000, statuses, p50: pct(50), p95: pct(95), p99: pct(99), max: latencies.at(-1) ?? 0 }));
agent.destroy();
