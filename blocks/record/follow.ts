// A booking made with a record's link code moves the record (e.g. a card to 来場予約),
// inside the booking's transaction: the booking and the record move together or not at all.
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../engine/audit';
import type { AdmissionContext } from '../../engine/booking/admission';
import { EngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { recordHistory, records } from '../../engine/db/schema';
import { findTransition, stateLabel } from '../workflow/block';

export function followBooking(ctx: AdmissionContext): void {
  if (ctx.mode !== 'book' || !ctx.tx) return;
  const tenant = ctx.published.tenant;
  for (const wf of tenant.list('workflow')) {
    const follow = wf.follow;
    if (!follow || follow.service !== ctx.service.id) continue;
    const raw = ctx.answers[follow.answer];
    if (typeof raw !== 'string' || !raw.trim()) continue;
    const code = raw.normalize('NFKC').trim().toUpperCase();
    const row = ctx.tx
      .select()
      .from(records)
      .where(and(eq(records.tenantSlug, tenant.slug), eq(records.type, wf.record), eq(records.linkCode, code)))
      .get();
    if (!row) throw new EngineError('input.invalid', {}, { issues: [makeIssue(`/answers/${follow.answer}`, 'record.unknown_link_code')] });
    if (row.state === follow.booked) continue;
    if (!findTransition(wf, row.state, follow.booked)) throw new EngineError('record.link_code_used', { state: stateLabel(wf, row.state), stateEn: stateLabel(wf, row.state, 'en') });
    const at = ctx.now.getTime();
    ctx.tx.update(records).set({ state: follow.booked, updatedAt: at }).where(eq(records.id, row.id)).run();
    const entry = ctx.tx
      .insert(recordHistory)
      .values({ tenantSlug: tenant.slug, recordId: row.id, at, fromState: row.state, toState: follow.booked, operator: 'system', inputsJson: JSON.stringify({ receiptNo: ctx.receiptNo ?? '' }), note: 'booking' })
      .returning()
      .get();
    writeAudit(ctx.tx, { tenant: tenant.slug, at, actor: { type: 'system' }, action: 'record.transitioned', target: { type: 'record', id: row.id }, details: { type: wf.record, from: row.state, to: follow.booked, entry: entry.id, receiptNo: ctx.receiptNo } });
  }
}
