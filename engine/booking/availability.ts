// Availability of a service: the calendar's pure computation fed with one
// indexed range query over the slot counters.
import type { CompiledService } from '../../blocks/service/block';
import { EngineError } from '../core/errors';
import { makeIssue } from '../core/messages';
import type { PublishedTenant } from '../config/tenant';
import type { Db } from '../db';
import { computeAvailability, type SlotAvailability } from '../schedule/availability';
import { addDays, localToEpoch } from '../schedule/time';
import { usedInRange } from './counters';
import './messages';

export const MAX_AVAILABILITY_DAYS = 62;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function availabilityOf(
  db: Db,
  tenant: string,
  service: CompiledService,
  q: { from?: string; to?: string; resource?: string; now: Date; staff?: boolean; published?: PublishedTenant },
): Promise<SlotAvailability[]> {
  const issues = [];
  const valid = (d: string | undefined) => !!d && DATE.test(d) && addDays(d, 0) === d;
  if (!valid(q.from)) issues.push(makeIssue('/from', 'schema.format', { format: 'YYYY-MM-DD' }));
  if (!valid(q.to)) issues.push(makeIssue('/to', 'schema.format', { format: 'YYYY-MM-DD' }));
  if (q.resource !== undefined && !service.calendar.resources.some((r) => r.id === q.resource)) {
    issues.push(makeIssue('/resource', 'booking.unknown_resource', { resource: q.resource }));
  }
  if (issues.length) throw new EngineError('input.invalid', {}, { issues });
  const from = q.from!;
  const to = q.to!;
  if (to < from) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/to', 'schema.minimum', { limit: from })] });
  if (to > addDays(from, MAX_AVAILABILITY_DAYS - 1)) throw new EngineError('availability.range_too_long', { max: MAX_AVAILABILITY_DAYS });
  const cal = service.calendar;
  const used = await usedInRange(db, tenant, cal.id, localToEpoch(from, '00:00', cal.timezone), localToEpoch(addDays(to, 1), '00:00', cal.timezone));
  const slots = computeAvailability(cal, { from, to, ...(q.resource ? { resource: q.resource } : {}), now: q.now, ...(q.staff ? { staff: true } : {}), used: (unit, start) => used.get(`${unit}|${start}`) ?? 0 });
  return q.published && !q.staff ? await withKindStates(db, q.published, service, slots, q.now.getTime()) : slots;
}

/**
 * What kinds add to the resident view: a hold (a lottery's slots until the draw) turns
 * not-open-yet, full and open into the hold's status, and a full slot may get another
 * way on (a waiting list). Closed and past slots stay as they are.
 */
async function withKindStates(db: Db, published: PublishedTenant, service: CompiledService, slots: SlotAvailability[], now: number): Promise<SlotAvailability[]> {
  const b = published.tenant.registry.behaviour();
  const holds = b.slotHolds.filter((h) => h.appliesTo(service, published.tenant));
  const actions = b.fullSlotActions.filter((a) => a.appliesTo(service, published.tenant));
  if (!holds.length && !actions.length) return slots;
  const byDate = new Map<string, { status: SlotAvailability['status']; hold: NonNullable<SlotAvailability['hold']> } | null>();
  const holdOn = async (date: string) => {
    if (!byDate.has(date)) {
      let found: { status: SlotAvailability['status']; hold: NonNullable<SlotAvailability['hold']> } | null = null;
      for (const h of holds) {
        const r = await h.holds({ db, published, service, date, now });
        if (r) {
          found = { status: h.status, hold: { label: r.label, ...(r.href ? { href: `/t/${published.tenant.slug}${r.href}` } : {}) } };
          break;
        }
      }
      byDate.set(date, found);
    }
    return byDate.get(date)!;
  };
  for (const s of slots) {
    if (s.status === 'closed' || s.status === 'past') continue;
    const h = holds.length ? await holdOn(s.date) : null;
    if (h) {
      s.status = h.status;
      // The page learns which slot was chosen (a lottery's 第1希望).
      const href = h.hold.href && `${h.hold.href}${h.hold.href.includes('?') ? '&' : '?'}${new URLSearchParams({ resource: s.resource, start: s.start })}`;
      s.hold = { label: h.hold.label, ...(href ? { href } : {}) };
    } else if (s.status === 'full' && actions.length) {
      const a = actions[0]!;
      s.action = { label: a.label, href: `/t/${published.tenant.slug}${a.href(service, s)}` };
    }
  }
  return slots;
}
