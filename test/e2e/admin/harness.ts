// The staff console in headless Chromium: the built assets, the app served on a free
// loopback port, one browser and page per test file, and a login through the form.
import { serve, type ServerType } from '@hono/node-server';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildAssets } from '../../../engine/build';
import { closeDb } from '../../../engine/db';
import type { AdminTestApp } from '../../integration/admin-helpers';
import { freePort, repoRoot } from '../../helpers/server-process';

export const artifacts = join(repoRoot, 'test/artifacts');

export interface Console {
  base: string;
  page: Page;
  login(loginId: string, password: string): Promise<void>;
  /** A resident's phone beside the console: a page of its own context (360×780, Japanese) on the same browser. */
  phone(): Promise<Page>;
  close(): Promise<void>;
}

export async function openConsole(t: AdminTestApp, viewport = { width: 1400, height: 1000 }, opts: { args?: string[] } = {}): Promise<Console> {
  if (!existsSync(join(repoRoot, 'dist/public/admin.js'))) await buildAssets().catch(() => undefined);
  if (!existsSync(join(repoRoot, 'dist/public/admin.js'))) throw new Error('dist/public/admin.js is missing: run npm run build');
  mkdirSync(artifacts, { recursive: true });
  const port = await freePort();
  const server: ServerType = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' });
  const base = `http://127.0.0.1:${port}`;
  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', ...(opts.args ?? [])] });
  const page = await browser.newPage({ viewport, locale: 'ja-JP', acceptDownloads: true });
  page.setDefaultTimeout(8000);
  return {
    base,
    page,
    async login(loginId, password) {
      await page.getByLabel('ログインID').fill(loginId);
      await page.getByLabel('パスワード', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'ログイン' }).click();
    },
    async phone() {
      const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'ja-JP' });
      const p = await context.newPage();
      p.setDefaultTimeout(8000);
      return p;
    },
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
      // On PostgreSQL this drops the file's test database.
      await closeDb(t.db);
    },
  };
}

const axeSource = () => readFileSync(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core with the WCAG 2.1 A/AA rules on the page as it is now: zero violations, or the test fails naming them. */
export async function expectAxeClean(page: Page, label: string): Promise<void> {
  await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target) }));
  });
  expect(violations, `axe violations on ${label}`).toEqual([]);
}
