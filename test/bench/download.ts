// One timed download in its own process (the load generator parses whole responses
// in memory; a 100 MB CSV needs a streaming client):
//   node --import tsx test/bench/download.ts '<json {url, cookie?, hash?}>'
// Prints one JSON line: { status, ms, bytes, sha256? }.
import { createHash } from 'node:crypto';
import { get } from 'node:http';

const cfg = JSON.parse(process.argv[2]) as { url: string; cookie?: string; hash?: boolean };
const t0 = performance.now();
get(cfg.url, { headers: cfg.cookie ? { cookie: cfg.cookie } : {} }, (res) => {
  const hash = cfg.hash ? createHash('sha256') : undefined;
  let bytes = 0;
  res.on('data', (d: Buffer) => {
    bytes += d.length;
    hash?.update(d);
  });
  res.on('end', () => {
    const ms = performance.now() - t0;
    console.log(JSON.stringify({ status: res.statusCode, ms, bytes, ...(hash ? { sha256: hash.digest('hex') } : {}) }));
  });
}).on('error', (e) => {
  console.error(e);
  process.exitCode = 1;
});
