// 利用者情報の更新勧奨 (seed 000): members whose details have not been updated for a
// message's `everyDays` get a member.update_reminder, at most once per period.
// Run periodically by main.ts; each member's row is written in its own transaction.
import { and, eq, lte, sql } from 'drizzle-orm';
import { notificationsFor, type CompiledNotification } from '../../blocks/notification/block';
import type { TenantStore } from '../config/tenant-store';
import { transaction, type Db } from '../db';
import { members } from '../db/schema';
import type { NotifyDeps } from './booking-events';
import { emitMemberEvent } from './member-events';

const DAY = 86_400_000;

export async function sendUpdateReminders(deps: NotifyDeps & { db: Db; tenants: TenantStore }): Promise<number> {
  const now = deps.clock.now().getTime();
  let sent = 0;
  for (const published of deps.tenants.all()) {
    const slug = published.tenant.slug;
    const periods = notificationsFor(published.tenant.list('notification'), undefined)
      .flatMap((b) => b.messages)
      .filter((m) => m.event === 'member.update_reminder' && m.everyDays !== undefined)
      .map((m) => m.everyDays!);
    if (periods.length === 0) continue;
    const cutoff = now - Math.min(...periods) * DAY;
    const due = await deps.db
      .select()
      .from(members)
      .where(
        and(
          eq(members.tenantSlug, slug),
          eq(members.status, 'active'),
          lte(members.updatedAt, cutoff),
          sql`NOT EXISTS (SELECT 1 FROM notification_outbox o WHERE o.tenant_slug = ${slug} AND o.member_id = ${members.id}
                AND o.event = 'member.update_reminder' AND o.due_at > ${cutoff})`,
        ),
      );
    for (const m of due) {
      await transaction(deps.db, async (tx) => {
        const out = await emitMemberEvent(tx, deps, published, 'member.update_reminder', {
          id: m.id,
          name: m.name ?? '',
          ...(m.loginId ? { loginId: m.loginId } : {}),
          ...(m.email ? { email: m.email } : {}),
          updatedAt: m.updatedAt,
        });
        sent += out.length;
      });
    }
  }
  return sent;
}
