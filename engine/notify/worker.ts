// The notifier: delivers committed outbox rows.
//
//   pending ──claim──▶ sending ──▶ sent
//      ▲                  │ ├────▶ failed   (permanent error, or attempts exhausted)
//      └── retry+backoff ─┘ └────▶ held     (channel not configured; released at the next start)
//   pending/held ──▶ withdrawn (reminder of a moved/cancelled booking, or too late to matter)
//
// A claim is a lease: the row is 'sending' until lease_until. A worker that dies
// mid-send leaves the row claimed; once the lease expires the next run sends it
// again with the same delivery key, which LINE (X-Line-Retry-Key) and webhook
// receivers (X-Muni-Delivery) use to drop the repeat. Outcomes are written with a
// fencing check (status and attempt number), so a worker that lost its lease
// cannot overwrite a newer outcome. Claims run in BEGIN IMMEDIATE, so several
// processes on one database never claim the same row.
import { isPostgres } from '../db/dialect';
import { and, asc, eq, inArray, isNotNull, lte, notInArray, or, sql } from 'drizzle-orm';
import type { Clock } from '../core/clock';
import { affected, transaction, type Db } from '../db';
import { notificationAttempts, notificationOutbox as outbox } from '../db/schema';
import type { Channels, Delivery } from './channels/types';
import { DeliveryError } from './channels/types';
import type { ChannelName } from './events';
import { revealSecrets, type OutboxRow } from './outbox';

/** PostgreSQL's select builder (what runs there) has row locks; SQLite's types do not show them. */
type SkipLocked<Q> = { for(strength: 'update', config: { skipLocked: true }): Q };

export interface NotifierLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface NotifierOptions {
  db: Db;
  clock: Clock;
  channels: Channels;
  logger: NotifierLogger;
  /** Pause between runs when there was nothing more to do (ms). */
  pollMs?: number;
  batchSize?: number;
  /** How long a claimed row stays claimed; must exceed the channels' timeouts. */
  leaseMs?: number;
  maxAttempts?: number;
  /** Delay before attempt n+1 after attempt n failed. */
  backoffMs?(attempt: number): number;
}

export interface RunSummary {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  held: number;
  withdrawn: number;
}

export interface Notifier {
  start(): void;
  /** Stops polling, waits for the run in progress, closes the channels. */
  stop(): Promise<void>;
  /** One pass: expire, hold, claim due rows, send them. What tests call with a fixed clock. */
  runOnce(): Promise<RunSummary>;
}

/** 30 s, 1 min, 2 min, … capped at 1 h. */
export const defaultBackoff = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);

