// What a resident's browser downloads: each page is opened in Chromium (Debian's,
// through playwright-core) and every script it loads is counted, gzip-compressed:
// the entry, the island's module, the form's validation module and json-logic-js
// when, and only when, the page really fetches them. The island must have hydrated
// and the network gone quiet before a page's count is taken.
import { serve, type ServerType } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export interface PageWeight {
  /** gzip bytes of all scripts the page loaded. */
  bytes: number;
  /** The scripts, by path. */
  files: string[];
}

const CHROMIUM = '/usr/bin/chromium';

export async function pageWeights(fetch: (req: Request) => Response | Promise<Response>, paths: readonly string[]): Promise<Record<string, PageWeight>> {
  if (!existsSync(CHROMIUM)) throw new Error(`page-js and resident-js open the pages in Chromium: ${CHROMIUM} is missing (apt-get install chromium)`);
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server: s, port: info.port }));
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const out: Record<string, PageWeight> = {};
  try {
    for (const path of paths) {
      // A resident in Japan: the pages answer in Japanese unless ?lang=en asks otherwise.
      const page = await browser.newPage({ locale: 'ja-JP' });
      const seen: Promise<[string, number]>[] = [];
      page.on('response', (res) => {
        if (res.request().resourceType() !== 'script') return;
        seen.push(res.body().then((b) => [new URL(res.url()).pathname, gzipSync(b).length]));
      });
      const res = await page.goto(`http://127.0.0.1:${port}${path}`);
      if (res?.status() !== 200) throw new Error(`${path}: ${res?.status()}`);
      if (await page.locator('[data-island]').count()) await page.waitForSelector('[data-island][data-hydrated="true"]');
      await page.waitForLoadState('networkidle');
      const scripts = await Promise.all(seen);
      out[path] = { bytes: scripts.reduce((n, [, b]) => n + b, 0), files: scripts.map(([f]) => f) };
      await page.close();
    }
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
  return out;
}
