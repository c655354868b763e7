// Webhook: POST JSON to the municipality's own system, signed with
// HMAC-SHA256 over the raw body (header X-Muni-Signature-256: sha256=<hex>).
// X-Muni-Delivery carries the delivery key, the same on every retry, so the
// receiver can drop a repeat; that is what makes a retry after a crash safe.
import { createHmac } from 'node:crypto';
import type { Channel, Delivery } from './types';
import { DeliveryError, isRetryableStatus } from './types';

export const SIGNATURE_HEADER = 'x-muni-signature-256';
export const DELIVERY_HEADER = 'x-muni-delivery';
export const EVENT_HEADER = 'x-muni-event';

export interface WebhookOptions {
  /** The signing secret of an environment variable name (per block: "secretEnv", default WEBHOOK_SECRET). */
  secret(name: string): string | undefined;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function signBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

export function webhookBody(d: Delivery, sentAt: Date): string {
  return JSON.stringify({
    deliveryKey: d.deliveryKey,
    event: d.event,
    tenant: d.tenant,
    sentAt: sentAt.toISOString(),
    attempt: d.attempt,
    data: d.data,
    message: { subject: d.subject, text: d.text },
  });
}

export function createWebhookChannel(opts: WebhookOptions): Channel {
  const doFetch = opts.fetch ?? fetch;
  const secretOf = (d: Delivery) => opts.secret(d.signingSecretName ?? 'WEBHOOK_SECRET');
  return {
    name: 'webhook',
    // Never sent unsigned: without its secret a webhook waits (held) until the secret is configured.
    unavailable: (d) => (secretOf(d) ? undefined : `${d.signingSecretName ?? 'WEBHOOK_SECRET'} is not set`),
    async send(d) {
      const secret = secretOf(d);
      if (!secret) throw new DeliveryError(`${d.signingSecretName ?? 'WEBHOOK_SECRET'} is not set`, false);
      const body = webhookBody(d, new Date());
      let res: Response;
      try {
        res = await doFetch(d.recipient, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'muni-reserve-notifier',
            [SIGNATURE_HEADER]: signBody(secret, body),
            [DELIVERY_HEADER]: d.deliveryKey,
            [EVENT_HEADER]: d.event,
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
        });
      } catch (e) {
        throw new DeliveryError(`webhook: ${e instanceof Error ? e.message : String(e)}`, false, { cause: e });
      }
      await res.body?.cancel().catch(() => {});
      if (res.ok) return { ref: `HTTP ${res.status}` };
      throw new DeliveryError(`webhook: HTTP ${res.status}`, !isRetryableStatus(res.status));
    },
  };
}
