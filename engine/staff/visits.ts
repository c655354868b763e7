// 来場・住基カード回収・対応内容 on a booking (seed 001 予約確認). One transaction
// with its audit row; the note's text is not copied into the audit log.
import { eq } from 'drizzle-orm';
import { writeAudit, type Actor, type Tx } from '../audit';
import type { Clock } from '../core/clock';
import { EngineError, type Issue } from '../core/errors';
import { makeIssue } from '../core/messages';
import type { Db } from '../db';
import { bookingVisits } from '../db/schema';
import type { BookingRow } from '../booking/view';
import { epochToLocal } from '../schedule/time';
import './messages';
import { isVisitable } from '../booking/status';

export interface VisitView {
  status: 'visited' | 'no-show' | null;
  visitedAt: number | null;
  jukiCardCollected: boolean;
  note: string;
}

export interface VisitPatch {
  visited?: boolean;
  jukiCardCollected?: boolean;
  note?: string;
}

export function visitOf(db: Db | Tx, bookingId: number): VisitView {
  const v = db.select().from(bookingVisits).where(eq(bookingVisits.bookingId, bookingId)).get();
  return { status: v?.status ?? null, visitedAt: v?.visitedAt ?? null, jukiCardCollected: v?.jukiCardCollected ?? false, note: v?.note ?? '' };
}

export function readVisitPatch(body: Record<string, unknown>): VisitPatch {
  const issues: Issue[] = [];
  const out: VisitPatch = {};
  for (const k of ['visited', 'jukiCardCollected'] as const) {
    if (body[k] === undefined) continue;
    if (typeof body[k] !== 'boolean') issues.push(makeIssue(`/${k}`, 'schema.type', { type: 'boolean' }));
    else out[k] = body[k] as boolean;
  }
  if (body.note !== undefined) {
    if (typeof body.note !== 'string') issues.push(makeIssue('/note', 'schema.type', { type: 'string' }));
    else if ([...body.note].length > 2000) issues.push(makeIssue('/note', 'schema.max_length', { limit: 2000 }));
    else out.note = body.note;
  }
  if (issues.length) throw new EngineError('input.invalid', {}, { issues });
  return out;
}

export function updateVisit(deps: { db: Db; clock: Clock }, input: { booking: BookingRow; timeZone: string; actor: Actor; patch: VisitPatch }): VisitView {
  const { booking, patch } = input;
  const at = deps.clock.now().getTime();
  if (patch.visited === true) {
    if (!isVisitable(booking.status)) throw new EngineError('visit.booking_cancelled');
    // Checking in before the day is a slip of the hand; after the day it corrects a 不来場.
    if (epochToLocal(at, input.timeZone).date < booking.slotDate) throw new EngineError('visit.too_early', { date: booking.slotDate });
  }
  return deps.db.transaction(
    (tx) => {
      const before = visitOf(tx, booking.id);
      const status = patch.visited === undefined ? before.status : patch.visited ? 'visited' : null;
      const next = {
        status,
        visitedAt: status === 'visited' ? (before.status === 'visited' ? before.visitedAt : at) : null,
        jukiCardCollected: patch.jukiCardCollected ?? before.jukiCardCollected,
        note: patch.note ?? before.note,
      };
      tx.insert(bookingVisits)
        .values({ bookingId: booking.id, tenantSlug: booking.tenantSlug, ...next, updatedAt: at, updatedBy: input.actor.id ?? null })
        .onConflictDoUpdate({ target: bookingVisits.bookingId, set: { ...next, updatedAt: at, updatedBy: input.actor.id ?? null } })
        .run();
      const action = next.status === 'visited' && before.status !== 'visited' ? 'visit.checked_in' : 'visit.updated';
      writeAudit(tx, {
        tenant: booking.tenantSlug,
        at,
        actor: input.actor,
        action,
        target: { type: 'booking', id: booking.receiptNo },
        details: { from: before.status, to: next.status, jukiCardCollected: next.jukiCardCollected, noteChanged: next.note !== before.note },
      });
      return next;
    },
    { behavior: 'immediate' },
  );
}
