// Webhook: POST JSON to the municipality's own system, signed with
// HMAC-SHA256 over the raw body (header X-Muni-Signature-256: sha256=<hex>).
// X-Muni-Delivery carries the delivery key, the same on every retry, so the
// receiver can drop a repeat; that is what makes a retry after a crash safe.
// The target must be a public address (see webhook-target.ts) and the secret
// one of the sending tenant's own (see ../webhook-secret.ts).
import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isWebhookSecretOf } from '../webhook-secret';
import type { Channel, Delivery } from './types';
import { DeliveryError, isRetryableStatus } from './types';
import { resolveWebhookTarget, systemResolver, TargetRefused, type ResolvedAddress, type Resolver } from './webhook-target';

export const SIGNATURE_HEADER = 'x-muni-signature-256';
export const DELIVERY_HEADER = 'x-muni-delivery';
export const EVENT_HEADER = 'x-muni-event';

export interface WebhookOptions {
  /** The signing secret of an environment variable name (per block: "secretEnv", default WEBHOOK_SECRET_<SLUG>). */
  secret(name: string): string | undefined;
  timeoutMs?: number;
  /** Host names and addresses that may be reached although not public (WEBHOOK_ALLOW_HOSTS). */
  allowHosts?: ReadonlySet<string>;
  /** DNS (tests inject one to point a public-looking name at a private address). */
  resolve?: Resolver;
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
  const allow = opts.allowHosts ?? new Set<string>();
  const resolve = opts.resolve ?? systemResolver;
  const nameOf = (d: Delivery) => d.signingSecretName ?? 'WEBHOOK_SECRET';
  const secretOf = (d: Delivery) => opts.secret(nameOf(d));
  return {
    name: 'webhook',
    // Never sent unsigned: without its secret a webhook waits (held) until the secret is configured.
    // A name the tenant does not own is not "missing configuration": send() fails it for good.
    unavailable: (d) => (!isWebhookSecretOf(nameOf(d), d.tenant) || secretOf(d) ? undefined : `${nameOf(d)} is not set`),
    async send(d) {
      if (!isWebhookSecretOf(nameOf(d), d.tenant)) {
        throw new DeliveryError(`webhook: ${nameOf(d)} is not a signing secret of tenant "${d.tenant}" (use WEBHOOK_SECRET_<TENANT> or WEBHOOK_SECRET_<TENANT>__<NAME>)`, true);
      }
      const secret = secretOf(d);
      if (!secret) throw new DeliveryError(`${nameOf(d)} is not set`, false);
      let url: URL;
      let target: ResolvedAddress;
      try {
        url = new URL(d.recipient);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetRefused('only http and https targets are allowed');
        target = await resolveWebhookTarget(url, allow, resolve);
      } catch (e) {
        // Refused targets fail for good; a DNS failure may be temporary. No address is named:
        // the tenant administrator reads this text and must not learn the internal network.
        if (e instanceof TargetRefused) throw new DeliveryError(`webhook: refused: ${e.reason}`, true);
        throw new DeliveryError('webhook: the host name could not be resolved', false, { cause: e });
      }
      const body = webhookBody(d, new Date());
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'muni-reserve-notifier',
        [SIGNATURE_HEADER]: signBody(secret, body),
        [DELIVERY_HEADER]: d.deliveryKey,
        [EVENT_HEADER]: d.event,
      };
      let status: number;
      try {
        status = await post(url, target, headers, body, opts.timeoutMs ?? 15_000);
      } catch (e) {
        throw new DeliveryError(`webhook: ${e instanceof Error ? e.message : String(e)}`, false, { cause: e });
      }
      if (status >= 200 && status < 300) return { ref: `HTTP ${status}` };
      throw new DeliveryError(`webhook: HTTP ${status}`, !isRetryableStatus(status));
    },
  };
}

/**
 * POSTs to the checked address: the lookup below answers with it, so the socket goes
 * where the check looked, while TLS still verifies the certificate against the host name.
 * Redirects are not followed (a 3xx is a failure), so a target cannot bounce us inward.
 */
function post(url: URL, target: ResolvedAddress, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  const pinned: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [target]);
    else cb(null, target.address, target.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        agent: false,
        timeout: timeoutMs, // idle
        signal: AbortSignal.timeout(timeoutMs), // whole exchange: a receiver that trickles cannot hold the worker
      },
      (res: IncomingMessage) => {
        res.resume(); // the answer's body is not used
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
