// LINE Messaging API push (POST /v2/bot/message/push). X-Line-Retry-Key is the
// delivery key (a UUID), the same on every retry: LINE runs a request with a
// given retry key once and answers 409 to a repeat of an accepted one, which we
// count as sent. So a retry after a crash never sends twice.
import type { Channel, Delivery } from './types';
import { DeliveryError, isRetryableStatus } from './types';

export interface LineOptions {
  /** One token, or the token of a delivery's tenant (each tenant may have its own Messaging API channel). */
  channelAccessToken: string | ((tenant: string) => string | undefined);
  /** Default https://api.line.me; tests point it at a local server. */
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** LINE text messages hold at most 5000 characters. */
export const LINE_TEXT_MAX = 5000;

export function lineText(d: Pick<Delivery, 'subject' | 'text'>): string {
  const text = d.subject ? `${d.subject}\n\n${d.text}` : d.text;
  const chars = [...text];
  return chars.length <= LINE_TEXT_MAX ? text : `${chars.slice(0, LINE_TEXT_MAX - 1).join('')}…`;
}

export function createLineChannel(opts: LineOptions): Channel {
  const doFetch = opts.fetch ?? fetch;
  const url = `${(opts.baseUrl ?? 'https://api.line.me').replace(/\/+$/, '')}/v2/bot/message/push`;
  const tokenOf = (tenant: string) => (typeof opts.channelAccessToken === 'string' ? opts.channelAccessToken : opts.channelAccessToken(tenant));
  return {
    name: 'line',
    unavailable: (d) => (tokenOf(d.tenant) ? undefined : `no LINE channel access token for tenant "${d.tenant}"`),
    async send(d) {
      const token = tokenOf(d.tenant);
      if (!token) throw new DeliveryError(`LINE: no channel access token for tenant "${d.tenant}"`, false);
      let res: Response;
      try {
        res = await doFetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'x-line-retry-key': d.deliveryKey,
          },
          body: JSON.stringify({ to: d.recipient, messages: [{ type: 'text', text: lineText(d) }] }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
        });
      } catch (e) {
        throw new DeliveryError(`LINE: ${e instanceof Error ? e.message : String(e)}`, false, { cause: e });
      }
      const requestId = res.headers.get('x-line-request-id') ?? '';
      if (res.ok) {
        await res.body?.cancel().catch(() => {});
        return { ref: `LINE ${res.status} ${requestId}`.trim() };
      }
      if (res.status === 409) {
        // Accepted earlier under the same retry key (a previous attempt whose answer we lost).
        await res.body?.cancel().catch(() => {});
        return { ref: `LINE 409 accepted earlier ${res.headers.get('x-line-accepted-request-id') ?? ''}`.trim() };
      }
      const detail = await res.text().catch(() => '');
      throw new DeliveryError(`LINE: HTTP ${res.status} ${detail.slice(0, 300)}`.trim(), !isRetryableStatus(res.status));
    },
  };
}
