// The booking lifecycle: every state a booking (a lottery entry, a waiting-list
// place, an application under review) can be in, what each means, and the moves
// allowed between them. This is the only module that names statuses; everyone
// else asks it (DESIGN §9). Vocabulary after pretix (order states) and Varaamo
// (reservation states); the model is ours.
// Pure data with no imports: the schema, the engine and the staff console's
// browser code all read it.

export const BOOKING_STATUSES = [
  'unverified',
  'applied',
  'pending',
  'awaiting_payment',
  'confirmed',
  'cancel_requested',
  'waitlisted',
  'offered',
  'cancelled',
  'rejected',
  'lost',
  'expired',
] as const;

export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export interface StatusInfo {
  /**
   * Whether a booking in this state holds its places: 'yes', 'no', or 'service' (the
   * service decides; what was decided is stored on the booking as holds_capacity).
   */
  capacity: 'yes' | 'no' | 'service';
  /** Counts toward per-person quotas (active bookings, per day/week/…). */
  quota: boolean;
  /** Still going on for the resident (shown as current, may be cancelled or withdrawn). */
  active: boolean;
  /** The resident (or staff) may change slot or answers. */
  changeable: boolean;
  /** Staff may record a visit (来場). */
  visitable: boolean;
  /** Labels: `ja`/`en` for residents, `short` for staff columns and the ledger. */
  label: { ja: string; en: string; shortJa: string; shortEn: string };
  /** Moves allowed from this state. */
  next: readonly BookingStatus[];
}

const S = (capacity: StatusInfo['capacity'], quota: boolean, active: boolean, labels: [string, string, string, string], next: BookingStatus[], extra: Partial<StatusInfo> = {}): StatusInfo => ({
  capacity,
  quota,
  active,
  changeable: false,
  visitable: false,
  label: { ja: labels[0], en: labels[1], shortJa: labels[2], shortEn: labels[3] },
  next,
  ...extra,
});

/** The lifecycle table. Final states have no `next`. */
export const STATUS: Readonly<Record<BookingStatus, StatusInfo>> = Object.freeze({
  // A guest application waiting for the applicant to open the emailed link (申込者チェック).
  unverified: S('no', false, false, ['申込者確認待ち', 'Awaiting email check', '確認待', 'Unverified'], ['confirmed', 'pending', 'awaiting_payment', 'applied', 'expired', 'cancelled']),
  // A lottery entry: no place until the draw.
  applied: S('no', false, true, ['抽選申込中', 'Lottery entry', '抽選申込', 'Entered'], ['offered', 'confirmed', 'awaiting_payment', 'lost', 'cancelled', 'expired']),
  // Awaiting staff review (予約審査); whether it holds its place is the service's choice.
  pending: S('service', true, true, ['審査中', 'Under review', '審査中', 'Pending'], ['confirmed', 'awaiting_payment', 'rejected', 'cancelled', 'expired'], { changeable: true }),
  // Holds its place until the payment deadline.
  awaiting_payment: S('yes', true, true, ['お支払い待ち', 'Awaiting payment', '支払待', 'Unpaid'], ['confirmed', 'cancelled', 'expired']),
  confirmed: S('yes', true, true, ['予約', 'Booked', '予約', 'Booked'], ['cancelled', 'cancel_requested'], { changeable: true, visitable: true }),
  // A cancellation waiting for staff review (取消審査); the place stays held meanwhile.
  cancel_requested: S('yes', true, true, ['取消審査中', 'Cancellation under review', '取消審査', 'Cancel req.'], ['cancelled', 'confirmed'], { visitable: true }),
  // On the waiting list of a full slot (キャンセル待ち).
  waitlisted: S('no', false, true, ['キャンセル待ち', 'Waiting list', '待ち', 'Waiting'], ['offered', 'cancelled', 'expired']),
  // A place offered from the waiting list (or a lottery win) that holds it until it expires.
  offered: S('yes', true, true, ['確定待ち（繰上げ・当選）', 'Offered: please confirm', '確定待', 'Offered'], ['confirmed', 'awaiting_payment', 'cancelled', 'expired']),
  cancelled: S('no', false, false, ['取消済み', 'Cancelled', '取消', 'Cancelled'], []),
  rejected: S('no', false, false, ['不承認', 'Rejected', '却下', 'Rejected'], []),
  lost: S('no', false, false, ['落選', 'Not drawn', '落選', 'Lost'], []),
  expired: S('no', false, false, ['期限切れ', 'Expired', '期限切れ', 'Expired'], []),
});

export function isBookingStatus(s: unknown): s is BookingStatus {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(STATUS, s);
}

export const statusInfo = (s: BookingStatus): StatusInfo => STATUS[s];
export const isActive = (s: BookingStatus): boolean => STATUS[s].active;
export const isChangeable = (s: BookingStatus): boolean => STATUS[s].changeable;
export const isVisitable = (s: BookingStatus): boolean => STATUS[s].visitable;
export const isFinal = (s: BookingStatus): boolean => STATUS[s].next.length === 0;
export const canMove = (from: BookingStatus, to: BookingStatus): boolean => STATUS[from].next.includes(to);

/** The state a booking is in once it is fully admitted (nothing left to decide or pay). */
export const ADMITTED: BookingStatus = 'confirmed';
/** The state of a cancelled booking (by the resident or staff). */
export const CANCELLED: BookingStatus = 'cancelled';
/** A place held for someone who must still confirm it (a lottery win, a waiting-list offer). */
export const OFFERED: BookingStatus = 'offered';
/** A hold that ran past its deadline without being confirmed. */
export const EXPIRED: BookingStatus = 'expired';

export function statusLabel(s: BookingStatus, lang: 'ja' | 'en', form: 'long' | 'short' = 'long'): string {
  const l = STATUS[s].label;
  return form === 'short' ? (lang === 'en' ? l.shortEn : l.shortJa) : lang === 'en' ? l.en : l.ja;
}

/** Statuses with a property, e.g. statusesWhere('quota'). */
export function statusesWhere(prop: 'quota' | 'active' | 'changeable' | 'visitable'): BookingStatus[] {
  return BOOKING_STATUSES.filter((s) => STATUS[s][prop]);
}

/** `<column> IN ('a','b')` for hand-written SQL; the values come from this table, never from input. */
export function statusInSql(prop: 'quota' | 'active' | 'changeable' | 'visitable', column = 'status'): string {
  return `${column} IN (${statusesWhere(prop)
    .map((s) => `'${s}'`)
    .join(', ')})`;
}

/** Filter choices for staff lists: each status with its short label. */
export function statusChoices(lang: 'ja' | 'en'): { value: BookingStatus; label: string }[] {
  return BOOKING_STATUSES.map((s) => ({ value: s, label: statusLabel(s, lang, 'short') }));
}

/** Whether a booking entering `to` holds its places, given what the service decided for `service`-states. */
export function holdsIn(to: BookingStatus, serviceHolds: boolean): boolean {
  const c = STATUS[to].capacity;
  return c === 'yes' || (c === 'service' && serviceHolds);
}
