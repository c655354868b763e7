// The outbox: a message is a row written inside the transaction of the state
// change it reports, so it commits (or rolls back) with it. The notifier worker
// delivers committed rows; nothing here does I/O.
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../audit';
import { affected, sqlGet, type Db } from '../db';
import { notificationOutbox } from '../db/schema';
import type { ChannelName } from './events';

export type OutboxStatus = (typeof notificationOutbox.$inferSelect)['status'];
export type OutboxRow = typeof notificationOutbox.$inferSelect;

/** Statuses after which nothing more will be sent for a row. */
export const FINAL_STATUSES: readonly OutboxStatus[] = ['sent', 'failed', 'withdrawn', 'skipped'];

export interface OutboxMessage {
  tenant: string;
  event: string;
  source: string;
  bookingId?: number;
  memberId?: string;
  channel: ChannelName;
  recipient: string | null;
  signingSecretName?: string;
  subject: string;
  text: string;
  html?: string;
  data?: Record<string, unknown>;
  /** token → value; only for resident channels (the webhook never gets secrets). */
  secrets?: Record<string, string>;
  dueAt: number;
  notAfter?: number;
  versionId?: string;
  /** 'skipped': nowhere to send it; 'failed': could not be rendered. Both stay visible in the delivery log. */
  status?: 'pending' | 'skipped' | 'failed';
  reason?: string;
}

export interface Enqueued {
  id: number;
  deliveryKey: string;
  channel: ChannelName;
  status: OutboxStatus;
}

export async function enqueue(tx: Tx | Db, m: OutboxMessage, now: number): Promise<Enqueued> {
  const deliveryKey = randomUUID();
  const status = m.status ?? 'pending';
  const hasSecrets = status === 'pending' && m.secrets && Object.keys(m.secrets).length > 0;
  // Raw SQL (a statement cached by its text): one outbox row per booking notice is on the booking's hot path.
  const { id } = (await sqlGet<{ id: number }>(
    tx,
    `INSERT INTO notification_outbox (tenant_slug, delivery_key, event, source, booking_id, member_id, channel, recipient, signing_secret_name, subject,
       body_text, body_html, data_json, secrets_json, status, due_at, not_after, last_error, version_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [
      m.tenant,
      deliveryKey,
      m.event,
      m.source,
      m.bookingId ?? null,
      m.memberId ?? null,
      m.channel,
      m.recipient,
      m.signingSecretName ?? null,
      m.subject,
      m.text,
      m.html ?? null,
      JSON.stringify(m.data ?? {}),
      hasSecrets ? JSON.stringify(m.secrets) : null,
      status,
      m.dueAt,
      m.notAfter ?? null,
      m.reason ?? null,
      m.versionId ?? null,
      now,
      now,
    ],
  ))!;
  return { id, deliveryKey, channel: m.channel, status };
}

/** Withdraws a booking's reminders that have not gone out yet (booking moved or cancelled). */
export async function withdrawReminders(tx: Tx | Db, bookingId: number, reason: string, now: number): Promise<number> {
  return affected(
    await tx
      .update(notificationOutbox)
    .set({ status: 'withdrawn', lastError: reason, secretsJson: null, leaseUntil: null, updatedAt: now })
    .where(
      and(
        eq(notificationOutbox.bookingId, bookingId),
        eq(notificationOutbox.event, 'booking.reminder'),
        inArray(notificationOutbox.status, ['pending', 'held']),
        ),
      ),
  );
}

// ── secrets: kept out of the stored text ──

const TOKEN = /\[\[secret:([0-9a-f]{16})\]\]/g;
export const MASK = '********';

export function secretToken(): string {
  return `[[secret:${randomBytes(8).toString('hex')}]]`;
}

/** Puts the secret values back for sending; a token without a value (scrubbed, or webhook) is masked. */
export function revealSecrets(s: string, secrets: Record<string, string> | null): string {
  return s.replace(TOKEN, (tok) => secrets?.[tok] ?? MASK);
}

/** What staff and logs see. */
export function maskSecrets(s: string): string {
  return s.replace(TOKEN, MASK);
}
