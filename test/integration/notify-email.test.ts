// Email notifications end to end: book through the HTTP API, a real SMTP server
// (smtp-server) receives what the notifier sends. Restart and crash cases use a
// database file that is closed and reopened.
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { createFixedClock } from '../../engine/core/clock';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import { closeDb, type Db, dialectOf, openDb, sqlAll, sqliteClient } from '../../engine/db';
import { createApp } from '../../engine/http/app';
import { deliveriesOf } from '../../engine/notify/deliveries';
import { createSmtpChannel } from '../../engine/notify/channels/smtp';
import type { Channel } from '../../engine/notify/channels/types';
import { createNotifier } from '../../engine/notify/worker';
import { startSmtpServer, type SmtpSink } from '../helpers/notify';
import { createTestApp, silentLogger } from '../helpers/test-app';
import { answers, notifyBlocks, NOW, slot } from './fixtures/notify-blocks';

const FROM = 'テスト町 <yoyaku@test-town.example.jp>';
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpServer();
});
afterEach(async () => {
  await smtp.close();
});

const emailChannel = () => createSmtpChannel({ url: smtp.url, from: FROM, timeoutMs: 5000 });
const outbox = async (db: Db) => (await sqlAll<{ id: number; status: string; channel: string; event: string; attempts: number; secrets_json: string | null; last_error: string | null; due_at: number; delivery_key: string; body_text: string }>(db, `SELECT * FROM notification_outbox ORDER BY id`));

describe('email over SMTP', () => {
  it('delivers the confirmation of an anonymous booking with its 受付番号 and アクセスキー, then forgets the key', async () => {
    const t = await createTestApp(notifyBlocks(), { now: NOW });
    const r = await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers('ichiro@example.jp') });
    expect(r.status).toBe(201);
    const { receiptNo, accessKey } = r.body as { receiptNo: string; accessKey: string };

    const notifier = createNotifier({ db: t.db, clock: t.clock, channels: { email: emailChannel() }, logger: silentLogger });
    const s = await notifier.runOnce();
    expect(s).toMatchObject({ claimed: 1, sent: 1, failed: 0 });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0];
    expect(mail.to).toEqual(['ichiro@example.jp']);
    expect(mail.from).toBe('yoyaku@test-town.example.jp');
    expect(mail.subject).toBe(`【テスト町】予約を受け付けました（受付番号 ${receiptNo}）`);
    expect(mail.text).toContain(`受付番号: ${receiptNo}`);
    expect(mail.text).toContain(`アクセスキー: ${accessKey}`);
    expect(mail.text).toContain('場所: 本庁舎窓口');
    expect(mail.text).toContain('日時: 2026年12月3日（木）10:00〜10:30');
    expect(mail.html).toContain(`アクセスキー: ${accessKey}<br>`);
    const [row] = await outbox(t.db);
    expect(mail.messageId).toBe(`<${row.delivery_key}@test-town.example.jp>`);

    // Sent: the plaintext key is gone from the database, pages included (serialize() is the whole file image).
    expect(row).toMatchObject({ status: 'sent', secrets_json: null, attempts: 1 });
    expect(row.body_text).not.toContain(accessKey);
    if (dialectOf(t.db) === 'sqlite') expect(sqliteClient(t.db).serialize().includes(Buffer.from(accessKey))).toBe(false);
    // Staff see the log with the key masked.
    const log = await deliveriesOf(t.db, 'test-town', receiptNo);
    expect(log.map((d) => [d.source, d.status, d.dueAt])).toEqual([
      ['notices/confirmed', 'sent', '2026-12-01T09:00:00+09:00'],
      // 3 days before (11/30 09:00) had already passed when booking; these two are scheduled.
      ['notices/day-before', 'pending', '2026-12-02T09:00:00+09:00'],
      ['notices/two-hours', 'pending', '2026-12-03T08:00:00+09:00'],
    ]);
    expect(log[0]).toMatchObject({ event: 'booking.confirmed', channel: 'email', statusLabel: '送信済み', recipient: 'ichiro@example.jp', sentAt: '2026-12-01T09:00:00+09:00' });
    expect(log[0].text).toContain('アクセスキー: ********');
    expect(log[0].history).toEqual([expect.objectContaining({ attempt: 1, outcome: 'sent' })]);
    // Nothing more to send.
    expect((await notifier.runOnce()).claimed).toBe(0);
    expect(smtp.mails).toHaveLength(1);
  });

  it('records a booking without an email address as not sent (no recipient), not as nothing', async () => {
    const t = await createTestApp(notifyBlocks(), { now: NOW });
    const r = await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers() });
    const log = await deliveriesOf(t.db, 'test-town', r.body.receiptNo);
    expect(log.map((d) => [d.event, d.status, d.reason])).toEqual(expect.arrayContaining([['booking.confirmed', 'skipped', 'notification.no_recipient']]));
    expect(log[0].reasonText).toContain('宛先');
    expect((await outbox(t.db)).every((o) => o.secrets_json === null)).toBe(true);
  });

  it('retries a temporary refusal with backoff and gives up at once on a permanent one, keeping the reason', async () => {
    const t = await createTestApp(notifyBlocks(), { now: NOW });
    await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers('a@example.jp') });
    const notifier = createNotifier({ db: t.db, clock: t.clock, channels: { email: emailChannel() }, logger: silentLogger });
    smtp.refuseNext(451);
    expect(await notifier.runOnce()).toMatchObject({ retried: 1, sent: 0 });
    let [row] = await outbox(t.db);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toContain('451');
    expect(row.due_at).toBe(Date.parse(NOW) + 30_000);
    expect(row.secrets_json).not.toBeNull(); // still needed for the retry
    expect((await notifier.runOnce()).claimed).toBe(0); // not before the backoff
    t.clock.advance(30_000);
    expect(await notifier.runOnce()).toMatchObject({ sent: 1 });
    expect(smtp.mails).toHaveLength(1);
    [row] = await outbox(t.db);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, secrets_json: null });

    await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:30'), answers: answers('nobody@example.jp', '0311112222') });
    smtp.refuseNext(550);
    expect(await notifier.runOnce()).toMatchObject({ failed: 1 });
    const failed = (await outbox(t.db)).find((o) => o.status === 'failed')!;
    expect(failed.last_error).toContain('550');
    expect(failed.secrets_json).toBeNull();
  });

  it('holds email while SMTP is not configured, visibly, and sends it once configured', async () => {
    const t = await createTestApp(notifyBlocks(), { now: NOW });
    const r = await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers('a@example.jp') });
    const unconfigured = createNotifier({ db: t.db, clock: t.clock, channels: {}, logger: silentLogger });
    expect(await unconfigured.runOnce()).toMatchObject({ held: 1, claimed: 0 });
    const [held] = await deliveriesOf(t.db, 'test-town', r.body.receiptNo);
    expect(held).toMatchObject({ status: 'held', reason: 'notification.channel_not_configured' });
    expect(held.reasonText).toContain('設定');
    expect((await unconfigured.runOnce()).held).toBe(0); // stays held, no busy loop
    // "Restart" with SMTP configured.
    const configured = createNotifier({ db: t.db, clock: t.clock, channels: { email: emailChannel() }, logger: silentLogger });
    expect(await configured.runOnce()).toMatchObject({ sent: 1 });
    expect(smtp.mails[0].text).toContain(r.body.accessKey);
  });
});

