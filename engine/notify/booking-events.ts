// The one call a booking use case makes, inside its transaction: writes the
// outbox rows of the event's messages and keeps the booking's reminders in step
// (scheduled on confirm, rescheduled on change, withdrawn on cancel).
import { notificationsFor, type CompiledMessage, type CompiledNotification } from '../../blocks/notification/block';
import type { CompiledService } from '../../blocks/service/block';
import type { Tx } from '../audit';
import type { BookingRow } from '../booking/view';
import { tenantTimezone, type PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { bookingById } from '../booking/counters';
import { dispatch, dispatchMessagesOf, hideSecret, siteVariables, type DispatchContext } from './dispatch';
import type { BookingEventName } from './events';
import type { TemplateVars } from './templates';
import { answersForDisplay, formatDateJa, localDateJa, localTime } from './format';
import { instantIso } from '../schedule/time';
import { isVisitable } from '../booking/status';
import { publicBase } from '../core/public-base';
import { checkinCode } from '../staff/checkin-code';
import type { Enqueued } from './outbox';
import { emailOf, memberContacts, type RecipientResolver } from './recipients';
import { syncReminders, type ReminderOffset } from './reminders';

export interface NotifyDeps {
  clock: Clock;
  /** Finds a member's LINE user id (and email); default: the members table. */
  recipients?: RecipientResolver;
}

export interface BookingEventExtras {
  /** Plaintext access key of an anonymous booking: known only inside bookSlot. */
  accessKey?: string;
  /** The booking before a change. */
  previous?: BookingRow;
  /** A staff message (seed 004). */
  message?: { subject: string; body: string };
  /** Variables a contributed event offers (as its EventSpec lists them). */
  vars?: TemplateVars;
  /** Secret variables (a lock passcode): kept out of the stored text like the access key, group → name → value. */
  secretVars?: Record<string, Record<string, string>>;
  /** The booking has just become confirmed through this (contributed) event: plan its reminders as booking.confirmed does. */
  admitted?: boolean;
  /** Send no message for the event, only keep the reminders in step (a slot of a bundle, told about with the first). */
  quiet?: boolean;
  /** Booking variables that replace the row's own (a bundle's datetime lists every slot). */
  bookingVars?: Record<string, string>;
}

export function slotVariables(row: Pick<BookingRow, 'slotDate' | 'slotStart' | 'slotEnd' | 'resourceId'>, service: CompiledService | undefined, tz: string) {
  const resource = service?.calendar.resources.find((r) => r.id === row.resourceId);
  const date = formatDateJa(row.slotDate);
  const time = localTime(row.slotStart, tz);
  const endTime = localTime(row.slotEnd, tz);
  const endDate = localDateJa(row.slotEnd, tz);
  return {
    resourceTitle: resource?.title ?? row.resourceId,
    date,
    time,
    endTime,
    datetime: endDate === date ? `${date}${time}〜${endTime}` : `${date}${time}〜${endDate}${endTime}`,
  };
}

export async function emitBookingEvent(
  tx: Tx,
  deps: NotifyDeps,
  published: PublishedTenant,
  /** An engine booking event, or one a block kind contributes (scope 'booking'). */
  event: BookingEventName | (string & {}),
  bookingId: number,
  extras: BookingEventExtras = {},
): Promise<Enqueued[]> {
  const now = deps.clock.now().getTime();
  const tenant = published.tenant;
  const row = await bookingById(tx, bookingId);
  if (!row) throw new Error(`emitBookingEvent: booking ${bookingId} does not exist`);
  const blocks = notificationsFor(tenant.list('notification'), row.serviceId);
  // A new booking with no messages configured has no reminders to keep in step either.
  if (blocks.length === 0 && event === 'booking.confirmed') return [];
  // The service may have been removed from the configuration since; its bookings still get their messages.
  const service = tenant.get('service', row.serviceId);
  const tz = service?.calendar.timezone ?? tenantTimezone(published);
  const answers = JSON.parse(row.answersJson) as Record<string, unknown>;
  const recipients = deps.recipients ?? memberContacts;
  const secrets: Record<string, string> = {};
  // Without the form (service removed since), the booking's normalised email key still knows the address.
  const email = (service ? emailOf(service.form.fields, answers) : (row.emailKey ?? undefined)) ?? (row.memberId ? await recipients.emailOf?.(tx, tenant.slug, row.memberId) : undefined);
  const line = row.memberId ? await recipients.lineUserIdOf(tx, tenant.slug, row.memberId) : undefined;
  const checkinUrl = service?.checkin.qr && isVisitable(row.status) ? `${publicBase()}/t/${tenant.slug}/qr/${await checkinCode(tx, tenant.slug, row, now)}` : '';
  const ctx: DispatchContext = {
    tx,
    published,
    now,
    secrets,
    bookingId,
    ...(row.memberId ? { memberId: row.memberId } : {}),
    addresses: { email, line },
    data: {
      receiptNo: row.receiptNo,
      service: row.serviceId,
      resource: row.resourceId,
      start: instantIso(row.slotStart, tz),
      end: instantIso(row.slotEnd, tz),
      status: row.status,
      seats: row.seats,
      ...(row.memberId ? { memberId: row.memberId } : {}),
    },
    vars: {
      ...siteVariables(published),
      booking: {
        receiptNo: row.receiptNo,
        serviceTitle: service?.title ?? row.serviceId,
        ...slotVariables(row, service, tz),
        start: instantIso(row.slotStart, tz),
        end: instantIso(row.slotEnd, tz),
        seats: String(row.seats),
        accessKey: event === 'booking.confirmed' ? hideSecret(secrets, extras.accessKey) : null,
        // The page with the check-in QR code (services with checkin.qr); empty otherwise, so templates can {{#if}} it.
        checkinUrl,
        ...extras.bookingVars,
      },
      answers: answersForDisplay(service?.form.fields, answers),
      ...(extras.previous ? { previous: slotVariables(extras.previous, service, tz) } : {}),
      ...(extras.message ? { message: { subject: extras.message.subject, body: extras.message.body } } : {}),
      ...extras.vars,
      // Merged into the group's other variables (lock.place beside lock.passcode).
      ...Object.fromEntries(
        Object.entries(extras.secretVars ?? {}).map(([group, values]) => [
          group,
          { ...((extras.vars?.[group] as Record<string, unknown> | undefined) ?? {}), ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, hideSecret(secrets, v)])) },
        ]),
      ),
    },
  };
  if (extras.previous) ctx.data.previous = { resource: extras.previous.resourceId, start: instantIso(extras.previous.slotStart, tz) };

  const out = extras.quiet ? [] : await dispatchMessagesOf(ctx, blocks, event);

  if (movesReminders(event) || extras.admitted) {
    type Reminder = { block: CompiledNotification; msg: CompiledMessage; before: ReminderOffset };
    const reminders: Reminder[] = blocks.flatMap((b) =>
      b.messages.filter((m) => m.event === 'booking.reminder' && m.before).map((m) => ({ block: b, msg: m, before: m.before! })),
    );
    await syncReminders<Reminder>(tx, {
      bookingId,
      event: extras.admitted ? 'booking.confirmed' : (event as 'booking.confirmed' | 'booking.changed' | 'booking.cancelled'),
      slot: { date: row.slotDate, startMs: row.slotStart },
      timeZone: tz,
      now,
      reminders,
      schedule: async (r, due, notAfter) => {
        out.push(...(await dispatch(ctx, r.block, r.msg, due, notAfter)));
      },
    });
  }
  return out;
}

/** The events after which a booking's reminders are planned again (or withdrawn). */
function movesReminders(event: string): event is 'booking.confirmed' | 'booking.changed' | 'booking.cancelled' {
  return event === 'booking.confirmed' || event === 'booking.changed' || event === 'booking.cancelled';
}
