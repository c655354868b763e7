// resident-js: JavaScript (gzip) a resident page loads, for the heaviest of the
// pages residents book through, as Chromium loads them (page-weight.ts): the entry,
// the island's module, the form's validation module, json-logic-js for a form with
// conditions (the gym's). Target: ≤ 20 KB (issue 13). The browser tests record the
// same for every page they visit (test/artifacts/resident-js-*.json).
import { join } from 'node:path';
import { registry } from '../../blocks';
import { buildAssets } from '../../engine/build';
import { createFixedClock } from '../../engine/core/clock';
import { loadTenantFolders } from '../../engine/config/load-folders';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import { closeDb, openDb } from '../../engine/db';
import { createApp } from '../../engine/http/app';
import { repoRoot } from '../helpers/server-process';
import type { Figure } from './common';
import { pageWeights } from './page-weight';

export const BUDGET_KB = 20;

const PAGES = [
  '/t/demo-city/',
  '/t/demo-city/s/card-pickup',
  '/t/demo-city/s/card-pickup/book?resource=honcho&start=2026-12-03T10%3A00%3A00%2B09%3A00',
  '/t/demo-city/s/card-pickup/book?resource=honcho&start=2026-12-03T10%3A00%3A00%2B09%3A00&mode=chat',
  '/t/demo-city/s/tax-consultation',
  '/t/demo-city/register',
  '/t/demo-city/s/gym/book?resource=court-a&start=2026-12-08T09%3A00%3A00%2B09%3A00',
  '/t/demo-city/s/card-pickup/book?resource=honcho&start=2026-12-03T10%3A00%3A00%2B09%3A00&lang=en',
];

export async function benchResidentJs(): Promise<Figure> {
  await buildAssets(join(repoRoot, 'dist/public'));
  const clock = createFixedClock('2026-12-01T00:00:00Z');
  const { tenants } = loadTenantFolders(join(repoRoot, 'tenants'), registry);
  const db = openDb(':memory:');
  const published = [];
  for (const t of tenants) published.push({ ...pick(await publishVersion(db, t, { source: 'folder', clock })), tenant: t });
  const app = createApp({ registry, db, clock, tenants: createTenantStore(published), logger: { info() {}, error() {} } });
  const weights = await pageWeights(app.fetch, PAGES);
  const label = (page: string) => page.replace(/\?.*/, '') + (page.includes('mode=chat') ? ' (chat)' : '') + (page.includes('lang=en') ? ' (en)' : '');
  const sizes = Object.fromEntries(Object.entries(weights).map(([page, w]) => [label(page), w.bytes]));
  await closeDb(db);
  const [worst, bytes] = Object.entries(sizes).sort((a, b) => b[1] - a[1])[0];
  const value = Math.round((bytes / 1024) * 10) / 10;
  return {
    name: 'resident-js',
    value,
    unit: 'KB gzip',
    baseline: BUDGET_KB,
    ratio: Math.round((value / BUDGET_KB) * 100) / 100,
    target: `≤ ${BUDGET_KB} KB on every resident page`,
    pass: value <= BUDGET_KB,
    notes: `heaviest ${worst}; ${Object.entries(sizes).map(([p, b]) => `${p} ${(b / 1024).toFixed(1)}`).join(', ')}`,
  };
}

const pick = (v: { id: string; seq: number }) => ({ versionId: v.id, seq: v.seq });
