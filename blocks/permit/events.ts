// Notices of the permit kind (member-scoped: they reach the member by LINE or email,
// through the tenant's notification blocks like the engine's member events).
import type { Tx } from '../../engine/audit';
import type { PublishedTenant } from '../../engine/config/tenant';
import { dispatchMessagesOf, siteVariables } from '../../engine/notify/dispatch';
import type { EventSpec, VariableSpec } from '../../engine/notify/events';
import type { NotifyDeps } from '../../engine/notify/booking-events';
import { formatDateJa } from '../../engine/notify/format';
import { memberContacts } from '../../engine/notify/recipients';
import { sqlGet } from '../../engine/db';
import { notificationsFor } from '../notification/block';
import type { CompiledPermit } from './block';

const t = (ja: string): VariableSpec => ({ trusted: true, ja });
const u = (ja: string): VariableSpec => ({ trusted: false, ja });

const vars: Record<string, VariableSpec> = {
  'permit.title': t('施設利用登録の名前'),
  'permit.no': t('登録番号'),
  'permit.validFrom': t('有効期間の初日（例: 2026年12月1日）'),
  'permit.validUntil': t('有効期限（例: 2027年3月31日）'),
  'member.id': t('会員番号'),
  'member.name': u('氏名・団体名'),
};

export type PermitEvent = 'permit.applied' | 'permit.approved' | 'permit.rejected' | 'permit.renewal_due';

export const permitEvents: Record<PermitEvent, EventSpec> = {
  'permit.applied': { scope: 'member', ja: '施設利用登録の申請受付', en: 'Facility-use permit: application received', variables: vars },
  'permit.approved': { scope: 'member', ja: '施設利用登録の完了（承認）', en: 'Facility-use permit granted', variables: vars },
  'permit.rejected': { scope: 'member', ja: '施設利用登録の審査結果（却下）', en: 'Facility-use permit refused', variables: { ...vars, 'permit.reason': u('職員が入力した理由') } },
  'permit.renewal_due': { scope: 'member', ja: '施設利用登録の更新のお知らせ', en: 'Facility-use permit: time to renew', variables: vars },
};

export interface PermitFacts {
  permitNo: string;
  memberId: string;
  validFrom: string | null;
  validUntil: string | null;
  reason?: string | null;
}

export async function emitPermitEvent(tx: Tx, deps: NotifyDeps, published: PublishedTenant, event: PermitEvent, permit: CompiledPermit, row: PermitFacts): Promise<void> {
  const tenant = published.tenant;
  const blocks = notificationsFor(tenant.list('notification'), undefined);
  if (!blocks.some((b) => b.messages.some((m) => m.event === event))) return;
  const m = await sqlGet<{ no: string; name: string | null; email: string | null }>(tx, 'SELECT member_no AS no, name, email FROM members WHERE tenant_slug = ? AND id = ?', [tenant.slug, row.memberId]);
  const line = await (deps.recipients ?? memberContacts).lineUserIdOf(tx, tenant.slug, row.memberId);
  await dispatchMessagesOf(
    {
      tx,
      published,
      now: deps.clock.now().getTime(),
      secrets: {},
      memberId: row.memberId,
      addresses: { ...(m?.email ? { email: m.email } : {}), ...(line ? { line } : {}) },
      data: { permit: permit.id, permitNo: row.permitNo },
      vars: {
        ...siteVariables(published),
        member: { id: m?.no ?? '', name: m?.name ?? '' },
        permit: {
          title: permit.title,
          no: row.permitNo,
          validFrom: row.validFrom ? formatDateJa(row.validFrom) : '',
          validUntil: row.validUntil ? formatDateJa(row.validUntil) : '',
          reason: row.reason ?? '',
        },
      },
    },
    blocks,
    event,
  );
}
