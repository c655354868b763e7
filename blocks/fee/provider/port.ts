// The payment-provider port (DESIGN §10): what the fee kind's use cases ask of an
// online payment provider. One real adapter (stripe.ts); tests run it against a
// local server that speaks the same API. Amounts are integer yen throughout.

export const ONLINE_METHODS = ['card', 'konbini'] as const;
export type OnlineMethod = (typeof ONLINE_METHODS)[number];

export interface StartPaymentInput {
  tenant: string;
  receiptNo: string;
  /** Our online_payments.id: the idempotency key of the create and the metadata that ties events back. */
  onlinePaymentId: number;
  amount: number;
  method: OnlineMethod;
  /** What the resident sees on the provider's page (施設・日時). */
  description: string;
  /** Where the provider sends the resident back; `{ref}` is replaced by the provider's id of the payment. */
  returnUrl: string;
  cancelUrl: string;
  /** The provider's page closes at this instant (ms); never after the booking's payment deadline. */
  pageExpiresAt: number;
  /** コンビニ: calendar days (JST) the payment slip stays valid, counted from today. */
  konbiniDays?: number;
  email?: string;
}

export interface StartPaymentResult {
  /** The provider's id of this payment (a Checkout Session). */
  ref: string;
  redirectUrl: string;
}

export interface RefundInput {
  tenant: string;
  /** Our refunds.id: the idempotency key and the metadata that ties refund events back. */
  refundId: number;
  /** The provider's id of the charge (a PaymentIntent). */
  paymentRef: string;
  amount: number;
}

export type RefundState = 'pending' | 'succeeded' | 'failed';

export interface RefundResult {
  ref: string;
  state: RefundState;
}

/** A verified webhook event, in the port's words. */
export type ProviderEvent =
  | { id: string; type: string; kind: 'payment.paid'; ref: string; paymentRef: string; amount: number; meta: Record<string, string> }
  /** コンビニ: the slip was issued, the money is not there yet. */
  | { id: string; type: string; kind: 'payment.pending'; ref: string; meta: Record<string, string> }
  | { id: string; type: string; kind: 'payment.failed' | 'payment.expired'; ref: string; meta: Record<string, string> }
  | { id: string; type: string; kind: 'refund'; ref: string; paymentRef: string | null; amount: number; state: RefundState; meta: Record<string, string> }
  | { id: string; type: string; kind: 'other' };

export interface PaymentProvider {
  readonly name: string;
  startPayment(input: StartPaymentInput): Promise<StartPaymentResult>;
  /** Verifies the signature and parses; throws WebhookRejected on a bad signature or body. */
  parseWebhook(rawBody: string, signature: string | undefined, receivedAt: number): ProviderEvent;
  refund(input: RefundInput): Promise<RefundResult>;
}

export class WebhookRejected extends Error {}

/** The provider failed or refused a call (network, authentication, validation). */
export class ProviderError extends Error {
  constructor(
    message: string,
    /** Worth trying again later with the same idempotency key. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
