import type { AnyBlockKind } from './block';
import type { AdmissionStageDef, CollectedBehaviour, CommandDef, JobDef } from './behaviour';

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

/** The contributions that are plain lists: each kind's entries, in registry order. */
const LISTS = ['admissionSteps', 'columns', 'cancellation', 'bookingPanels', 'reviewPanels', 'talkLines', 'slotHolds', 'fullSlotActions', 'memberLinks', 'serviceNotices', 'residentActions', 'visitFollowers'] as const;
type ListKey = (typeof LISTS)[number];
type Lists = { -readonly [K in ListKey]: CollectedBehaviour[K][number][] };

function collectBehaviour(kinds: readonly AnyBlockKind[]): CollectedBehaviour {
  const stages = new Map<string, AdmissionStageDef>();
  const events: Record<string, CollectedBehaviour['events'][string]> = {};
  const jobs: (JobDef & { kind: string })[] = [];
  const commands: (CommandDef & { kind: string })[] = [];
  const routes: CollectedBehaviour['routes'][number][] = [];
  const reductionCategories: CollectedBehaviour['reductionCategories'][number][] = [];
  const lists = Object.fromEntries(LISTS.map((key) => [key, []])) as unknown as Lists;
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
    for (const j of b.jobs ?? []) {
      once('job', `${k.kind}/${j.id}`, new Set(jobs.map((x) => `${x.kind}/${x.id}`)), k.kind);
      jobs.push({ ...j, kind: k.kind });
    }
    for (const c of b.commands ?? []) {
      once('command', c.id, new Set(commands.map((x) => x.id)), k.kind);
      commands.push({ ...c, kind: k.kind });
    }
    if (b.routes) routes.push(b.routes);
    for (const h of b.slotHolds ?? []) if (['open', 'full', 'closed', 'not-open-yet', 'past'].includes(h.status)) throw new Error(`slot hold status "${h.status}" is a calendar status (kind ${k.kind})`);
    for (const key of LISTS) (lists[key] as unknown[]).push(...((b[key] as readonly unknown[] | undefined) ?? []));
    if (b.reductionCategories) reductionCategories.push(b.reductionCategories.bind(b));
  }
  const frozen = Object.fromEntries(LISTS.map((key) => [key, Object.freeze(lists[key])])) as unknown as Pick<CollectedBehaviour, ListKey>;
  return Object.freeze({ ...frozen, admissionStages: stages, events: Object.freeze(events), jobs: Object.freeze(jobs), commands: Object.freeze(commands), routes: Object.freeze(routes), reductionCategories: Object.freeze(reductionCategories) });
}
