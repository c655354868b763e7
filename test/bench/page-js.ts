// page-js: gzip bytes of JavaScript a resident downloads on the service page and
// on the booking form (the heavier one counts), as Chromium loads them
// (page-weight.ts): the entry, the island's module and the form's validation
// module. Budget 20 KB (issue 13); baseline = the budget, ratio = bytes / budget.
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
import { pageWeights } from './page-weight';
import type { Figure } from './common';

const BUDGET = 20 * 1024;

export async function benchPageJs(): Promise<Figure> {
  await buildAssets();
  const clock = createFixedClock(new Date().toISOString());
  const tenant = loadTenantSources('demo-city', readTenantDir('tenants/demo-city'), registry).tenant!;
  const db = openDb(':memory:');
  const v = await publishVersion(db, tenant, { source: 'folder', clock });
  const app = createApp({ registry, db, clock, tenants: createTenantStore([{ versionId: v.id, seq: v.seq, tenant }]), logger: { info() {}, error() {} } });
  // The form page of the first open slot the service page links to.
  const html = await (await app.request('/t/demo-city/s/card-pickup')).text();
  const bookLink = /href="(\/t\/demo-city\/s\/card-pickup\/book\?[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  const weights = await pageWeights(app.fetch, ['/t/demo-city/s/card-pickup', ...(bookLink ? [bookLink] : [])]);
  const service = weights['/t/demo-city/s/card-pickup'];
  const form = bookLink ? weights[bookLink] : { bytes: 0, files: [] };
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
