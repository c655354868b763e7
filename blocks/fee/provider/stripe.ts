// The Stripe adapter of the payment-provider port, on the official client (`stripe`):
//   start   → POST /v1/checkout/sessions (mode payment, one JPY line, payment_method_types
//             [card] or [konbini]); the resident is sent to session.url.
//   refund  → POST /v1/refunds against the session's PaymentIntent (konbini refunds are
//             paid out by Stripe after asking the customer for a bank account).
//   webhook → stripe.webhooks.constructEvent (Stripe-Signature: t=…,v1=HMAC-SHA256 of
//             `${t}.${payload}`), then checkout.session.* and refund.* events in the port's words.
// Every create carries an idempotency key made of our own row id, so a retry after a lost
// answer returns the same session or refund instead of making a second one.
import Stripe from 'stripe';
import { ProviderError, WebhookRejected, type PaymentProvider, type ProviderEvent, type RefundState } from './port';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** https://api.stripe.com unless configured (STRIPE_API_BASE), e.g. a local server in tests. */
  apiBase?: string;
  /** Seconds a signed webhook stays acceptable (Stripe's default is 300). */
  toleranceSeconds?: number;
}

export function createStripeProvider(s: StripeSettings): PaymentProvider {
  const client = new Stripe(s.secretKey, { ...apiAddress(s.apiBase), maxNetworkRetries: 1, timeout: 20_000, telemetry: false });
  const meta = (m: Stripe.Metadata | null | undefined): Record<string, string> => ({ ...(m ?? {}) });
  const refId = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === 'string' ? v : v.id);
  return {
    name: 'stripe',
    async startPayment(input) {
      const metadata = { tenant: input.tenant, receiptNo: input.receiptNo, onlinePaymentId: String(input.onlinePaymentId) };
      const params: Stripe.Checkout.SessionCreateParams = {
        mode: 'payment',
        allowed_payment_method_types: [input.method],
        line_items: [{ quantity: 1, price_data: { currency: 'jpy', unit_amount: input.amount, product_data: { name: input.description.slice(0, 200) } } }],
        success_url: input.returnUrl.replace('{ref}', '{CHECKOUT_SESSION_ID}'),
        cancel_url: input.cancelUrl.replace('{ref}', '{CHECKOUT_SESSION_ID}'),
        client_reference_id: `${input.tenant}-${input.receiptNo}`.slice(0, 200),
        metadata,
        payment_intent_data: { metadata, description: input.description.slice(0, 200) },
        expires_at: Math.floor(input.pageExpiresAt / 1000),
        locale: 'ja',
        ...(input.email ? { customer_email: input.email } : {}),
        ...(input.method === 'konbini' && input.konbiniDays ? { payment_method_options: { konbini: { expires_after_days: input.konbiniDays } } } : {}),
      };
      const session = await call(() => client.checkout.sessions.create(params, { idempotencyKey: `muni-pay-${input.tenant}-${input.onlinePaymentId}` }));
      if (!session.url) throw new ProviderError('stripe: the Checkout Session has no url', false);
      return { ref: session.id, redirectUrl: session.url };
    },
    async refund(input) {
      const r = await call(() =>
        client.refunds.create(
          { payment_intent: input.paymentRef, amount: input.amount, reason: 'requested_by_customer', metadata: { tenant: input.tenant, refundId: String(input.refundId) } },
          { idempotencyKey: `muni-refund-${input.tenant}-${input.refundId}` },
        ),
      );
      return { ref: r.id, state: refundState(r.status) };
    },
    parseWebhook(rawBody, signature, receivedAt) {
      if (!signature) throw new WebhookRejected('no Stripe-Signature header');
      let event: Stripe.Event;
      try {
        event = client.webhooks.constructEvent(rawBody, signature, s.webhookSecret, s.toleranceSeconds ?? 300, undefined, receivedAt);
      } catch (e) {
        throw new WebhookRejected(e instanceof Error ? e.message : String(e));
      }
      const base = { id: event.id, type: event.type };
      switch (event.type) {
        case 'checkout.session.completed':
        case 'checkout.session.async_payment_succeeded': {
          const o = event.data.object;
          if (o.payment_status === 'paid') {
            const pi = refId(o.payment_intent);
            if (!pi) throw new WebhookRejected(`${event.type} without payment_intent`);
            return { ...base, kind: 'payment.paid', ref: o.id, paymentRef: pi, amount: o.amount_total ?? 0, meta: meta(o.metadata) };
          }
          return { ...base, kind: 'payment.pending', ref: o.id, meta: meta(o.metadata) };
        }
        case 'checkout.session.async_payment_failed':
          return { ...base, kind: 'payment.failed', ref: event.data.object.id, meta: meta(event.data.object.metadata) };
        case 'checkout.session.expired':
          return { ...base, kind: 'payment.expired', ref: event.data.object.id, meta: meta(event.data.object.metadata) };
        case 'refund.created':
        case 'refund.updated':
        case 'refund.failed': {
          const r = event.data.object;
          return { ...base, kind: 'refund', ref: r.id, paymentRef: refId(r.payment_intent), amount: r.amount, state: refundState(r.status), meta: meta(r.metadata) };
        }
        default:
          return { ...base, kind: 'other' } satisfies ProviderEvent;
      }
    },
  };
}

/** succeeded and failed are final; canceled is a failure for us; pending and requires_action (konbini: waiting for the bank account) are on the way. */
function refundState(status: string | null | undefined): RefundState {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}

/** STRIPE_API_BASE as the client's host, port and protocol. */
export function apiAddress(base: string | undefined): { host?: string; port?: number; protocol?: 'http' | 'https' } {
  if (!base) return {};
  const u = new URL(base);
  const protocol = u.protocol === 'http:' ? 'http' : 'https';
  return { host: u.hostname, port: Number(u.port || (protocol === 'http' ? 80 : 443)), protocol };
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof Stripe.errors.StripeError) {
      const status = e.statusCode ?? 0;
      // Connection trouble, rate limits and Stripe's own failures may pass; a refused request will not.
      const retryable = e instanceof Stripe.errors.StripeConnectionError || status === 429 || status >= 500 || status === 0;
      throw new ProviderError(`stripe: ${e.type}${status ? ` (${status})` : ''}: ${e.message}`.slice(0, 300), retryable);
    }
    throw new ProviderError(`stripe: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300), true);
  }
}
