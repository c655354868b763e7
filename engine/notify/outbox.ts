// The outbox: a message is a row written inside the transaction of the state
// change it reports, so it commits (or rolls back) with it. The notifier worker
// delivers committed rows; nothing here does I/O.
import { prepared } from '../db/prepared';
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../audit';
import type { Db } from '../db';
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

export function enqueue(tx: Tx | Db, m: OutboxMessage, now: number): Enqueued {
  const deliveryKey = randomUUID();
  const status = m.status ?? 'pending';
  const hasSecrets = status === 'pending' && m.secrets && Object.keys(m.secrets).length > 0;
  // A cached statement: one outbox row per booking notice is on the booking's hot path.
  const { id } = prepared(
    tx,
    `INSERT INTO notification_outbox (tenant_slug, delivery_key, event, source, booking_id, member_id, channel, recipient, signing_secret_name, subject,
       body_text, body_html, data_json, secrets_json, status, due_at, not_after, last_error, version_id, created_at, updated_at)
     VALUES (@tenant, @deliveryKey, @event, @source, @bookingId, @memberId, @channel, @recipient, @signing, @subject,
       @text, @html, @data, @secrets, @status, @dueAt, @notAfter, @lastError, @versionId, @now, @now) RETURNING id`,
  ).get({
    tenant: m.tenant,
    deliveryKey,
    event: m.event,
    source: m.source,
    bookingId: m.bookingId ?? null,
    memberId: m.memberId ?? null,
    channel: m.channel,
    recipient: m.recipient,
    signing: m.signingSecretName ?? null,
    subject: m.subject,
    text: m.text,
    html: m.html ?? null,
    data: JSON.stringify(m.data ?? {}),
    secrets: hasSecrets ? JSON.stringify(m.secrets) : null,
    status,
    dueAt: m.dueAt,
    notAfter: m.notAfter ?? null,
    lastError: m.reason ?? null,
    versionId: m.versionId ?? null,
    now,
  }) as { id: number };
  return { id, deliveryKey, channel: m.channel, status };
}

/** Withdraws a booking's reminders that have not gone out yet (booking moved or cancelled). */
export function withdrawReminders(tx: Tx | Db, bookingId: number, reason: string, now: number): number {
  return tx
    .update(notificationOutbox)
    .set({ status: 'withdrawn', lastError: reason, secretsJson: null, leaseUntil: null, updatedAt: now })
    .where(
      and(
        eq(notificationOutbox.bookingId, bookingId),
        eq(notificationOutbox.event, 'booking.reminder'),
        inArray(notificationOutbox.status, ['pending', 'held']),
      ),
    )
    .run().changes;
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
