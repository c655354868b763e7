// Load generator, run as its own process so it does not share an event loop with the server:
//   node --import tsx test/bench/load.ts '<json config>'
// Config: { url, concurrency, total?, durationMs?, method?, body (object; `{{i}}` in strings is
// replaced by the request number), idempotency? }. Prints one JSON line:
// { count, rps, statuses, p50, p95, p99, max } (latencies in ms).
// Raw keep-alive sockets with prebuilt HTTP/1.1 requests: on a 2-core machine the
// node:http client costs as much CPU as the server it measures.
import { connect, type Socket } from 'node:net';

interface Config {
  url: string;
  concurrency: number;
  total?: number;
  durationMs?: number;
  body: unknown;
  method?: 'GET' | 'POST';
  idempotency?: boolean;
}

const cfg = JSON.parse(process.argv[2]) as Config;
const target = new URL(cfg.url);
const method = cfg.method ?? 'POST';
const template = JSON.stringify(cfg.body);
const path = target.pathname + target.search;

function requestBytes(i: number): Buffer {
  const body = method === 'GET' ? '' : template.replace(/\{\{i\}\}/g, String(i));
  const head =
    `${method} ${path} HTTP/1.1\r\nHost: ${target.host}\r\nConnection: keep-alive\r\n` +
    (method === 'POST' ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` : '') +
    (cfg.idempotency ? `Idempotency-Key: bench-${i}\r\n` : '') +
    '\r\n';
  return Buffer.from(head + body);
}

/** One connection: sends a request, waits for the whole response (Content-Length or chunked), repeats. */
function openConnection(): Promise<{ socket: Socket; send(buf: Buffer): Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname);
    socket.setNoDelay(true);
    let buf = Buffer.alloc(0);
    let pending: ((status: number) => void) | undefined;
    const tryParse = () => {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0 || !pending) return;
      const head = buf.subarray(0, end).toString('latin1');
      const status = Number(head.slice(9, 12));
      const len = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      let total: number;
      if (len) total = end + 4 + Number(len[1]);
      else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
        const fin = buf.indexOf('\r\n0\r\n\r\n', end);
        if (fin < 0) return;
        total = fin + 7;
      } else total = end + 4;
      if (buf.length < total) return;
      buf = buf.subarray(total);
      const p = pending;
      pending = undefined;
      p(status);
    };
    socket.on('data', (d) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      tryParse();
    });
    socket.on('error', () => pending?.(0));
    socket.on('close', () => pending?.(0));
    socket.once('connect', () =>
      resolve({
        socket,
        send: (req) =>
          new Promise<number>((res) => {
            pending = res;
            socket.write(req);
          }),
      }),
    );
    socket.once('error', reject);
  });
}

const latencies: number[] = [];
const statuses: Record<string, number> = {};
let next = 0;
const conns = await Promise.all(Array.from({ length: cfg.concurrency }, openConnection));
const started = performance.now();
const deadline = cfg.durationMs ? started + cfg.durationMs : Infinity;

async function worker(conn: Awaited<ReturnType<typeof openConnection>>) {
  for (;;) {
    if (cfg.total !== undefined && next >= cfg.total) return;
    if (performance.now() >= deadline) return;
    const i = next++;
    const req = requestBytes(i);
    const t0 = performance.now();
    const status = await conn.send(req);
    latencies.push(performance.now() - t0);
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === 0) return; // connection lost
  }
}

await Promise.all(conns.map(worker));
const elapsed = performance.now() - started;
for (const c of conns) c.socket.destroy();
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(JSON.stringify({ count: latencies.length, rps: (latencies.length / elapsed) * 1000, statuses, p50: pct(50), p95: pct(95), p99: pct(99), max: latencies.at(-1) ?? 0 }));
