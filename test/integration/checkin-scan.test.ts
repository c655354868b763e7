// 受付スキャン (issue 20): the resident's check-in QR code, read at the entrance. The
// first scan on the day records 入室, the second 退室, a third says it was done; a code
// for another day, a cancelled booking and a forged code each get their own answer.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, STAFF_PASSWORD, type AdminTestApp } from './admin-helpers';
import { createClient, hiddenOf } from './resident-client';
import { sqlAll } from '../../engine/db';

const SCAN = '/api/admin/t/demo-city/checkin/scan';
let t: AdminTestApp;

beforeAll(async () => {
  t = await createAdminTestApp();
});

/** The code in the QR image of the resident's booking page (found by 受付番号 + アクセスキー). */
async function codeOnBookingPage(receiptNo: string, accessKey: string): Promise<string> {
  const client = createClient(t.app);
  const form = await client.get('/t/demo-city/lookup');
  const page = await client.post('/t/demo-city/lookup', { ...hiddenOf(form.html, '/lookup'), receiptNo, accessKey });
  const m = /src="\/t\/demo-city\/qr\/([^"/]+)\/image\.svg"/.exec(page.html);
  expect(m, 'the booking page shows the QR code').not.toBeNull();
  return m![1];
}

// A fresh login each time: the tests move the clock by days, past a session's life.
const scan = async (body: Record<string, unknown>) => t.request('POST', SCAN, { cookie: await t.login('staff', STAFF_PASSWORD), body });

describe('check-in by QR code', () => {
  it('checks in on the first scan, out on the second, and says so on the third', async () => {
    const b = await t.residentBook({ start: '2026-12-03T10:30:00+09:00', answers: { name: '入室 太郎', phone: '09011112222', jukiCard: 'なし' }, at: '2026-11-20T01:00:00Z' });
    const code = await codeOnBookingPage(b.receiptNo, b.accessKey!);
    // The code names the booking only: no name, phone or key.
    expect(Buffer.from(code.split('.')[1], 'base64url').toString()).toBe(JSON.stringify(['demo-city', b.receiptNo, '2026-12-03']));
    const image = await t.request('GET', `/t/demo-city/qr/${code}/image.svg`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toContain('image/svg+xml');

    t.clock.set('2026-12-03T01:25:00Z'); // 10:25 on the day
    const first = await scan({ code });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ action: 'checked-in', receiptNo: b.receiptNo, time: '10:30〜11:00' });
    t.clock.set('2026-12-03T02:05:00Z');
    const second = await scan({ code });
    expect(second.body).toMatchObject({ action: 'checked-out' });
    expect(second.body.visit.checkedOutAt).toBe(Date.parse('2026-12-03T02:05:00Z'));
    const third = await scan({ code });
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('checkin.already_out');
    expect(third.body.error.message).toContain('11:05');
    const audit = (await sqlAll<{ action: string }>(t.db, `SELECT action FROM audit_log WHERE target_id = ? AND action LIKE 'visit.%' ORDER BY id`, [b.receiptNo]));
    expect(audit.map((a) => a.action)).toEqual(['visit.checked_in', 'visit.checked_out']);
  });

  it('refuses a forged or altered code, and a code of another day or a cancelled booking', async () => {
    t.clock.set('2026-12-01T01:00:00Z');
    const tomorrow = await t.residentBook({ start: '2026-12-04T10:00:00+09:00', answers: { name: '明日 花子', phone: '09011113333', jukiCard: 'なし' } });
    const code = await codeOnBookingPage(tomorrow.receiptNo, tomorrow.accessKey!);
    t.clock.set('2026-12-03T01:00:00Z');
    const early = await scan({ code });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('checkin.wrong_day');
    expect(early.body.error.message).toContain('2026-12-04');

    const [v, body, sig] = code.split('.');
    const flipped = `${v}.${body}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`; // may differ only in unused bits
    const flippedFirst = `${v}.${body}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;
    const otherReceipt = `${v}.${Buffer.from(JSON.stringify(['demo-city', '1', '2026-12-03'])).toString('base64url')}.${sig}`;
    for (const bad of [flipped, flippedFirst, otherReceipt, 'https://example.com/', '']) {
      const r = await scan({ code: bad });
      expect(r.status, bad).toBe(422);
      expect(r.body.error.code).toBe('checkin.bad_code');
    }
    expect((await t.request('GET', `/t/demo-city/qr/${flipped}/image.svg`)).status).toBe(404);

    t.clock.set('2026-12-01T01:00:00Z');
    const gone = await t.residentBook({ start: '2026-12-03T11:30:00+09:00', answers: { name: '取消 次郎', phone: '09011114444', jukiCard: 'なし' } });
    await t.request('POST', `/api/admin/t/demo-city/bookings/${gone.receiptNo}/cancel`, { cookie: await t.login('staff', STAFF_PASSWORD), body: {} });
    t.clock.set('2026-12-03T02:00:00Z');
    const cancelled = await scan({ receiptNo: gone.receiptNo }); // typed at the desk
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.error.code).toBe('visit.booking_cancelled');
  });

  it('checks in by a typed receipt number, and only staff may scan', async () => {
    t.clock.set('2026-12-01T01:00:00Z');
    const b = await t.residentBook({ start: '2026-12-03T13:00:00+09:00', answers: { name: '手入力 三郎', phone: '09011115555', jukiCard: 'なし' } });
    t.clock.set('2026-12-03T03:55:00Z');
    expect((await scan({ receiptNo: ` ${b.receiptNo} ` })).body.action).toBe('checked-in');
    expect((await t.request('POST', SCAN, { body: { receiptNo: b.receiptNo } })).status).toBe(401);
  });
});
