// 受付スキャン in a real browser (issue 20): a resident books the demo card pickup, the
// QR code on the completion page is screenshotted and played to the console's camera as
// Chromium's fake video stream; the scanner records 入室, then 退室, and the kiosk mode
// shows the scanner alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, STAFF_PASSWORD, type AdminTestApp } from '../../integration/admin-helpers';
import { artifacts, openConsole, type Console } from './harness';
import { serve, type ServerType } from '@hono/node-server';
import { sqlGet } from '../../../engine/db';

let t: AdminTestApp;
let ui: Console | undefined;
const W = 640;
const H = 480;

/** A Y4M (4:2:0) video of one still frame: the QR picture, grey levels, centred on white. */
function y4mOf(gray: Uint8Array, w: number, h: number): Buffer {
  const y = Buffer.alloc(W * H, 255);
  const x0 = Math.floor((W - w) / 2);
  const y0 = Math.floor((H - h) / 2);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) y[(y0 + r) * W + x0 + c] = gray[r * w + c];
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), Buffer.from('FRAME\n'), y, chroma]);
}

let receiptNo = '';
let video = '';

beforeAll(async () => {
  t = await createAdminTestApp({ now: '2026-12-03T00:30:00Z' }); // 09:30 on a Thursday
  // The resident books today's 10:00 by the pages, and keeps the completion page's QR code.
  // Port 0: the system picks a free port as the server binds it (no window for another process to take it).
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const srv: ServerType = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server: srv, port: info.port }));
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 360, height: 800 }, locale: 'ja-JP' });
    // Same-day slots close online a day before: book tomorrow's first slot, then move the clock.
    t.clock.set('2026-12-02T00:30:00Z');
    await page.goto(`http://127.0.0.1:${port}/t/demo-city/s/card-pickup/book?resource=honcho&start=${encodeURIComponent('2026-12-03T10:00:00+09:00')}`);
    await page.fill('#f-name', 'スキャン 花子');
    await page.fill('#f-phone', '09012340000');
    await page.check('#f-jukiCard-0');
    await page.click('button[value="next"]');
    await page.click('button[value="confirm"]');
    receiptNo = await page.locator('#receipt-no').innerText();
    const qr = page.locator('.checkin-qr img');
    await qr.waitFor();
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'resident-done-qr.png'), fullPage: true });
    const png = (await qr.screenshot()).toString('base64');
    // The screenshot's pixels as grey levels, read back through a canvas.
    const { w, h, data } = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, img.width, img.height).data;
      const out: number[] = [];
      for (let i = 0; i < px.length; i += 4) out.push(Math.round((px[i] + px[i + 1] + px[i + 2]) / 3));
      return { w: img.width, h: img.height, data: out };
    }, png);
    video = join(artifacts, 'scan-camera.y4m');
    writeFileSync(video, y4mOf(Uint8Array.from(data), w, h));
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
  t.clock.set('2026-12-03T00:50:00Z'); // 09:50 on the day
  ui = await openConsole(t, { width: 1024, height: 800 }, { args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`] });
}, 90_000);

afterAll(async () => {
  await ui?.close();
});

const visit = async () => sqlGet<{ v: number | null; o: number | null }>(t.db, 'SELECT visited_at AS v, checked_out_at AS o FROM booking_visits WHERE booking_id = (SELECT id FROM bookings WHERE receipt_no = ?)', [receiptNo]);

describe('受付スキャン', () => {
  it('reads the QR code of the completion page with the camera and records 入室, then 退室', async () => {
    const { page } = ui!;
    await page.goto(`${ui!.base}/admin/demo-city/#/scan`);
    await ui!.login('staff', STAFF_PASSWORD);
    await page.getByRole('link', { name: '受付スキャン' }).click();
    await page.getByRole('button', { name: 'カメラを起動' }).click();
    const result = page.getByTestId('scan-result');
    await expect.poll(() => result.innerText(), { timeout: 15_000 }).toContain('入室を記録しました');
    expect(await result.innerText()).toContain(`受付番号 ${receiptNo}`);
    expect((await visit())?.v).toBe(Date.parse('2026-12-03T00:50:00Z'));
    await page.screenshot({ path: join(artifacts, 'admin-scan-in.png'), fullPage: true });
    // The same code still in front of the camera is not read again at once; typed, it checks out.
    await page.getByLabel('受付番号').fill(receiptNo);
    await page.getByRole('button', { name: '入室・退室を記録' }).click();
    await expect.poll(() => result.innerText()).toContain('退室を記録しました');
    expect((await visit())?.o).toBe(Date.parse('2026-12-03T00:50:00Z'));
  });

  it('runs as a kiosk: the scanner alone, camera on, and a clear answer for a code already used up', async () => {
    const { page } = ui!;
    await page.goto(`${ui!.base}/admin/demo-city/#/scan?kiosk=1`);
    await page.reload();
    expect(await page.locator('nav.main-nav').count()).toBe(0);
    await expect.poll(() => page.locator('[role="alert"], .error').first().innerText(), { timeout: 15_000 }).toContain('すでに退室済み');
    await page.screenshot({ path: join(artifacts, 'admin-scan-kiosk.png'), fullPage: true });
  });
});
