// Use case: staff send a free message to the resident of a booking (seed 004:
// 予約したユーザーにLINEからメッセージを配信). One transaction: outbox rows (LINE,
// or email when the resident has no LINE link) and the audit row.
import { writeAudit } from '../audit';
import { findBookingFor } from '../booking/find';
import type { PublishedTenant } from '../config/tenant';
import { EngineError, type Issue } from '../core/errors';
import { makeIssue } from '../core/messages';
import { transaction, type Db } from '../db';
import { emitBookingEvent, type NotifyDeps } from './booking-events';
import './messages';
import type { Enqueued } from './outbox';

export interface StaffMessageInput {
  published: PublishedTenant;
  receiptNo: string;
  staffId: string;
  subject: string;
  body: string;
}

const LIMITS = { subject: 100, body: 2000 } as const;

export function sendStaffMessage(deps: NotifyDeps & { db: Db }, input: StaffMessageInput): Promise<{ deliveries: Enqueued[] }> {
  const subject = typeof input.subject === 'string' ? input.subject.trim() : '';
  const body = typeof input.body === 'string' ? input.body.trim() : '';
  const issues: Issue[] = [];
  for (const [field, value] of [['subject', subject], ['body', body]] as const) {
    if (value === '') issues.push(makeIssue(`/${field}`, 'schema.min_length', { limit: 1 }));
    else if ([...value].length > LIMITS[field]) issues.push(makeIssue(`/${field}`, 'schema.max_length', { limit: LIMITS[field] }));
  }
  if (issues.length > 0) throw new EngineError('input.invalid', {}, { issues });
  const tenant = input.published.tenant.slug;
  return transaction(deps.db, async (tx) => {
    const row = await findBookingFor(tx, tenant, input.receiptNo, { kind: 'staff' });
    const deliveries = await emitBookingEvent(tx, deps, input.published, 'staff.message', row.id, { message: { subject, body } });
    if (deliveries.length === 0) throw new EngineError('notification.not_configured', { event: 'staff.message' });
    await writeAudit(tx, {
      tenant,
      at: deps.clock.now().getTime(),
      actor: { type: 'staff', id: input.staffId },
      action: 'notification.staff_message',
      target: { type: 'booking', id: row.receiptNo },
      // The text itself stays in the outbox (it may hold personal data); the audit keeps references.
      details: { deliveries: deliveries.map((d) => ({ deliveryKey: d.deliveryKey, channel: d.channel, status: d.status })) },
    });
    return { deliveries };
  });
}
