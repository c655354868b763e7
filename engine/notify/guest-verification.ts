// 申込者チェック: the email that carries the key an unregistered applicant opens to
// confirm their application. Written to the outbox in the application's own
// transaction; the link is a secret (placeholder in the stored message, scrubbed
// once sent). A tenant without a `guest.verification` message cannot hold
// applications nobody could confirm: the request is refused.
import { notificationsFor, type CompiledNotification } from '../../blocks/notification/block';
import type { Tx } from '../audit';
import { tenantTimezone } from '../config/tenant';
import type { TenantStore } from '../config/tenant-store';
import { EngineError } from '../core/errors';
import type { VerificationNotice, VerificationSender } from '../members/guest-verification';
import type { NotifyDeps } from './booking-events';
import { dispatchMessagesOf, hideSecret, siteVariables, type DispatchContext } from './dispatch';

export function createVerificationSender(deps: NotifyDeps & { tenants: TenantStore }): VerificationSender {
  return async (tx: Tx, notice: VerificationNotice): Promise<void> => {
    const published = deps.tenants.get(notice.tenant);
    if (!published) throw new EngineError('tenant.not_found', { tenant: notice.tenant });
    const tz = tenantTimezone(published);
    const now = deps.clock.now().getTime();
    const secrets: Record<string, string> = {};
    const ctx: DispatchContext = {
      tx,
      published,
      now,
      secrets,
      addresses: { email: notice.email },
      data: { service: notice.serviceTitle },
      vars: {
        ...siteVariables(published),
        verify: { url: hideSecret(secrets, notice.url), expiresAt: new Date(notice.expiresAt).toLocaleString('ja-JP', { timeZone: tz }) },
        service: { title: notice.serviceTitle },
      },
    };
    const out = await dispatchMessagesOf(ctx, notificationsFor(published.tenant.list('notification'), undefined), 'guest.verification');
    if (out.length === 0) throw new EngineError('booking.verification_unavailable');
  };
}
