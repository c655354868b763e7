// Availability of a service: the calendar's pure computation fed with one
// indexed range query over the slot counters.
import type { CompiledService } from '../../blocks/service/block';
import { EngineError } from '../core/errors';
import { makeIssue } from '../core/messages';
import type { Db } from '../db';
import { computeAvailability, type SlotAvailability } from '../schedule/availability';
import { addDays, localToEpoch } from '../schedule/time';
import { usedInRange } from './counters';
import './messages';

export const MAX_AVAILABILITY_DAYS = 62;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function availabilityOf(
  db: Db,
  tenant: string,
  service: CompiledService,
  q: { from?: string; to?: string; resource?: string; now: Date; staff?: boolean },
): SlotAvailability[] {
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
  const used = usedInRange(db, tenant, cal.id, localToEpoch(from, '00:00', cal.timezone), localToEpoch(addDays(to, 1), '00:00', cal.timezone));
  return computeAvailability(cal, { from, to, ...(q.resource ? { resource: q.resource } : {}), now: q.now, ...(q.staff ? { staff: true } : {}), used: (unit, start) => used.get(`${unit}|${start}`) ?? 0 });
}
