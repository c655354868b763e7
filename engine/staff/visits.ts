// 来場・対応内容 and the service's declared check-in items (e.g. 住基カード回収) on a
// booking (seed 001 予約確認). One transaction with its audit row; neither the
// note's nor a text item's text is copied into the audit log, only which changed.
import { eq } from 'drizzle-orm';
import { writeAudit, type Actor, type Tx } from '../audit';
import type { Clock } from '../core/clock';
import { EngineError, type Issue } from '../core/errors';
import { makeIssue } from '../core/messages';
import { transaction, type Db } from '../db';
import { bookingVisits } from '../db/schema';
import type { CheckinItem } from '../../blocks/service/block';
import type { BookingRow } from '../booking/view';
import { epochToLocal } from '../schedule/time';
import './messages';
import { isVisitable } from '../booking/status';
import type { VisitEvent } from '../core/behaviour';
import type { CompiledTenant } from '../config/tenant';

/** A recorded check-in item value: boolean items hold true, text and select items their string. */
export type CheckinValue = boolean | string;

export interface VisitView {
  status: 'visited' | 'no-show' | null;
  visitedAt: number | null;
  /** Declared check-in item id → value; unset items are absent. */
  items: Record<string, CheckinValue>;
  note: string;
  /** 退室 (QR check-out), after visitedAt. */
  checkedOutAt: number | null;
}

export interface VisitPatch {
  visited?: boolean;
  /** Item id → new value; null clears it. */
  items?: Record<string, CheckinValue | null>;
  note?: string;
}

/** The item the old `jukiCardCollected` field of the visit API stands for. */
const JUKI_CARD_ALIAS = 'juki-card';

export async function visitOf(db: Db | Tx, bookingId: number): Promise<VisitView> {
  const [v] = await db.select().from(bookingVisits).where(eq(bookingVisits.bookingId, bookingId)).limit(1);
  return { status: v?.status ?? null, visitedAt: v?.visitedAt ?? null, items: v ? (JSON.parse(v.itemsJson) as Record<string, CheckinValue>) : {}, note: v?.note ?? '', checkedOutAt: v?.checkedOutAt ?? null };
}

const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** One item value checked against its declaration; null (or an empty text) clears it. */
function readItemValue(item: CheckinItem, v: unknown, path: string, issues: Issue[]): CheckinValue | null | undefined {
  if (v === null) return null;
  if (item.type === 'boolean') {
    if (typeof v === 'boolean') return v;
    issues.push(makeIssue(path, 'schema.type', { type: 'boolean' }));
    return undefined;
  }
  if (typeof v !== 'string') {
    issues.push(makeIssue(path, 'schema.type', { type: 'string' }));
    return undefined;
  }
  if (v === '') return null;
  if (item.type === 'select') {
    if (item.options.some((o) => o.value === v)) return v;
    issues.push(makeIssue(path, 'schema.enum', { allowed: item.options.map((o) => o.value).join(', ') }));
    return undefined;
  }
  if ([...v].length > item.maxLength) {
    issues.push(makeIssue(path, 'schema.max_length', { limit: item.maxLength }));
    return undefined;
  }
  return v;
}

/**
 * Reads `{ visited?, note?, items? }`, items checked against the service's declared
 * check-in items. The old `jukiCardCollected` boolean is still read, as item
 * "juki-card", for services that declare that item, so older clients keep working.
 */
export function readVisitPatch(body: Record<string, unknown>, declared: readonly CheckinItem[]): VisitPatch {
  const issues: Issue[] = [];
  const out: VisitPatch = {};
  if (body.visited !== undefined) {
    if (typeof body.visited !== 'boolean') issues.push(makeIssue('/visited', 'schema.type', { type: 'boolean' }));
    else out.visited = body.visited;
  }
  if (body.note !== undefined) {
    if (typeof body.note !== 'string') issues.push(makeIssue('/note', 'schema.type', { type: 'string' }));
    else if ([...body.note].length > 2000) issues.push(makeIssue('/note', 'schema.max_length', { limit: 2000 }));
    else out.note = body.note;
  }
  const byId = new Map(declared.map((d) => [d.id, d]));
  const items: Record<string, CheckinValue | null> = {};
  if (body.jukiCardCollected !== undefined) {
    const item = byId.get(JUKI_CARD_ALIAS);
    if (item?.type !== 'boolean') issues.push(makeIssue('/jukiCardCollected', 'visit.unknown_item', { item: JUKI_CARD_ALIAS }));
    else {
      const v = readItemValue(item, body.jukiCardCollected, '/jukiCardCollected', issues);
      if (v !== undefined) items[JUKI_CARD_ALIAS] = v;
    }
  }
  if (body.items !== undefined) {
    if (typeof body.items !== 'object' || body.items === null || Array.isArray(body.items)) issues.push(makeIssue('/items', 'schema.type', { type: 'object' }));
    else {
      for (const [id, raw] of Object.entries(body.items)) {
        const path = `/items/${pointer(id)}`;
        const item = byId.get(id);
        if (!item) {
          issues.push(makeIssue(path, 'visit.unknown_item', { item: id }));
          continue;
        }
        const v = readItemValue(item, raw, path, issues);
        if (v !== undefined) items[id] = v;
      }
    }
  }
  if (issues.length) throw new EngineError('input.invalid', {}, { issues });
  if (Object.keys(items).length) out.items = items;
  return out;
}