describe('exactly once across restarts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'notify-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function engineOn(path: string, clock = createFixedClock(NOW)) {
    const db = openDb(path);
    const loaded = loadTenantBlocks('test-town', notifyBlocks(), registry);
    const v = await publishVersion(db, loaded.tenant!, { source: 'folder', clock });
    const app = createApp({ registry, db, clock, tenants: createTenantStore([{ versionId: v.id, seq: v.seq, tenant: loaded.tenant! }]), logger: silentLogger });
    return { db, app, clock };
  }
  const book = async (app: ReturnType<typeof createApp>, email: string) => {
    const res = await app.request('/api/t/test-town/services/pickup/reservations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers(email) }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { receiptNo: string; accessKey: string };
  };

  it('a booking committed before a restart is mailed once after it', async () => {
    const path = join(dir, 'engine.db');
    const first = await engineOn(path);
    const b = await book(first.app, 'restart@example.jp');
    await closeDb(first.db); // the process stops before the notifier ran

    const clock = createFixedClock('2026-12-01T00:05:00Z');
    const db = openDb(path);
    const notifier = createNotifier({ db, clock, channels: { email: emailChannel() }, logger: silentLogger });
    expect(await notifier.runOnce()).toMatchObject({ sent: 1 });
    clock.advance(3_600_000);
    expect((await notifier.runOnce()).claimed).toBe(0);
    // A second restart does not send it again either.
    const again = createNotifier({ db, clock, channels: { email: emailChannel() }, logger: silentLogger });
    expect((await again.runOnce()).claimed).toBe(0);
    expect(smtp.mails.map((m) => m.to)).toEqual([['restart@example.jp']]);
    expect(smtp.mails[0].text).toContain(`アクセスキー: ${b.accessKey}`);
    await closeDb(db);
  });

  it('a crash while sending: the row is claimed but never marked sent; after the lease the mail goes again with the same Message-ID', async () => {
    // SMTP has no idempotency key, so this is the one case where a resident can get two copies.
    // They carry the same Message-ID (derived from the delivery key), which mail stores use to de-duplicate.
    const path = join(dir, 'engine.db');
    const first = await engineOn(path);
    await book(first.app, 'crash@example.jp');
    const real = emailChannel();
    let hung!: () => void;
    const crashing: Channel = {
      name: 'email',
      async send(d) {
        await real.send(d);
        hung();
        return new Promise(() => {}); // the process "dies" here: the outcome is never recorded
      },
    };
    const reached = new Promise<void>((resolve) => (hung = resolve));
    void createNotifier({ db: first.db, clock: first.clock, channels: { email: crashing }, logger: silentLogger }).runOnce();
    await reached;
    expect((await sqlAll<{ status: string }>(first.db, `SELECT status FROM notification_outbox WHERE event = 'booking.confirmed'`))).toEqual([{ status: 'sending' }]);
    await closeDb(first.db);

    const clock = createFixedClock(NOW);
    const db = openDb(path);
    const notifier = createNotifier({ db, clock, channels: { email: emailChannel() }, logger: silentLogger });
    expect((await notifier.runOnce()).claimed).toBe(0); // lease still running: another worker may be sending it
    clock.advance(120_000);
    expect(await notifier.runOnce()).toMatchObject({ sent: 1 });
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1].messageId).toBe(smtp.mails[0].messageId);
    expect((await sqlAll<{ status: string; attempts: number }>(db, `SELECT status, attempts FROM notification_outbox WHERE event = 'booking.confirmed'`))).toEqual([{ status: 'sent', attempts: 2 }]);
    await closeDb(db);
  });
});
