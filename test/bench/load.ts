// Load generator, run as its own process so it does not share an event loop with the server:
//   node --import tsx test/bench/load.ts '<json config>'
// Config: { url, concurrency, total?, durationMs?, method?, starts?, body (object; `{{i}}` in strings is
// replaced by the request number, `{{run}}` by an id unique to this run), idempotency? (an
// Idempotency-Key unique to each request of each run) }. Prints one JSON line:
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
  /** Also print every latency (ms), in request order. */
  raw?: boolean;
  /** `{{start}}` in strings is replaced by starts[i % starts.length] (bookings spread over slots). */
  starts?: string[];
}

const cfg = JSON.parse(process.argv[2]) as Config;
// Runs against the same server must not replay each other's keys or share quota identities.
const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const target = new URL(cfg.url);
const method = cfg.method ?? 'POST';
const template = JSON.stringify(cfg.body).replace(/\{\{run\}\}/g, run);
const path = target.pathname + target.search;

function requestBytes(i: number): Buffer {
  const body = method === 'GET' ? '' : template.replace(/\{\{i\}\}/g, String(i)).replace(/\{\{start\}\}/g, cfg.starts?.[i % cfg.starts.length] ?? '');
  const head =
    `${method} ${path} HTTP/1.1\r\nHost: ${target.host}\r\nConnection: keep-alive\r\n` +
    (method === 'POST' ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` : '') +
    (cfg.idempotency ? `Idempotency-Key: bench-${run}-${i}\r\n` : '') +
    '\r\n';
  return Buffer.from(head + body);
}

/**
 * One connection: sends a request, waits for the whole response (Content-Length or
 * chunked), repeats. Body bytes are counted, not kept: concatenating a multi-megabyte
 * body chunk by chunk cost the client more than the floor it measured.
 */
function openConnection(): Promise<{ socket: Socket; send(buf: Buffer): Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname);
    socket.setNoDelay(true);
    let head: Buffer = Buffer.alloc(0);
    let status = 0;
    let bodyLeft = -1; // -1: reading the head
    let chunked = false;
    let tail: Buffer = Buffer.alloc(0); // chunked: the last bytes seen, to find the terminator across packets
    let pending: ((status: number) => void) | undefined;
    const done = () => {
      const p = pending;
      pending = undefined;
      p?.(status);
    };
    socket.on('data', (data: Buffer) => {
      let d: Buffer = data;
      while (d.length) {
        if (bodyLeft < 0 && !chunked) {
          head = head.length ? Buffer.concat([head, d]) : d;
          d = Buffer.alloc(0);
          const end = head.indexOf('\r\n\r\n');
          if (end < 0) return;
          const text = head.subarray(0, end).toString('latin1');
          status = Number(text.slice(9, 12));
          const len = /\r\ncontent-length:\s*(\d+)/i.exec(text);
          d = head.subarray(end + 4);
          head = Buffer.alloc(0);
          if (len) bodyLeft = Number(len[1]);
          else if (/\r\ntransfer-encoding:\s*chunked/i.test(text)) {
            chunked = true;
            tail = Buffer.from('\r\n'); // so an empty body's "0\r\n\r\n" matches too
          } else bodyLeft = 0;
        }
        if (chunked) {
          const joined = Buffer.concat([tail, d]);
          const fin = joined.indexOf('\r\n0\r\n\r\n');
          if (fin < 0) {
            tail = joined.subarray(Math.max(0, joined.length - 6));
            return;
          }
          d = joined.subarray(fin + 7);
          chunked = false;
          done();
          continue;
        }
        const take = Math.min(bodyLeft, d.length);
        bodyLeft -= take;
        d = d.subarray(take);
        if (bodyLeft === 0) {
          bodyLeft = -1;
          done();
        }
      }
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
const inOrder: number[] = [];
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
    const ms = performance.now() - t0;
    latencies.push(ms);
    inOrder[i] = ms;
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === 0) return; // connection lost
  }
}

await Promise.all(conns.map(worker));
const elapsed = performance.now() - started;
for (const c of conns) c.socket.destroy();
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(JSON.stringify({ count: latencies.length, rps: (latencies.length / elapsed) * 1000, statuses, p50: pct(50), p95: pct(95), p99: pct(99), max: latencies.at(-1) ?? 0, ...(cfg.raw ? { latencies: inOrder } : {}) }));