/** The stored items after a patch: cleared and unticked items are dropped, so {} means nothing recorded. */
function mergeItems(before: Record<string, CheckinValue>, patch: VisitPatch['items']): Record<string, CheckinValue> {
  const next = { ...before };
  for (const [id, v] of Object.entries(patch ?? {})) {
    if (v === null || v === false) delete next[id];
    else next[id] = v;
  }
  return next;
}

/** Runs the followers kinds contribute (e.g. a record moving to 来場) in the visit's transaction. */
export async function followVisit(tx: Tx, tenant: CompiledTenant, e: Omit<VisitEvent, 'tenant'>): Promise<void> {
  if (e.before === e.after) return;
  for (const f of tenant.registry.behaviour().visitFollowers) {
    if (f.appliesTo({ id: e.booking.serviceId }, tenant)) await f.run(tx, { ...e, tenant });
  }
}

export async function updateVisit(deps: { db: Db; clock: Clock }, input: { tenant: CompiledTenant; booking: BookingRow; timeZone: string; actor: Actor; patch: VisitPatch }): Promise<VisitView> {
  const { booking, patch } = input;
  const at = deps.clock.now().getTime();
  if (patch.visited === true) {
    if (!isVisitable(booking.status)) throw new EngineError('visit.booking_cancelled');
    // Checking in before the day is a slip of the hand; after the day it corrects a 不来場.
    if (epochToLocal(at, input.timeZone).date < booking.slotDate) throw new EngineError('visit.too_early', { date: booking.slotDate });
  }
  return transaction(deps.db, async (tx) => {
    const before = await visitOf(tx, booking.id);
    const status = patch.visited === undefined ? before.status : patch.visited ? 'visited' : null;
    const next = {
      status,
      visitedAt: status === 'visited' ? (before.status === 'visited' ? before.visitedAt : at) : null,
      items: mergeItems(before.items, patch.items),
      note: patch.note ?? before.note,
      checkedOutAt: status === 'visited' ? before.checkedOutAt : null,
    };
    const row = { status: next.status, visitedAt: next.visitedAt, itemsJson: JSON.stringify(next.items), note: next.note, checkedOutAt: next.checkedOutAt, updatedAt: at, updatedBy: input.actor.id ?? null };
    await tx
      .insert(bookingVisits)
      .values({ bookingId: booking.id, tenantSlug: booking.tenantSlug, ...row })
      .onConflictDoUpdate({ target: bookingVisits.bookingId, set: row });
    const changed = changedItems(before.items, next.items);
    const action = next.status === 'visited' && before.status !== 'visited' ? 'visit.checked_in' : 'visit.updated';
    await writeAudit(tx, {
      tenant: booking.tenantSlug,
      at,
      actor: input.actor,
      action,
      target: { type: 'booking', id: booking.receiptNo },
      details: { from: before.status, to: next.status, itemsChanged: changed, noteChanged: next.note !== before.note },
    });
    await followVisit(tx, input.tenant, { booking, before: before.status, after: next.status, at, actor: input.actor });
    return next;
  });
}

/** Ids of the items whose value differs, sorted: the audit says what changed, not the text typed. */
function changedItems(before: Record<string, CheckinValue>, after: Record<string, CheckinValue>): string[] {
  const ids = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...ids].filter((id) => before[id] !== after[id]).sort();
}

/** 退室: the time a visitor who checked in left; once. */
export function checkOut(deps: { db: Db; clock: Clock }, input: { booking: BookingRow; timeZone: string; actor: Actor }): Promise<VisitView> {
  const at = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const before = await visitOf(tx, input.booking.id);
    if (before.status !== 'visited') throw new EngineError('checkin.not_in', { receiptNo: input.booking.receiptNo });
    if (before.checkedOutAt !== null) {
      throw new EngineError('checkin.already_out', { receiptNo: input.booking.receiptNo, time: epochToLocal(before.checkedOutAt, input.timeZone).time });
    }
    await tx.update(bookingVisits).set({ checkedOutAt: at, updatedAt: at, updatedBy: input.actor.id ?? null }).where(eq(bookingVisits.bookingId, input.booking.id));
    await writeAudit(tx, { tenant: input.booking.tenantSlug, at, actor: input.actor, action: 'visit.checked_out', target: { type: 'booking', id: input.booking.receiptNo }, details: {} });
    return { ...before, checkedOutAt: at };
  });
}
