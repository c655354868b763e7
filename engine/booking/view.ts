// The shape of a booking as the API returns it.
import type { CompiledService } from '../../blocks/service/block';
import type { bookings } from '../db/schema';
import { instantIso } from '../schedule/time';
import { isActive, isChangeable, statusLabel, type BookingStatus } from './status';

export type BookingRow = typeof bookings.$inferSelect;

export interface BookingView {
  receiptNo: string;
  status: BookingStatus;
  /** The state as a resident reads it (審査中, 予約, 取消済み, …). */
  statusLabel: string;
  service: string;
  resource: string;
  resourceTitle: string;
  start: string;
  end: string;
  seats: number;
  answers: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  canChange: boolean;
  canCancel: boolean;
}

export function toView(row: BookingRow, service: CompiledService | undefined, now: number, lang: 'ja' | 'en' = 'ja'): BookingView {
  const resource = service?.calendar.resources.find((r) => r.id === row.resourceId);
  const tz = service?.calendar.timezone ?? 'Asia/Tokyo';
  const iso = (ms: number) => instantIso(ms, tz);
  return {
    receiptNo: row.receiptNo,
    status: row.status,
    statusLabel: statusLabel(row.status, lang),
    service: row.serviceId,
    resource: row.resourceId,
    resourceTitle: resource ? (lang === 'en' ? resource.titleEn : resource.title) : row.resourceId,
    start: iso(row.slotStart),
    end: iso(row.slotEnd),
    seats: row.seats,
    answers: JSON.parse(row.answersJson) as Record<string, unknown>,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    canChange: isChangeable(row.status) && !!service && now < deadline(row.slotStart, service.changeDeadlineHours),
    canCancel: isActive(row.status) && !!service && now < deadline(row.slotStart, service.cancelDeadlineHours),
  };
}

export const deadline = (slotStart: number, hoursBefore: number) => slotStart - hoursBefore * 3_600_000;

