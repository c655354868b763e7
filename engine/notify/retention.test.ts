import { describe, expect, it } from 'vitest';
import { closeDb, openDb, sqlGet } from '../db';
import { purgeOldMessages, retentionDays } from './retention';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T00:00:00Z');

async function outboxRow(db: ReturnType<typeof openDb>, status: string, updatedAt: number): Promise<number> {
  const row = await sqlGet<{ id: number }>(
    db,
    `INSERT INTO notification_outbox (tenant_slug, delivery_key, event, source, channel, recipient, subject, body_text, body_html, data_json, secrets_json, status, due_at, created_at, updated_at)
       VALUES ('t', ?, 'booking.confirmed', 'n/m', 'email', 'taro@example.jp', '予約を受け付けました', '山田 太郎 様', '<p>山田 太郎 様</p>', '{"receiptNo":"1"}', '{"k":"v"}', ?, ?, ?, ?) RETURNING id`,
    [`key-${status}-${updatedAt}`, status, updatedAt, updatedAt, updatedAt],
  );
  return row!.id;
}

describe('message retention', () => {
  it('removes text and recipient of final messages older than the period, keeps the record, and leaves the rest', async () => {
    const db = openDb(':memory:');
    const old = NOW - 91 * DAY;
    const ids = {
      sent: await outboxRow(db, 'sent', old),
      failed: await outboxRow(db, 'failed', old),
      withdrawn: await outboxRow(db, 'withdrawn', old),
      skipped: await outboxRow(db, 'skipped', old),
      pendingOld: await outboxRow(db, 'pending', old), // not final: still to be sent
      heldOld: await outboxRow(db, 'held', old), // not final: waits for a channel
      sentRecent: await outboxRow(db, 'sent', NOW - 89 * DAY),
    };
    expect(await purgeOldMessages(db, NOW, 90)).toBe(4);
    const row = async (id: number) => (await sqlGet<Record<string, unknown>>(db, 'SELECT * FROM notification_outbox WHERE id = ?', [id]))!;
    for (const id of [ids.sent, ids.failed, ids.withdrawn, ids.skipped]) {
      expect(await row(id)).toMatchObject({ subject: '', body_text: '', body_html: null, data_json: '{}', secrets_json: null, recipient: null, purged_at: NOW, event: 'booking.confirmed', channel: 'email' });
    }
    expect((await row(ids.sent)).status).toBe('sent');
    for (const id of [ids.pendingOld, ids.heldOld, ids.sentRecent]) expect(await row(id)).toMatchObject({ body_text: '山田 太郎 様', recipient: 'taro@example.jp', purged_at: null });
    // Nothing left to do the next hour.
    expect(await purgeOldMessages(db, NOW + 3_600_000, 90)).toBe(0);
    await closeDb(db);
  });

  it('reads NOTIFY_RETENTION_DAYS and refuses a value that is not a whole number of days', () => {
    expect(retentionDays({})).toBe(90);
    expect(retentionDays({ NOTIFY_RETENTION_DAYS: '365' })).toBe(365);
    for (const bad of ['0', '-1', '1.5', 'ninety']) expect(() => retentionDays({ NOTIFY_RETENTION_DAYS: bad })).toThrow(/NOTIFY_RETENTION_DAYS/);
  });
});
