// Member events (登録完了, パスワード再設定, 利用者情報の更新のお願い): the members
// use cases call this inside their transaction, like emitBookingEvent.
import { notificationsFor, type CompiledNotification } from '../../blocks/notification/block';
import type { Tx } from '../audit';
import { tenantTimezone, type PublishedTenant } from '../config/tenant';
import type { NotifyDeps } from './booking-events';
import { dispatchMessagesOf, hideSecret, siteVariables, type DispatchContext } from './dispatch';
import type { MemberEventName } from './events';
import { localDateJa } from './format';
import type { Enqueued } from './outbox';
import { memberContacts } from './recipients';

export interface MemberFacts {
  id: string;
  name: string;
  loginId?: string;
  email?: string;
  /** Epoch ms of the last update of the member's details. */
  updatedAt?: number;
}

export interface MemberEventExtras {
  /** Password-reset link: a secret, kept out of the stored message. */
  resetUrl?: string;
  resetExpiresAt?: number;
}

export async function emitMemberEvent(tx: Tx, deps: NotifyDeps, published: PublishedTenant, event: MemberEventName, member: MemberFacts, extras: MemberEventExtras = {}): Promise<Enqueued[]> {
  const now = deps.clock.now().getTime();
  const tenant = published.tenant;
  const tz = tenantTimezone(published);
  const secrets: Record<string, string> = {};
  const line = await (deps.recipients ?? memberContacts).lineUserIdOf(tx, tenant.slug, member.id);
  const ctx: DispatchContext = {
    tx,
    published,
    now,
    secrets,
    memberId: member.id,
    addresses: { email: member.email, line },
    data: { memberId: member.id },
    vars: {
      ...siteVariables(published),
      member: {
        id: member.id,
        name: member.name,
        loginId: member.loginId ?? '',
        updatedAt: member.updatedAt !== undefined ? localDateJa(member.updatedAt, tz) : '',
      },
      reset: {
        url: hideSecret(secrets, extras.resetUrl),
        expiresAt: extras.resetExpiresAt !== undefined ? new Date(extras.resetExpiresAt).toLocaleString('ja-JP', { timeZone: tz }) : '',
      },
    },
  };
  // Member events are never scoped to a service (the block check refuses that).
  return await dispatchMessagesOf(ctx, notificationsFor(tenant.list('notification'), undefined), event);
}