export function createNotifier(opts: NotifierOptions): Notifier {
  const { db, clock, channels, logger } = opts;
  const pollMs = opts.pollMs ?? 1000;
  const batchSize = opts.batchSize ?? 20;
  const leaseMs = opts.leaseMs ?? 120_000;
  const maxAttempts = opts.maxAttempts ?? 8;
  const backoff = opts.backoffMs ?? defaultBackoff;
  const configured = (Object.keys(channels) as ChannelName[]).filter((c) => channels[c]);
  let released = false;
  let current: Promise<RunSummary> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const due = (now: number) =>
    or(and(eq(outbox.status, 'pending'), lte(outbox.dueAt, now)), and(eq(outbox.status, 'sending'), lte(outbox.leaseUntil, now)));

  function toDelivery(row: OutboxRow): Delivery {
    const secrets = row.secretsJson ? (JSON.parse(row.secretsJson) as Record<string, string>) : null;
    return {
      id: row.id,
      deliveryKey: row.deliveryKey,
      tenant: row.tenantSlug,
      event: row.event,
      channel: row.channel,
      recipient: row.recipient ?? '',
      subject: revealSecrets(row.subject, secrets),
      text: revealSecrets(row.bodyText, secrets),
      ...(row.bodyHtml ? { html: revealSecrets(row.bodyHtml, secrets) } : {}),
      data: JSON.parse(row.dataJson) as Record<string, unknown>,
      ...(row.signingSecretName ? { signingSecretName: row.signingSecretName } : {}),
      attempt: row.attempts,
    };
  }

  /** Expire, hold and claim in one write transaction; returns the claimed rows (attempts already counted). */
  function claim(now: number, s: RunSummary): Promise<OutboxRow[]> {
    return transaction(db, async (tx) => {
      if (!released) {
        // A new process may have new configuration: give held messages another chance.
        await tx.update(outbox).set({ status: 'pending', updatedAt: now }).where(eq(outbox.status, 'held'));
        released = true;
      }
      s.withdrawn += affected(
        await tx
          .update(outbox)
          .set({ status: 'withdrawn', lastError: 'notification.too_late', secretsJson: null, updatedAt: now })
          .where(and(eq(outbox.status, 'pending'), isNotNull(outbox.notAfter), lte(outbox.notAfter, now))),
      );
      s.held += affected(
        await tx
          .update(outbox)
          .set({ status: 'held', lastError: 'notification.channel_not_configured', leaseUntil: null, updatedAt: now })
          .where(and(configured.length > 0 ? notInArray(outbox.channel, configured) : sql`1 = 1`, due(now))),
      );
      if (configured.length === 0) return [];
      // Several servers claim at once on PostgreSQL: each takes rows nobody else has locked (SKIP
      // LOCKED) instead of waiting for them. On SQLite, BEGIN IMMEDIATE keeps two claims apart.
      const pick = tx.select().from(outbox).where(and(inArray(outbox.channel, configured), due(now))).orderBy(asc(outbox.dueAt), asc(outbox.id)).limit(batchSize);
      const rows = await (isPostgres ? (pick as unknown as SkipLocked<typeof pick>).for('update', { skipLocked: true }) : pick);
      const claimed: OutboxRow[] = [];
      for (const r of rows) {
        const why = channels[r.channel]!.unavailable?.(toDelivery(r));
        if (why) {
          await tx.update(outbox).set({ status: 'held', lastError: `notification.channel_not_configured: ${why}`, leaseUntil: null, updatedAt: now }).where(eq(outbox.id, r.id));
          s.held++;
          continue;
        }
        const next = { status: 'sending' as const, attempts: r.attempts + 1, leaseUntil: now + leaseMs, updatedAt: now };
        await tx.update(outbox).set(next).where(eq(outbox.id, r.id));
        claimed.push({ ...r, ...next });
      }
      return claimed;
    }, { isolation: 'read committed' });
  }

  /** Writes the outcome of an attempt, unless the row was reclaimed meanwhile (fencing). */
  async function record(row: OutboxRow, outcome: 'sent' | 'retry' | 'failed', detail: string): Promise<void> {
    const at = clock.now().getTime();
    await transaction(db, async (tx) => {
      const fence = and(eq(outbox.id, row.id), eq(outbox.status, 'sending'), eq(outbox.attempts, row.attempts));
      const final = outcome !== 'retry';
      await tx
        .update(outbox)
        .set({
          status: outcome === 'retry' ? 'pending' : outcome,
          leaseUntil: null,
          updatedAt: at,
          ...(outcome === 'sent' ? { sentAt: at, providerRef: detail, lastError: null } : { lastError: detail }),
          ...(outcome === 'retry' ? { dueAt: at + backoff(row.attempts) } : {}),
          // A final row will not be sent again: its secrets (access key, reset link) go now.
          ...(final ? { secretsJson: null } : {}),
        })
        .where(fence);
      await tx.insert(notificationAttempts).values({ outboxId: row.id, attempt: row.attempts, at, outcome, detail: detail.slice(0, 1000) });
    });
  }

  async function deliver(row: OutboxRow, s: RunSummary): Promise<void> {
    const fields = { id: row.id, channel: row.channel, event: row.event, attempt: row.attempts };
    try {
      if (!row.recipient) throw new DeliveryError('no recipient', true);
      const r = await channels[row.channel]!.send(toDelivery(row));
      await record(row, 'sent', r.ref ?? 'ok');
      s.sent++;
      logger.info('notification sent', fields);
    } catch (e) {
      const err = e instanceof DeliveryError ? e : new DeliveryError(e instanceof Error ? e.message : String(e), false, { cause: e });
      const giveUp = err.permanent || row.attempts >= maxAttempts;
      await record(row, giveUp ? 'failed' : 'retry', err.message);
      if (giveUp) s.failed++;
      else s.retried++;
      logger.error(giveUp ? 'notification failed' : 'notification will be retried', { ...fields, error: err.message });
    }
  }

  async function run(): Promise<RunSummary> {
    const s: RunSummary = { claimed: 0, sent: 0, retried: 0, failed: 0, held: 0, withdrawn: 0 };
    const rows = await claim(clock.now().getTime(), s);
    s.claimed = rows.length;
    // One at a time: SMTP servers and LINE rate-limit, and order within a booking is kept.
    for (const row of rows) await deliver(row, s);
    return s;
  }

  const runOnce = () => {
    current ??= run().finally(() => {
      current = undefined;
    });
    return current;
  };

  const tick = async () => {
    let more = false;
    try {
      more = (await runOnce()).claimed >= batchSize;
    } catch (e) {
      logger.error('notifier run failed', { error: e instanceof Error ? e.message : String(e) });
    }
    if (running) timer = setTimeout(tick, more ? 0 : pollMs);
  };

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      timer = setTimeout(tick, 0);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await current?.catch(() => {});
      for (const c of Object.values(channels)) await c?.close?.();
    },
  };
}
