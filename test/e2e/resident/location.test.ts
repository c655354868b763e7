// 場所 in a browser on a phone (issue 20): the resident types the address, presses
// 現在地を使う (the browser's position, here granted and set by the test), sees the
// point, and books; the booking keeps both. Without JavaScript there is no button and
// the address alone books. The home-visit tenant is built in the test.
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../helpers/test-app';
import { expectAccessible, screenshot } from './harness';
import { buildAssets } from '../../../engine/build';
import { visitTownBlocks as blocks } from '../../integration/fixtures/visit-town';
import { closeDb, sqlGet } from '../../../engine/db';


let t: Awaited<ReturnType<typeof createTestApp>>;
let server: ServerType;
let base: string;
let browser: Browser;

beforeAll(async () => {
  await buildAssets();
  t = await createTestApp(blocks, { now: '2026-12-01T00:00:00Z', slug: 'visit-town' });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  if (t) await closeDb(t.db);
});

const bookUrl = (start: string) => `/t/visit-town/s/home-visit/book?resource=nurse&start=${encodeURIComponent(start)}`;

describe('a location field in the browser', () => {
  it('adds the phone’s position with 現在地を使う and keeps it with the address', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'ja-JP', geolocation: { latitude: 35.681236, longitude: 139.767136 }, permissions: ['geolocation'] });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}${bookUrl('2026-12-03T10:00:00+09:00')}`);
    await page.waitForSelector('[data-island][data-hydrated="true"]');
    await page.fill('#f-name', '訪問 花子');
    await page.fill('#f-place', 'さくらみなと市本町1-2-3');
    await page.click('#f-place-locate');
    await expect.poll(() => page.locator('#f-place-point').innerText()).toContain('緯度 35.68124・経度 139.76714');
    await expectAccessible(page, 'location field with a point');
    await screenshot(page, 'location-01-point-360');
    await page.click('button[value="next"]');
    await expect.poll(() => page.locator('h1').innerText()).toBe('申込内容確認');
    expect(await page.locator('main').innerText()).toContain('さくらみなと市本町1-2-3（緯度 35.68124・経度 139.76714）');
    await page.click('button[value="confirm"]');
    await expect.poll(() => page.locator('h1').innerText()).toBe('お申込受付');
    const receiptNo = await page.locator('#receipt-no').innerText();
    const row = (await sqlGet<{ a: string }>(t.db, 'SELECT answers_json AS a FROM bookings WHERE receipt_no = ?', [receiptNo]))!;
    expect(JSON.parse(row.a).place).toEqual({ address: 'さくらみなと市本町1-2-3', lat: 35.681236, lng: 139.767136 });
    await context.close();
  });

  it('without JavaScript offers no button and books with the address alone', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'ja-JP', javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${base}${bookUrl('2026-12-03T11:00:00+09:00')}`);
    expect(await page.locator('#f-place-locate').count()).toBe(0);
    await page.fill('#f-name', '訪問 次郎');
    await page.fill('#f-place', '本町4-5-6');
    await page.click('button[value="next"]');
    await page.click('button[value="confirm"]');
    await expect.poll(() => page.locator('h1').innerText()).toBe('お申込受付');
    const receiptNo = await page.locator('#receipt-no').innerText();
    const row = (await sqlGet<{ a: string }>(t.db, 'SELECT answers_json AS a FROM bookings WHERE receipt_no = ?', [receiptNo]))!;
    expect(JSON.parse(row.a).place).toEqual({ address: '本町4-5-6' });
    await context.close();
  });
});
