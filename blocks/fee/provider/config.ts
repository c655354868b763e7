// Which provider account a fee block uses, from the environment (never from the blocks,
// which anyone with the builder can read). Names carry the tenant, as webhook signing
// secrets do (engine/notify/webhook-secret.ts), so one tenant's blocks cannot pick
// another tenant's account:
//   STRIPE_SECRET_KEY_<TENANT>[__<ACCOUNT>]      API secret key (sk_live_… / sk_test_… / rk_…)
//   STRIPE_WEBHOOK_SECRET_<TENANT>[__<ACCOUNT>]  signing secret of the webhook endpoint (whsec_…)
//   STRIPE_API_BASE                              https://api.stripe.com unless set (tests: a local server)
// <TENANT> is the slug in upper snake case (kita-ku → KITA_KU); <ACCOUNT> is the fee block's
// online.account, for a facility with its own Stripe account.
import { slugToEnv } from '../../../engine/notify/webhook-secret';
import type { PaymentProvider } from './port';
import { createStripeProvider } from './stripe';

export type Env = Readonly<Record<string, string | undefined>>;

export const PROVIDERS = ['stripe'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export function stripeEnvNames(tenant: string, account = ''): { secretKey: string; webhookSecret: string } {
  const suffix = `${slugToEnv(tenant)}${account ? `__${account}` : ''}`;
  return { secretKey: `STRIPE_SECRET_KEY_${suffix}`, webhookSecret: `STRIPE_WEBHOOK_SECRET_${suffix}` };
}

const cache = new Map<string, PaymentProvider>();

/** The provider of a tenant's account, or why there is none (a missing variable, by name, never its value). */
export function providerFor(env: Env, provider: ProviderName, tenant: string, account = ''): { provider: PaymentProvider } | { missing: string } {
  const names = stripeEnvNames(tenant, account);
  const secretKey = env[names.secretKey];
  const webhookSecret = env[names.webhookSecret];
  if (!secretKey) return { missing: names.secretKey };
  if (!webhookSecret) return { missing: names.webhookSecret };
  const apiBase = env.STRIPE_API_BASE || undefined;
  const key = JSON.stringify([provider, secretKey, webhookSecret, apiBase]);
  let p = cache.get(key);
  if (!p) {
    p = createStripeProvider({ secretKey, webhookSecret, ...(apiBase ? { apiBase } : {}) });
    cache.set(key, p);
  }
  return { provider: p };
}

/** Where the provider's payment page lives, for the CSP of pages that send residents there (a local server in tests). */
export function checkoutOrigin(env: Env, provider: ProviderName): string {
  const base = env.STRIPE_API_BASE;
  if (provider === 'stripe' && base) return new URL(base).origin;
  return 'https://checkout.stripe.com';
}
