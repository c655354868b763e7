// What the worker hands a channel, and how a channel reports failure.
import type { ChannelName } from '../events';

/** One outbox row, ready to send (secrets revealed for this send only). */
export interface Delivery {
  id: number;
  /** Stable across retries and restarts: the channel's idempotency key. */
  deliveryKey: string;
  tenant: string;
  event: string;
  channel: ChannelName;
  recipient: string;
  subject: string;
  text: string;
  html?: string;
  data: Record<string, unknown>;
  signingSecretName?: string;
  /** 1 for the first try. */
  attempt: number;
}

export interface SendResult {
  /** What the provider answered (SMTP response line, LINE request id …), kept in the log. */
  ref?: string;
}

/** A failed send. `permanent`: the same message would fail again (bad address, 4xx), so do not retry. */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DeliveryError';
    this.permanent = permanent;
  }
}

export interface Channel {
  readonly name: ChannelName;
  /** Why this delivery cannot be attempted with the current configuration (it is then held, not dropped). */
  unavailable?(d: Delivery): string | undefined;
  send(d: Delivery): Promise<SendResult>;
  close?(): void | Promise<void>;
}

export type Channels = Partial<Record<ChannelName, Channel>>;

/** HTTP statuses worth retrying; any other 4xx would fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}
