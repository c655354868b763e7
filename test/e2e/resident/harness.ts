// Browser tests of the resident pages: the demo tenant served in-process
// (createApp + @hono/node-server, fixed clock, fresh database), Debian's chromium
// through playwright-core, axe-core injected into each page, screenshots at 360 px.
import { serve, type ServerType } from '@hono/node-server';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { registry } from '../../../blocks';
import { buildAssets } from '../../../engine/build';
import { createFixedClock } from '../../../engine/core/clock';

type FixedClock = ReturnType<typeof createFixedClock>;
import { loadTenantFolders } from '../../../engine/config/load-folders';
import { createTenantStore } from '../../../engine/config/tenant-store';
import type { PublishedTenant } from '../../../engine/config/tenant';
import { publishVersion } from '../../../engine/config/versions';
import { closeDb, type Db, openDb } from '../../../engine/db';
import { createApp } from '../../../engine/http/app';
import { createFailureLimiter } from '../../../engine/http/middleware/rate-limit';
import { repoRoot } from '../../helpers/server-process';

/** 2026-12-01 09:00 JST, a Tuesday: card-pickup is bookable from 12-02 (closes a day before). */
export const NOW = '2026-12-01T00:00:00Z';
export const ARTIFACTS = join(repoRoot, 'test/artifacts');
export const JS_BUDGET_GZIP = 40 * 1024;

export interface Harness {
  url: string;
  db: Db;
  /** The server's fixed clock (a test may move it, e.g. past a lottery's window). */
  clock: FixedClock;
  published: PublishedTenant[];
  browser: Browser;
  /** gzip bytes of JavaScript loaded by each visited page (by path). */
  jsWeights: Map<string, number>;
  /** Console errors (CSP violations, failed loads) and uncaught page errors. */
  problems: string[];
  newPage(opts?: { javaScript?: boolean; width?: number }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * The harness of one test file: started before its tests; every test must end with
 * no browser problems; at the end the JavaScript weights go to `jsReport`.
 */
export function useHarness(jsReport: string): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    Object.assign(h, await startHarness());
  });
  afterEach(() => {
    expect(h.problems).toEqual([]);
  });
  afterAll(async () => {
    if (!h.close) return; // the harness never started
    writeJsReport(h.jsWeights, jsReport);
    await h.close();
  });
  return h;
}

/** The page's main heading. */
export const heading = (page: Page) => page.locator('h1').innerText();

export async function startHarness(): Promise<Harness> {
  await ensureAssets();
  const clock = createFixedClock(NOW);
  const { tenants, issues } = loadTenantFolders(join(repoRoot, 'tenants'), registry);
  if (issues.length) throw new Error(`demo tenants do not load: ${JSON.stringify(issues)}`);
  const db = openDb(':memory:');
  const published: PublishedTenant[] = [];
  for (const t of tenants) {
    const v = await publishVersion(db, t, { source: 'folder', clock });
    published.push({ versionId: v.id, seq: v.seq, tenant: t });
  }
  const app = createApp({
    registry,
    db,
    clock,
    tenants: createTenantStore(published),
    logger: { info() {}, error: (msg, f) => console.error(msg, f) },
    limiter: createFailureLimiter({ db, name: 'access', max: 50, windowMs: 60_000 }),
  });
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server: s, port: info.port }));
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const jsWeights = new Map<string, number>();
  const problems: string[] = [];
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    clock,
    published,
    browser,
    jsWeights,
    problems,
    async newPage({ javaScript = true, width = 360 } = {}) {
      const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport: { width, height: 780 }, locale: 'ja-JP' });
      const page = await context.newPage();
      page.setDefaultTimeout(5000);
      // A CSP violation, a failed load or a hydration error is a test failure, not noise.
      page.on('console', (m) => {
        // Error statuses of documents are deliberate (a wrong access key is a 404 page); sub-resources are checked below.
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console error on ${page.url()}: ${m.text()}`);
      });
      page.on('response', (r) => {
        if (r.request().resourceType() !== 'document' && r.status() >= 400) problems.push(`${r.status()} for ${r.url()} on ${page.url()}`);
      });
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
      page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
      trackJs(page, jsWeights);
      if (!javaScript) noScript.add(page);
      return { context, page };
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeDb(db);
    },
  };
}

/** gzip size of the scripts each document loads; the largest load of each path is kept (resident pages must stay under 40 KB). */
function trackJs(page: Page, weights: Map<string, number>) {
  let current = { path: '', bytes: 0 };
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) current = { path: new URL(f.url()).pathname.replace(/\/[A-Za-z0-9_-]{20,}$/, '/:token'), bytes: 0 };
  });
  page.on('response', async (res) => {
    if (res.request().resourceType() !== 'script' || res.frame() !== page.mainFrame()) return;
    const doc = current;
    const body = await res.body().catch(() => undefined);
    if (!body) return;
    doc.bytes += gzipSync(body).length;
    weights.set(doc.path, Math.max(weights.get(doc.path) ?? 0, doc.bytes));
  });
}

const axeSource = readFileSync(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

const noScript = new WeakSet<Page>();

/** axe-core with the WCAG 2.1 A/AA rules: zero violations, or the test fails naming them. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  if (!noScript.has(page)) return runAxe(page, label);
  // axe needs timers, which a page without JavaScript never runs: the same HTML (its module script
  // removed, so it stays the no-JS page) is checked in a scripted page at the same address and width.
  const html = (await page.content()).replace(/<script type="module"[^>]*><\/script>/g, '');
  const viewport = page.viewportSize()!;
  const context = await page.context().browser()!.newContext({ viewport });
  try {
    const copy = await context.newPage();
    await copy.route(page.url(), (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await copy.goto(page.url());
    await runAxe(copy, `${label} (no JavaScript)`);
  } finally {
    await context.close();
  }
}

async function runAxe(page: Page, label: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: unknown; failureSummary?: string }[] }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, summary: n.failureSummary })) }));
  });
  expect(violations, `axe violations on ${label} (${page.url()})`).toEqual([]);
  // 360 px wide (and 200 % zoom): nothing but the grid itself may scroll sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `horizontal scroll on ${label}`).toBeLessThanOrEqual(0);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `resident-${name}.png`), fullPage: true });
}

/** Presses Tab until the focused element matches, then returns (the keyboard path through a page). */
export async function tabTo(page: Page, selector: string, max = 200): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`could not reach ${selector} with the keyboard`);
}

export function writeJsReport(weights: Map<string, number>, file: string): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, file), JSON.stringify(Object.fromEntries(weights), null, 2));
}

/** Builds dist/public when the runtime changed since the last build (npm test builds first anyway). */
async function ensureAssets(): Promise<void> {
  const out = join(repoRoot, 'dist/public/resident.js');
  const newest = Math.max(...['engine/runtime', 'blocks/form'].flatMap((d) => readdirSync(join(repoRoot, d)).map((f) => statSync(join(repoRoot, d, f)).mtimeMs)));
  if (existsSync(out) && statSync(out).mtimeMs >= newest) return;
  const lock = join(repoRoot, 'dist/.resident-build-lock');
  mkdirSync(join(repoRoot, 'dist'), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 300) throw new Error('another build holds dist/.resident-build-lock');
      await new Promise((r) => setTimeout(r, 100));
      if (existsSync(out) && statSync(out).mtimeMs >= newest) return;
    }
  }
  try {
    await buildAssets(join(repoRoot, 'dist/public'));
  } finally {
    rmdirSync(lock);
  }
}
