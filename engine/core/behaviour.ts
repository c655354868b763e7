// What a block kind may contribute beyond validate-and-compile (DESIGN §9): admission
// stages and steps, notification events, staff/ledger columns and scheduled jobs.
// The engine discovers these through the registry; it names no kind to use them.
import type { AdmissionContext, AdmissionStage } from '../booking/admission';
import type { BookingStatus } from '../booking/status';
import type { EventSpec } from '../notify/events';
import type { LedgerColumn } from '../staff/columns';
import type { JobDeps } from '../jobs/scheduler';
import type { Hono } from 'hono';
import type { AppEnv } from '../http/context';

/** A name a service may list in its `admission` chain (e.g. review, payment). */
export interface AdmissionStageDef {
  id: string;
  title: { ja: string; en: string };
  /** The state a booking enters when it reaches this stage of the chain. */
  status: BookingStatus;
  /** For states whose capacity is the service's choice: whether this stage holds the place. */
  holdsCapacity?(service: { id: string }, tenant: unknown): boolean;
}

/** A step a kind adds to the admission pipeline, run after the named core stage. */
export interface AdmissionStep {
  id: string;
  after: AdmissionStage;
  /** Only for services that use the kind (e.g. a block of the kind names the service). */
  appliesTo(service: { id: string }, tenant: KindTenantView): boolean;
  run(ctx: AdmissionContext): void;
}

/** Staff list and ledger columns a kind adds for the services it applies to. */
export interface ColumnContribution {
  appliesTo(service: { id: string }, tenant: KindTenantView): boolean;
  columns(tenant: KindTenantView): LedgerColumn[];
}

/** A scheduled job: runs every `everyMs`; must be idempotent (a restart may run it again). */
export interface JobDef {
  id: string;
  everyMs: number;
  run(deps: JobDeps): void | Promise<void>;
}

export interface KindBehaviour {
  admissionStages?: readonly AdmissionStageDef[];
  admissionSteps?: readonly AdmissionStep[];
  events?: Readonly<Record<string, EventSpec>>;
  columns?: readonly ColumnContribution[];
  jobs?: readonly JobDef[];
  /**
   * HTTP routes the kind adds (e.g. /api/t/:tenant/lotteries). The engine mounts them
   * after its own, with the tenant resolved for /api/t/:tenant/*; staff routes must use guard().
   */
  routes?: (app: Hono<AppEnv>) => void;
}

/** What a kind's behaviour sees of a compiled tenant. */
export interface KindTenantView {
  readonly slug: string;
  list<T = unknown>(kind: string): readonly T[];
}

/** Everything every registered kind contributes, gathered once per registry. */
export interface CollectedBehaviour {
  admissionStages: ReadonlyMap<string, AdmissionStageDef>;
  admissionSteps: readonly AdmissionStep[];
  /** Contributed events only; engine/notify/events.ts merges them with its own. */
  events: Readonly<Record<string, EventSpec>>;
  columns: readonly ColumnContribution[];
  jobs: readonly (JobDef & { kind: string })[];
  routes: readonly ((app: Hono<AppEnv>) => void)[];
}
