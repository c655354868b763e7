// Resolving a requested (resource, start) to a bookable slot of a service.
import type { CompiledService } from '../../blocks/service/block';
import { EngineError } from '../core/errors';
import { makeIssue } from '../core/messages';
import { parseInstant } from '../schedule/time';
import type { Slot } from '../schedule/types';

/**
 * The slot, and whether staff took it after the online booking window closed: staff
 * may book any slot that has not started yet (a walk-in or a phone call on the day),
 * which is recorded in the audit row.
 */
export function resolveSlotFor(
  service: CompiledService,
  resource: unknown,
  start: unknown,
  now: Date,
  opts: { staff?: boolean } = {},
): { slot: Slot; afterOnlineDeadline: boolean } {
  const issues = [];
  if (typeof resource !== 'string' || !service.calendar.resources.some((r) => r.id === resource)) {
    issues.push(makeIssue('/resource', 'booking.unknown_resource', { resource: shown(resource) }));
  }
  const startMs = typeof start === 'string' ? parseInstant(start) : undefined;
  if (startMs === undefined) issues.push(makeIssue('/start', 'schema.format', { format: 'ISO 8601 (2026-12-01T09:00:00+09:00)' }));
  if (issues.length) throw new EngineError('input.invalid', {}, { issues });
  const slot = service.calendar.findSlot(resource as string, startMs!);
  if (!slot) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/start', 'booking.no_such_slot')] });
  const w = service.calendar.windowStatus(slot, now);
  if (w === 'not-open-yet') throw new EngineError('booking.not_open', { start: slot.start });
  if (w === 'past') {
    if (opts.staff && slot.startMs > now.getTime()) return { slot, afterOnlineDeadline: true };
    throw new EngineError('booking.closed', { start: slot.start });
  }
  return { slot, afterOnlineDeadline: false };
}

/** A request value as text for a message: any JSON value, cut short (String() throws on {"toString": null}). */
function shown(v: unknown): string {
  if (v === undefined || v === null) return '';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** A resident's request: the booking window applies in full. */
export function resolveSlot(service: CompiledService, resource: unknown, start: unknown, now: Date): Slot {
  return resolveSlotFor(service, resource, start, now).slot;
}

export function seatsOf(service: CompiledService, answers: Record<string, unknown>): number {
  if (!service.seatsField) return 1;
  const n = answers[service.seatsField];
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 1;
}
