// Retention of sent messages (個人情報の保存期間). A rendered message holds a
// resident's name, the date of the visit and sometimes their answers; its copy in
// the outbox serves staff answering "did the email reach me?". Once a message is
// final (sent, failed, withdrawn, skipped) and the retention period has passed,
// its text and its recipient are removed; the delivery log keeps what happened:
// event, channel, status, times and attempts. secure_delete (engine/db) zeroes
// the freed bytes in the file.
import { isPostgres } from '../db/dialect';
import { sqlRun, type Db } from '../db';

export const DEFAULT_RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;

/** Retention in days from NOTIFY_RETENTION_DAYS (a whole number ≥ 1), else the default. */
export function retentionDays(env: Record<string, string | undefined>): number {
  const raw = env.NOTIFY_RETENTION_DAYS;
  if (raw === undefined || raw === '') return DEFAULT_RETENTION_DAYS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`NOTIFY_RETENTION_DAYS は1以上の整数（日数）で指定してください（指定値: "${raw}"）/ must be a whole number of days, 1 or more`);
  return n;
}

/** Removes the text and recipient of final messages last updated more than `days` ago; returns how many. */
export async function purgeOldMessages(db: Db, now: number, days: number): Promise<number> {
  const r = await sqlRun(
    db,
    // INDEXED BY: without ANALYZE statistics SQLite would walk every sent message ever through the
    // status index each hour; the partial index holds only the messages whose text is still kept.
    // (INDEXED BY is SQLite's; PostgreSQL's planner picks the partial index from its statistics.)
    `UPDATE notification_outbox ${isPostgres ? '' : 'INDEXED BY notification_outbox_unpurged'}
        SET subject = '', body_text = '', body_html = NULL, data_json = '{}', secrets_json = NULL, recipient = NULL, purged_at = ?
      WHERE purged_at IS NULL AND updated_at < ? AND status IN ('sent', 'failed', 'withdrawn', 'skipped')`,
    [now, now - days * DAY_MS],
  );
  return r.changes;
}
