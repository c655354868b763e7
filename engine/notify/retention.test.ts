// SQLite only for now: the rows are set up through the SQLite connection.
import { isPostgres } from '../db/dialect';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb, sqliteClient } from '../db';
import { purgeOldMessages, retentionDays } from './retention';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T00:00:00Z');

function outboxRow(db: ReturnType<typeof openDb>, status: string, updatedAt: number) {
  return sqliteClient(db)
    .prepare(
      `INSERT INTO notification_outbox (tenant_slug, delivery_key, event, source, channel, recipient, subject, body_text, body_html, data_json, secrets_json, status, due_at, created_at, updated_at)
       VALUES ('t', ?, 'booking.confirmed', 'n/m', 'email', 'taro@example.jp', '予約を受け付けました', '山田 太郎 様', '<p>山田 太郎 様</p>', '{"receiptNo":"1"}', '{"k":"v"}', ?, ?, ?, ?) RETURNING id`,
    )
    .get(`key-${status}-${updatedAt}`, status, updatedAt, updatedAt, updatedAt) as { id: number };
}

describe.skipIf(isPostgres)('message retention', () => {
  it('removes text and recipient of final messages older than the period, keeps the record, and leaves the rest', async () => {
    const db = openDb(':memory:');
    const old = NOW - 91 * DAY;
    const ids = {
      sent: outboxRow(db, 'sent', old).id,
      failed: outboxRow(db, 'failed', old).id,
      withdrawn: outboxRow(db, 'withdrawn', old).id,
      skipped: outboxRow(db, 'skipped', old).id,
      pendingOld: outboxRow(db, 'pending', old).id, // not final: still to be sent
      heldOld: outboxRow(db, 'held', old).id, // not final: waits for a channel
      sentRecent: outboxRow(db, 'sent', NOW - 89 * DAY).id,
    };
    expect(await purgeOldMessages(db, NOW, 90)).toBe(4);
    const row = (id: number) => sqliteClient(db).prepare('SELECT * FROM notification_outbox WHERE id = ?').get(id) as Record<string, unknown>;
    for (const id of [ids.sent, ids.failed, ids.withdrawn, ids.skipped]) {
      expect(row(id)).toMatchObject({ subject: '', body_text: '', body_html: null, data_json: '{}', secrets_json: null, recipient: null, purged_at: NOW, event: 'booking.confirmed', channel: 'email' });
    }
    expect(row(ids.sent).status).toBe('sent');
    for (const id of [ids.pendingOld, ids.heldOld, ids.sentRecent]) expect(row(id)).toMatchObject({ body_text: '山田 太郎 様', recipient: 'taro@example.jp', purged_at: null });
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
