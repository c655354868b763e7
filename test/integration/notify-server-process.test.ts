// The notifier as wired in engine/main.ts, in real processes: a booking made
// while SMTP is not configured waits in the outbox (held, visible); after a
// restart with SMTP_URL the confirmation is delivered, exactly once.
import { closeDb, openDb, sqlGet } from '../../engine/db';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSmtpServer, type SmtpSink } from '../helpers/notify';
import { makeTempDir, removeDir, startServerProcess, type ServerProcess } from './helpers';

let tmp: string;
let smtp: SmtpSink;
const running: ServerProcess[] = [];
beforeAll(async () => {
  tmp = makeTempDir('notify-process');
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await smtp.close();
  removeDir(tmp);
});

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('holds the confirmation while SMTP is unset and delivers it once after a restart with SMTP_URL', async () => {
  const dbPath = join(tmp, 'engine.db');
  const env = { TENANTS_DIR: 'tenants', DATABASE_PATH: dbPath, MAIL_FROM: 'さくらみなと市 <yoyaku@example.jp>', NOTIFIER_POLL_MS: '50' };
  const first = await startServerProcess({ env: { ...env, SMTP_URL: '' } });
  running.push(first);
  expect(first.output()).toContain('notifications email: not configured (SMTP_URL is not set)');

  const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const avail = (await (await fetch(`${first.url}/api/t/demo-city/services/card-pickup/availability?from=${from}&to=${to}`)).json()) as { slots: { resource: string; start: string; status: string }[] };
  const open = avail.slots.find((s) => s.status === 'open')!;
  const res = await fetch(`${first.url}/api/t/demo-city/services/card-pickup/reservations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ resource: open.resource, start: open.start, answers: { name: '山田 花子', phone: '090-1111-2222', jukiCard: 'なし', email: 'hanako@example.jp' } }),
  });
  expect(res.status).toBe(201);
  const booking = (await res.json()) as { receiptNo: string; accessKey: string };

  // The server's database, read beside it (on PostgreSQL the test database that path names).
  const db = openDb(dbPath);
  const confirmation = () => sqlGet<{ status: string; last_error: string }>(db, "SELECT status, last_error FROM notification_outbox WHERE event = 'booking.confirmed'");
  await until(async () => ((await confirmation())?.status === 'held' ? true : undefined), 'the confirmation to be held');
  expect((await confirmation())!.last_error).toBe('notification.channel_not_configured');
  expect(await first.stop()).toBe(0);

  const second = await startServerProcess({ env: { ...env, SMTP_URL: smtp.url } });
  running.push(second);
  await until(() => (smtp.mails.length > 0 ? true : undefined), 'the mail');
  await until(async () => ((await confirmation())?.status === 'sent' ? true : undefined), 'the row to be marked sent');
  expect(await second.stop()).toBe(0);
  await closeDb(db);

  expect(smtp.mails).toHaveLength(1);
  const [mail] = smtp.mails;
  expect(mail.to).toEqual(['hanako@example.jp']);
  expect(mail.subject).toContain(`受付番号 ${booking.receiptNo}`);
  expect(mail.text).toContain(`受付番号: ${booking.receiptNo}`);
  expect(mail.text).toContain(`アクセスキー: ${booking.accessKey}`);
});
