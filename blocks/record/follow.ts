// Records that follow bookings by link code (the workflow's `follow`): a booking made with
// a record's code moves it (e.g. to 来場予約), its check-in moves it on (来場), and the
// no-show sweep marks it (不来場). Each move runs inside the booking's or the visit's
// transaction: the booking and the record move together or not at all.
import { and, eq } from 'drizzle-orm';
import { writeAudit, type Actor, type Tx } from '../../engine/audit';
import type { AdmissionContext } from '../../engine/booking/admission';
import type { KindTenantView, VisitEvent } from '../../engine/core/behaviour';
import { EngineError, isEngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { recordHistory, records } from '../../engine/db/schema';
import { findTransition, stateLabel, type CompiledWorkflow } from '../workflow/block';
import { historyOf, undoEntry, type RecordRow } from './store';

/** The code as printed: full-width and lower-case input is accepted. */
export function normalizeLinkCode(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  return raw.normalize('NFKC').trim().toUpperCase();
}

async function recordByCode(tx: Tx, tenant: string, wf: CompiledWorkflow, code: string): Promise<RecordRow | undefined> {
  const [row] = await tx
    .select().from(records).where(and(eq(records.tenantSlug, tenant), eq(records.type, wf.record), eq(records.linkCode, code)))
    .limit(1);
  return row;
}

/** One system move with its history entry (naming the booking) and audit row. */
async function move(tx: Tx, o: { tenant: string; wf: CompiledWorkflow; row: RecordRow; to: string; receiptNo: string; note: string; actor: Actor; at: number }): Promise<void> {
  await tx.update(records).set({ state: o.to, updatedAt: o.at }).where(eq(records.id, o.row.id));
  const [entry] = await tx
    .insert(recordHistory)
    .values({ tenantSlug: o.tenant, recordId: o.row.id, at: o.at, fromState: o.row.state, toState: o.to, operator: o.actor.id ?? 'system', inputsJson: JSON.stringify({ receiptNo: o.receiptNo }), note: o.note })
    .returning();
  await writeAudit(tx, { tenant: o.tenant, at: o.at, actor: o.actor, action: 'record.transitioned', target: { type: 'record', id: o.row.id }, details: { type: o.wf.record, from: o.row.state, to: o.to, entry: entry.id, receiptNo: o.receiptNo } });
}

export async function followBooking(ctx: AdmissionContext): Promise<void> {
  if (ctx.mode !== 'book' || !ctx.tx) return;
  const tenant = ctx.published.tenant;
  for (const wf of tenant.list('workflow')) {
    const follow = wf.follow;
    if (!follow || follow.service !== ctx.service.id) continue;
    const code = normalizeLinkCode(ctx.answers[follow.answer]);
    if (!code) continue;
    const row = await recordByCode(ctx.tx, tenant.slug, wf, code);
    if (!row) throw new EngineError('input.invalid', {}, { issues: [makeIssue(`/answers/${follow.answer}`, 'record.unknown_link_code')] });
    if (row.state === follow.booked) continue;
    if (!findTransition(wf, row.state, follow.booked)) throw new EngineError('record.link_code_used', { state: stateLabel(wf, row.state), stateEn: stateLabel(wf, row.state, 'en') });
    await move(ctx.tx, { tenant: tenant.slug, wf, row, to: follow.booked, receiptNo: ctx.receiptNo ?? '', note: 'booking', actor: { type: 'system' }, at: ctx.now.getTime() });
  }
}

export function followsVisits(service: { id: string }, tenant: KindTenantView): boolean {
  return tenant.list('workflow').some((w) => w.follow?.service === service.id && (w.follow.visited !== undefined || w.follow.noShow !== undefined));
}

/**
 * Check-in moves the record to `visited` when its workflow allows that move from where it
 * is; 不来場 only moves a record still in `booked` (a card already handed over stays so);
 * a withdrawn check-in reverses the check-in's entry if nothing was recorded since.
 * A record that cannot move is left alone: the visit itself is never refused for it.
 */
export async function followVisitEvent(tx: Tx, e: VisitEvent): Promise<void> {
  const answers = JSON.parse(e.booking.answersJson) as Record<string, unknown>;
  for (const wf of e.tenant.list('workflow')) {
    const follow = wf.follow;
    if (!follow || follow.service !== e.booking.serviceId) continue;
    const code = normalizeLinkCode(answers[follow.answer]);
    const row = code ? await recordByCode(tx, e.tenant.slug, wf, code) : undefined;
    if (!row) continue;
    const base = { tenant: e.tenant.slug, wf, row, receiptNo: e.booking.receiptNo, actor: e.actor, at: e.at };
    if (e.after === 'visited' && follow.visited && row.state !== follow.visited && findTransition(wf, row.state, follow.visited)) {
      await move(tx, { ...base, to: follow.visited, note: 'checkin' });
    } else if (e.after === 'no-show' && follow.noShow && row.state === follow.booked && findTransition(wf, row.state, follow.noShow)) {
      await move(tx, { ...base, to: follow.noShow, note: 'no-show' });
    } else if (e.before === 'visited' && e.after === null && follow.visited && row.state === follow.visited) {
      const entry = (await historyOf(tx, [row.id])).filter((h) => h.note === 'checkin' && h.toState === follow.visited && h.inputsJson === JSON.stringify({ receiptNo: e.booking.receiptNo })).at(-1);
      const rt = e.tenant.get('record', wf.record);
      if (!entry || !rt) continue;
      try {
        await undoEntry(tx, { tenant: e.tenant.slug, rt, wf, entryId: entry.id, actor: e.actor, at: e.at, note: 'checkin withdrawn' });
      } catch (err) {
        // A later move (e.g. 交付済) stands: the record keeps it.
        if (!isEngineError(err)) throw err;
      }
    }
  }
}
