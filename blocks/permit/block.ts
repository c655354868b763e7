// `permit` (施設利用登録): members (individuals or groups) apply for a permit, staff
// approve it (or it is granted at once), and booking the services, places and time
// bands it names needs a permit valid on the day of use. Staff can register one at
// the desk; a job sends the renewal reminder (定期的に更新を勧奨) and marks expiry.
import type { KindTenantView } from '../../engine/core/behaviour';
import { defineBlock, type BlockRef, type RawBlock } from '../../engine/core/block';
import type { CompiledForm } from '../form/block';
import type { MemberKind } from '../member-fields/block';
import schema from './schema.json';
import { permitEvents } from './events';
import { permitMemberLinks, permitNotices } from './pages';
import { permitRoutes } from './routes';
import { expirePermits, remindRenewals, requirePermit } from './store';
import type { Validity } from './validity';
import './messages';

export interface PermitBlock extends RawBlock {
  kind: 'permit';
  title: string;
  titleEn?: string;
  description?: string;
  descriptionEn?: string;
  unlocks: { service: string; resources?: string[]; times?: { from: string; to: string } }[];
  validity: { until?: 'fiscal-year-end'; months?: number };
  form?: string;
  approval?: 'staff' | 'automatic';
  renewal?: { remindDaysBefore: number };
  holders?: MemberKind[];
}

export interface PermitUnlock {
  service: string;
  /** null = every place of the service. */
  resources: readonly string[] | null;
  /** Slots starting at or after `from` and before `to` (local HH:MM); null = all day. */
  times: { from: string; to: string } | null;
}

export interface CompiledPermit {
  id: string;
  title: string;
  titleEn: string;
  description: string;
  descriptionEn: string;
  unlocks: readonly PermitUnlock[];
  validity: Validity;
  /** What the application asks; undefined = nothing beyond the member's own details. */
  form?: CompiledForm;
  requiresApproval: boolean;
  /** Days before expiry when the renewal reminder goes out and renewal opens; null = no reminder. */
  remindDaysBefore: number | null;
  holders: readonly MemberKind[];
}

/** Days before expiry from which a holder may apply to renew when the permit sets no reminder. */
export const DEFAULT_RENEWAL_DAYS = 30;

/** The permits whose unlock rules cover a slot (any one of them, valid on the day, lets the member book). */
export function permitsCovering(tenant: KindTenantView, serviceId: string, slot: { resource: string; startLocal: string }): CompiledPermit[] {
  return tenant.list('permit').filter((p) =>
    p.unlocks.some((u) => u.service === serviceId && (!u.resources || u.resources.includes(slot.resource)) && (!u.times || (slot.startLocal >= u.times.from && slot.startLocal < u.times.to))),
  );
}

const unlocksService = (tenant: KindTenantView, serviceId: string) => tenant.list('permit').some((p) => p.unlocks.some((u) => u.service === serviceId));

export const permitBlock = defineBlock<PermitBlock, CompiledPermit>({
  kind: 'permit',
  version: 1,
  schema,
  cardinality: 'many',
  migrations: [],
  title: { ja: '施設利用登録', en: 'Facility-use permit' },
  refs(b) {
    const refs: BlockRef[] = b.unlocks.map((u, i) => ({ kind: 'service', id: u.service, path: `/unlocks/${i}/service` }));
    if (b.form) refs.push({ kind: 'form', id: b.form, path: '/form' });
    return refs;
  },
  check(b, ctx) {
    b.unlocks.forEach((u, i) => {
      const service = ctx.find('service', u.service) as { calendar?: string; access?: { members?: boolean }; online?: { bookable?: boolean } } | undefined;
      if (service && service.access?.members === false && service.online?.bookable !== false) ctx.issue(`/unlocks/${i}/service`, 'permit.members_not_allowed', { service: u.service });
      const calendar = service?.calendar ? (ctx.find('calendar', service.calendar) as { resources?: { id: string }[] } | undefined) : undefined;
      u.resources?.forEach((r, j) => {
        if (calendar && !calendar.resources?.some((x) => x.id === r)) ctx.issue(`/unlocks/${i}/resources/${j}`, 'permit.unknown_resource', { resource: r, service: u.service });
      });
      if (u.times && u.times.to <= u.times.from) ctx.issue(`/unlocks/${i}/times/to`, 'permit.bad_times');
    });
    if ((b.validity.until === undefined) === (b.validity.months === undefined)) ctx.issue('/validity', 'permit.validity_one');
    const offered = ((ctx.all('member-fields')[0] as { kinds?: MemberKind[] } | undefined)?.kinds ?? ['individual']) as MemberKind[];
    b.holders?.forEach((h, i) => {
      if (!offered.includes(h)) ctx.issue(`/holders/${i}`, 'permit.holder_kind_not_offered', { holder: h });
    });
  },
  compile: (b, ctx) => ({
    id: b.id,
    title: b.title,
    titleEn: b.titleEn ?? b.title,
    description: b.description ?? '',
    descriptionEn: b.descriptionEn ?? b.description ?? '',
    unlocks: b.unlocks.map((u) => ({ service: u.service, resources: u.resources ?? null, times: u.times ?? null })),
    validity: b.validity.months !== undefined ? { kind: 'months', months: b.validity.months } : { kind: 'fiscal-year-end' },
    ...(b.form ? { form: ctx.get('form', b.form) } : {}),
    requiresApproval: (b.approval ?? 'staff') === 'staff',
    remindDaysBefore: b.renewal?.remindDaysBefore ?? null,
    holders: b.holders ?? ['individual', 'group'],
  }),
  behaviour: {
    admissionSteps: [
      {
        // After the slot: the member and the slot are known, the answers not yet checked (a cheap refusal).
        id: 'permit-required',
        after: 'slot',
        early: true,
        appliesTo: (service, tenant) => unlocksService(tenant, service.id),
        run: requirePermit,
      },
    ],
    events: permitEvents,
    jobs: [
      {
        // Marks permits past their last day 失効 and sends 更新のお知らせ; both are idempotent.
        id: 'expiry-and-renewal',
        everyMs: 3_600_000,
        async run(deps) {
          for (const published of deps.tenants.all()) {
            if (published.tenant.list('permit').length === 0) continue;
            await expirePermits(deps, published);
            await remindRenewals(deps, published);
          }
        },
      },
    ],
    routes: permitRoutes,
    serviceNotices: [{ appliesTo: (service, tenant) => unlocksService(tenant, service.id), notices: permitNotices }],
    memberLinks: [{ items: permitMemberLinks }],
  },
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    permit: CompiledPermit;
  }
}
