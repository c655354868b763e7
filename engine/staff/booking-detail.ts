// A booking as staff see it: answers with their labels, the visit, the member,
// the booking's history from the audit log and its notification deliveries.
// Opening it is a view of personal data and is audited (pii.viewed).
import type { CheckinItem, CompiledService } from '../../blocks/service/block';
import { bundleOf } from '../booking/bundle';
import { findBookingFor } from '../booking/find';
import { instantIso } from '../schedule/time';
import { tenantTimezone } from '../config/tenant';
import { toView, type BookingRow, type BookingView } from '../booking/view';
import { writeAudit, type Actor } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import { EngineError } from '../core/errors';
import { sqlAll, type Db } from '../db';
import { deliveriesOf, type DeliveryView } from '../notify/deliveries';
import { answerText } from '../../blocks/form/answer-text';
import { mapUrl } from '../runtime/display';
import { findMember, toMemberView, type MemberView } from './members';
import { inScope, type StaffPrincipal } from './roles';
import { visitOf, type VisitView } from './visits';

/** The booking, if it exists in this tenant and within the staff member's scope; otherwise 404. */
export async function scopedBooking(db: Db, published: PublishedTenant, staff: Pick<StaffPrincipal, 'scope'>, receiptNo: string): Promise<BookingRow> {
  const row = await findBookingFor(db, published.tenant.slug, receiptNo, { kind: 'staff' });
  // Out of scope looks the same as missing: a receipt number reveals nothing about other facilities.
  if (!inScope(staff, row.serviceId)) throw new EngineError('reservation.not_found');
  return row;
}

export interface BookingDetail extends BookingView {
  serviceTitle: string;
  bundle?: { receiptNo: string; slots: { receiptNo: string; status: string; resourceTitle: string; start: string; end: string }[] };
  channel: string;
  /** phone: shown with hyphens by the console (stored as digits). */
  answerList: { id: string; label: string; value: string | number | null; phone?: true }[];
  /** Whether `seats` means people (the service has a seatsField); else it is always 1 and not shown as 人数. */
  seatsCounted: boolean;
  visit: VisitView;
  /** What the service asks staff to record at check-in besides 来場 and 対応内容. */
  checkinItems: readonly CheckinItem[];
  member: Pick<MemberView, 'id' | 'memberNo' | 'name' | 'phone' | 'accountType' | 'status'> | null;
  history: { at: number; action: string; actorType: string; actorId: string | null; details: Record<string, unknown> }[];
  deliveries: DeliveryView[];
}

export async function bookingDetail(deps: { db: Db; now: number }, input: { published: PublishedTenant; staff: StaffPrincipal; actor: Actor; receiptNo: string; lang: 'ja' | 'en' }): Promise<BookingDetail> {
  const { db } = deps;
  const tenant = input.published.tenant.slug;
  const row = await scopedBooking(db, input.published, input.staff, input.receiptNo);
  const service = input.published.tenant.get('service', row.serviceId);
  const view = toView(row, service, deps.now, input.lang);
  let member: BookingDetail['member'] = null;
  if (row.memberId) {
    try {
      const m = toMemberView(await findMember(db, tenant, row.memberId));
      member = { id: m.id, memberNo: m.memberNo, name: m.name, phone: m.phone, accountType: m.accountType, status: m.status };
    } catch {
      member = null; // deleted since
    }
  }
  const history = (
    await sqlAll<{ at: number; action: string; actorType: string; actorId: string | null; d: string }>(
      db,
      `SELECT at, action, actor_type AS "actorType", actor_id AS "actorId", details_json AS d FROM audit_log WHERE tenant_slug = ? AND target_type = 'booking' AND target_id = ? AND action <> 'pii.viewed' ORDER BY id`,
      [tenant, row.receiptNo],
    )
  ).map(({ d, ...h }) => ({ ...h, details: JSON.parse(d) as Record<string, unknown> }));
  await writeAudit(db, { tenant, at: deps.now, actor: input.actor, action: 'pii.viewed', target: { type: 'booking', id: row.receiptNo } });
  const tz = service?.calendar.timezone ?? tenantTimezone(input.published);
  const visit = await visitOf(db, row.id);
  const deliveries = await deliveriesOf(db, tenant, row.receiptNo, service?.calendar.timezone);
  const bundleRows = row.bundleNo ? await bundleOf(db, tenant, row.bundleNo) : [];
  return {
    ...view,
    serviceTitle: service?.title ?? row.serviceId,
    channel: row.channel,
    answerList: (service?.form.fields ?? []).map((f) => ({ id: f.id, label: input.lang === 'en' ? f.labelEn ?? f.label : f.label, value: answerText(f, view.answers[f.id]), ...(f.type === 'phone' ? { phone: true as const } : {}), ...(f.type === 'location' && mapUrl(view.answers[f.id]) ? { mapUrl: mapUrl(view.answers[f.id]) } : {}) })),
    seatsCounted: service?.seatsField !== undefined,
    visit,
    checkinItems: service?.checkin.items ?? [],
    member,
    history,
    deliveries,
    // 複数枠の一括予約: every slot booked with this one (the bundle's number is its first slot's).
    ...(row.bundleNo
      ? {
          bundle: {
            receiptNo: row.bundleNo,
            slots: bundleRows.map((b) => ({ receiptNo: b.receiptNo, status: b.status, resourceTitle: service?.calendar.resources.find((r) => r.id === b.resourceId)?.title ?? b.resourceId, start: instantIso(b.slotStart, tz), end: instantIso(b.slotEnd, tz) })),
          },
        }
      : {}),
  };
}
