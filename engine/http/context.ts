import type { Clock } from '../core/clock';
import type { BlockRegistry } from '../core/registry';
import type { Lang } from '../core/messages';
import type { PublishedTenant } from '../config/tenant';
import type { TenantStore } from '../config/tenant-store';
import type { Db } from '../db';
import type { RecipientResolver } from '../notify/recipients';
import type { VerificationSender } from '../members/guest-verification';
import type { FailureLimiter, LoginThrottle } from './middleware/rate-limit';

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface AppDeps {
  db: Db;
  clock: Clock;
  tenants: TenantStore;
  /** The block kinds: the builder validates and publishes with them; their behaviour runs in use cases. */
  registry: BlockRegistry;
  logger?: Logger;
  /** Limits failed access-key lookups per client. */
  limiter?: FailureLimiter;
  /** Limits password guessing (staff and resident logins, own password changes) per account and address. */
  logins?: LoginThrottle;
  /** Finds a member's LINE user id (and email) for notifications; default: the members table. */
  recipients?: RecipientResolver;
  /** Sends the 申込者チェック key of a guest application (site mode guestEmailVerification); default: refuses. */
  guestVerification?: VerificationSender;
  /** Environment of the outside services kinds call (payment provider keys and addresses); default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Hono environment shared by every route. */
export interface AppEnv {
  Variables: {
    deps: Required<AppDeps>;
    lang: Lang;
    published: PublishedTenant;
    /** Other origins this page's forms may post to (a payment provider's page): added to the CSP's form-action. */
    formActions?: string[];
  };
}

export const consoleLogger: Logger = {
  info: (msg, fields) => console.log(JSON.stringify({ level: 'info', msg, ...fields })),
  error: (msg, fields) => console.error(JSON.stringify({ level: 'error', msg, ...fields })),
};
