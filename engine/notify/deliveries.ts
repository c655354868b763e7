// The delivery log of a booking, as staff see it: every message, its channel,
// status and reason, and each attempt. Secrets are masked.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../audit';
import { EngineError } from '../core/errors';
import { hasMessage, messageFor } from '../core/messages';
import type { Db } from '../db';
import { bookings, notificationAttempts, notificationOutbox } from '../db/schema';
import { EVENTS, isEventName } from './events';
import { instantIso } from '../schedule/time';
import './messages';
import { maskSecrets, type OutboxStatus } from './outbox';

const STATUS_JA: Record<OutboxStatus, string> = {
  pending: '送信待ち',
  sending: '送信中',
  sent: '送信済み',
  failed: '送信失敗',
  held: '保留（送信経路が未設定）',
  withdrawn: '取り下げ',
  skipped: '送信せず',
};

export interface DeliveryView {
  id: number;
  deliveryKey: string;
  event: string;
  eventTitle: string;
  source: string;
  channel: string;
  recipient: string | null;
  status: OutboxStatus;
  statusLabel: string;
  dueAt: string;
  sentAt: string | null;
  attempts: number;
  /** Stored reason (a code, or the channel's error text). */
  reason: string | null;
  reasonText: string | null;
  subject: string;
  text: string;
  /** When the text and recipient were removed after the retention period (engine/notify/retention.ts). */
  purgedAt: string | null;
  history: { attempt: number; at: string; outcome: string; detail: string | null }[];
}

export async function deliveriesOf(db: Db | Tx, tenant: string, receiptNo: string, timeZone = 'Asia/Tokyo'): Promise<DeliveryView[]> {
  const [booking] = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.tenantSlug, tenant), eq(bookings.receiptNo, receiptNo)))
    .limit(1);
  if (!booking) throw new EngineError('reservation.not_found');
  const rows = await db.select().from(notificationOutbox).where(eq(notificationOutbox.bookingId, booking.id)).orderBy(asc(notificationOutbox.id));
  const ids = rows.map((r) => r.id);
  const attempts = ids.length ? await db.select().from(notificationAttempts).where(inArray(notificationAttempts.outboxId, ids)).orderBy(asc(notificationAttempts.id)) : [];
  const iso = (ms: number) => instantIso(ms, timeZone);
  return rows.map((r) => {
    const code = r.lastError?.split(':')[0] ?? '';
    return {
      id: r.id,
      deliveryKey: r.deliveryKey,
      event: r.event,
      eventTitle: isEventName(r.event) ? EVENTS[r.event].ja : r.event,
      source: r.source,
      channel: r.channel,
      recipient: r.recipient,
      status: r.status,
      statusLabel: STATUS_JA[r.status],
      dueAt: iso(r.dueAt),
      sentAt: r.sentAt === null ? null : iso(r.sentAt),
      attempts: r.attempts,
      reason: r.lastError,
      reasonText: r.lastError ? (hasMessage(code) ? messageFor(code) : r.lastError) : null,
      subject: maskSecrets(r.subject),
      text: maskSecrets(r.bodyText),
      purgedAt: r.purgedAt === null ? null : iso(r.purgedAt),
      history: attempts.filter((a) => a.outboxId === r.id).map((a) => ({ attempt: a.attempt, at: iso(a.at), outcome: a.outcome, detail: a.detail })),
    };
  });
}
