import type { AnyBlockKind } from './block';
import type { AdmissionStageDef, CollectedBehaviour, JobDef } from './behaviour';

export interface BlockRegistry {
  get(kind: string): AnyBlockKind | undefined;
  kinds(): readonly AnyBlockKind[];
  names(): readonly string[];
  /** What the kinds contribute beyond compile (admission, events, columns, jobs). */
  behaviour(): CollectedBehaviour;
}

/** Built-in admission: no stage, the booking is confirmed at once. */
export const IMMEDIATE = 'immediate';

/**
 * The registry is built from a literal list; a kind listed twice, or two kinds
 * contributing the same event, admission stage or job, is a programming error.
 */
export function createRegistry(kinds: readonly AnyBlockKind[]): BlockRegistry {
  const byName = new Map<string, AnyBlockKind>();
  for (const k of kinds) {
    if (byName.has(k.kind)) throw new Error(`block kind registered twice: ${k.kind}`);
    byName.set(k.kind, k);
  }
  const list = Object.freeze([...kinds]);
  const names = Object.freeze([...byName.keys()]);
  const behaviour = collectBehaviour(list);
  return {
    get: (kind) => byName.get(kind),
    kinds: () => list,
    names: () => names,
    behaviour: () => behaviour,
  };
}

function collectBehaviour(kinds: readonly AnyBlockKind[]): CollectedBehaviour {
  const stages = new Map<string, AdmissionStageDef>();
  const events: Record<string, CollectedBehaviour['events'][string]> = {};
  const steps: CollectedBehaviour['admissionSteps'][number][] = [];
  const columns: CollectedBehaviour['columns'][number][] = [];
  const jobs: (JobDef & { kind: string })[] = [];
  const routes: CollectedBehaviour['routes'][number][] = [];
  const cancellation: CollectedBehaviour['cancellation'][number][] = [];
  const reductionCategories: CollectedBehaviour['reductionCategories'][number][] = [];
  const bookingPanels: CollectedBehaviour['bookingPanels'][number][] = [];
  const reviewPanels: CollectedBehaviour['reviewPanels'][number][] = [];
  const talkLines: CollectedBehaviour['talkLines'][number][] = [];
  const slotHolds: CollectedBehaviour['slotHolds'][number][] = [];
  const fullSlotActions: CollectedBehaviour['fullSlotActions'][number][] = [];
  const memberLinks: CollectedBehaviour['memberLinks'][number][] = [];
  const serviceNotices: CollectedBehaviour['serviceNotices'][number][] = [];
  const residentActions: CollectedBehaviour['residentActions'][number][] = [];
  const visitFollowers: CollectedBehaviour['visitFollowers'][number][] = [];
  const once = (what: string, id: string, seen: { has(k: string): boolean }, kind: string) => {
    if (seen.has(id) || (what === 'admission stage' && id === IMMEDIATE)) throw new Error(`${what} "${id}" contributed twice (kind ${kind})`);
  };
  for (const k of kinds) {
    const b = k.behaviour;
    if (!b) continue;
    for (const s of b.admissionStages ?? []) {
      once('admission stage', s.id, stages, k.kind);
      stages.set(s.id, s);
    }
    for (const [name, spec] of Object.entries(b.events ?? {})) {
      once('notification event', name, new Set(Object.keys(events)), k.kind);
      events[name] = spec;
    }
    steps.push(...(b.admissionSteps ?? []));
    columns.push(...(b.columns ?? []));
    for (const j of b.jobs ?? []) {
      once('job', `${k.kind}/${j.id}`, new Set(jobs.map((x) => `${x.kind}/${x.id}`)), k.kind);
      jobs.push({ ...j, kind: k.kind });
    }
    if (b.routes) routes.push(b.routes);
    cancellation.push(...(b.cancellation ?? []));
    bookingPanels.push(...(b.bookingPanels ?? []));
    reviewPanels.push(...(b.reviewPanels ?? []));
    talkLines.push(...(b.talkLines ?? []));
    for (const h of b.slotHolds ?? []) if (['open', 'full', 'closed', 'not-open-yet', 'past'].includes(h.status)) throw new Error(`slot hold status "${h.status}" is a calendar status (kind ${k.kind})`);
    slotHolds.push(...(b.slotHolds ?? []));
    fullSlotActions.push(...(b.fullSlotActions ?? []));
    memberLinks.push(...(b.memberLinks ?? []));
    serviceNotices.push(...(b.serviceNotices ?? []));
    residentActions.push(...(b.residentActions ?? []));
    visitFollowers.push(...(b.visitFollowers ?? []));
    if (b.reductionCategories) reductionCategories.push(b.reductionCategories.bind(b));
  }
  return Object.freeze({ admissionStages: stages, admissionSteps: Object.freeze(steps), events: Object.freeze(events), columns: Object.freeze(columns), jobs: Object.freeze(jobs), routes: Object.freeze(routes), cancellation: Object.freeze(cancellation), bookingPanels: Object.freeze(bookingPanels), reviewPanels: Object.freeze(reviewPanels), talkLines: Object.freeze(talkLines), slotHolds: Object.freeze(slotHolds), fullSlotActions: Object.freeze(fullSlotActions), memberLinks: Object.freeze(memberLinks), serviceNotices: Object.freeze(serviceNotices), residentActions: Object.freeze(residentActions), visitFollowers: Object.freeze(visitFollowers), reductionCategories: Object.freeze(reductionCategories) });
}
