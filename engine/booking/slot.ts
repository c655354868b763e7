// Resolving a requested (resource, start) to a bookable slot of a service.
import type { CompiledService } from '../../blocks/service/block';
import { EngineError } from '../core/errors';
import { makeIssue } from '../core/messages';
import { parseInstant } from '../schedule/time';
import type { Slot } from '../schedule/types';

export function resolveSlot(service: CompiledService, resource: unknown, start: unknown, now: Date): Slot {
  const issues = [];
  if (typeof resource !== 'string' || !service.calendar.resources.some((r) => r.id === resource)) {
    issues.push(makeIssue('/resource', 'booking.unknown_resource', { resource: String(resource ?? '') }));
  }
  const startMs = typeof start === 'string' ? parseInstant(start) : undefined;
  if (startMs === undefined) issues.push(makeIssue('/start', 'schema.format', { format: 'ISO 8601 (2026-12-01T09:00:00+09:00)' }));
  if (issues.length) throw new EngineError('input.invalid', {}, { issues });
  const slot = service.calendar.findSlot(resource as string, startMs!);
  if (!slot) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/start', 'booking.no_such_slot')] });
  const w = service.calendar.windowStatus(slot, now);
  if (w === 'not-open-yet') throw new EngineError('booking.not_open', { start: slot.start });
  if (w === 'past') throw new EngineError('booking.closed', { start: slot.start });
  return slot;
}

export function seatsOf(service: CompiledService, answers: Record<string, unknown>): number {
  if (!service.seatsField) return 1;
  const n = answers[service.seatsField];
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 1;
}
