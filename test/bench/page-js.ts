// page-js: gzip bytes of JavaScript a resident downloads on the service page and
// on the booking form (the heavier one counts): every script the HTML names, the
// modules those import (static and dynamic, followed recursively) and the form's
// validator module. Budget 20 KB (issue 13); baseline = the budget, ratio = bytes / budget.
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { registry } from '../../blocks';
import { createFixedClock } from '../../engine/core/clock';
import { loadTenantSources, readTenantDir } from '../../engine/config/load-tenant';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import { openDb } from '../../engine/db';
import { createApp } from '../../engine/http/app';
import { buildAssets } from '../../engine/build';
import { round } from './booking';
import type { Figure } from './common';

const BUDGET = 20 * 1024;

async function jsOfPage(app: ReturnType<typeof createApp>, path: string): Promise<{ bytes: number; files: string[] }> {
  const res = await app.request(path);
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  const html = await res.text();
  const queue = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  // Modules the islands load by URL at run time (e.g. the form's validator) are named in their JSON props.
  queue.push(...[...html.matchAll(/"(\/[^"\s]+?\.js)(?:\?[^"]*)?"/g)].map((m) => m[1]));
  const seen = new Set<string>();
  let bytes = 0;
  while (queue.length) {
    const url = new URL(queue.shift()!, `http://x${path}`).pathname;
    if (seen.has(url)) continue;
    seen.add(url);
    const r = await app.request(url);
    if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
    const code = await r.text();
    bytes += gzipSync(code).length;
    for (const m of code.matchAll(/(?:import|from)\s*\(?\s*["'](\.{1,2}\/[^"']+\.js|\/[^"']+\.js)["']/g)) queue.push(new URL(m[1], `http://x${url}`).pathname);
  }
  return { bytes, files: [...seen] };
}

export async function benchPageJs(): Promise<Figure> {
  await buildAssets();
  const clock = createFixedClock(new Date().toISOString());
  const tenant = loadTenantSources('demo-city', readTenantDir('tenants/demo-city'), registry).tenant!;
  const db = openDb(':memory:');
  const v = await publishVersion(db, tenant, { source: 'folder', clock });
  const app = createApp({ registry, db, clock, tenants: createTenantStore([{ versionId: v.id, seq: v.seq, tenant }]), logger: { info() {}, error() {} } });
  const service = await jsOfPage(app, '/t/demo-city/s/card-pickup');
  // The form page of the first open slot the service page links to.
  const html = await (await app.request('/t/demo-city/s/card-pickup')).text();
  const bookLink = /href="(\/t\/demo-city\/s\/card-pickup\/book\?[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  const form = bookLink ? await jsOfPage(app, bookLink) : { bytes: 0, files: [] };
  const worst = Math.max(service.bytes, form.bytes);
  const sizes = JSON.parse(readFileSync('dist/public/sizes.json', 'utf8')) as Record<string, { gzip: number }>;
  return {
    name: 'page-js',
    value: worst,
    unit: 'bytes gzip',
    baseline: BUDGET,
    ratio: round(worst / BUDGET, 3),
    target: '<= 20 KB gzip',
    pass: worst <= BUDGET && form.files.length > 0,
    notes: `service page ${service.bytes} B (${service.files.length} files), form page ${form.bytes} B (${form.files.join(' ')}); admin bundle ${sizes['dist/public/admin.js']?.gzip ?? '?'} B (not for residents)`,
  };
}
