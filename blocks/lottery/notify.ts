// Notices about an entry that has no booking (applied, withdrawn, lost): sent to
// the entry's email (or the member's LINE) through the tenant's notification
// blocks, like the engine's booking events.
import { notificationsFor, type CompiledNotification } from '../notification/block';
import type { Tx } from '../../engine/audit';
import type { PublishedTenant } from '../../engine/config/tenant';
import { dispatchMessagesOf, siteVariables } from '../../engine/notify/dispatch';
import type { NotifyDeps } from '../../engine/notify/booking-events';
import { memberContacts } from '../../engine/notify/recipients';
import type { CompiledLottery } from './cycles';

export type EntryEvent = 'lottery.applied' | 'lottery.withdrawn' | 'lottery.lost';

export async function emitEntryEvent(
  tx: Tx,
  deps: NotifyDeps,
  published: PublishedTenant,
  event: EntryEvent,
  l: CompiledLottery,
  entry: { entryNo: number; email?: string | undefined; memberId?: string | null },
): Promise<void> {
  const tenant = published.tenant;
  const blocks = notificationsFor(tenant.list('notification'), l.service);
  if (!blocks.some((b) => b.messages.some((m) => m.event === event))) return;
  const line = entry.memberId ? await (deps.recipients ?? memberContacts).lineUserIdOf(tx, tenant.slug, entry.memberId) : undefined;
  await dispatchMessagesOf(
    {
      tx,
      published,
      now: deps.clock.now().getTime(),
      secrets: {},
      ...(entry.memberId ? { memberId: entry.memberId } : {}),
      addresses: { ...(entry.email ? { email: entry.email } : {}), ...(line ? { line } : {}) },
      data: { lottery: l.id, entryNo: entry.entryNo },
      vars: { ...siteVariables(published), lottery: { title: l.title, entryNo: String(entry.entryNo), drawAt: l.drawAt } },
    },
    blocks,
    event,
  );
}
