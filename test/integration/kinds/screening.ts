// A block kind that exists only in the tests: `screening` sends the bookings of
// one service to staff review (審査) unless an answer says they need none. It
// adds an admission stage, an admission step, a notification event, a staff
// column and a job — through its definition alone, with no engine file naming it.
import { defineBlock, type RawBlock } from '../../../engine/core/block';
import { statusLabel } from '../../../engine/booking/status';
import type { AdmissionContext } from '../../../engine/booking/admission';
import type { KindTenantView } from '../../../engine/core/behaviour';

export interface ScreeningBlock extends RawBlock {
  kind: 'screening';
  service: string;
  /** The answer that waives the review: { field, value }. */
  waiveWhen: { field: string; value: string };
  holdPlace: boolean;
}

declare module '../../../engine/core/kinds' {
  interface CompiledKinds {
    screening: ScreeningBlock;
  }
}

const forService = (tenant: KindTenantView, id: string) => tenant.list('screening').find((b) => b.service === id);

/** How often the test's job ran (a job is any idempotent function the scheduler calls). */
export const jobRuns: number[] = [];

export const screeningBlock = defineBlock<ScreeningBlock, ScreeningBlock>({
  kind: 'screening',
  version: 1,
  cardinality: 'many',
  migrations: [],
  title: { ja: '事前審査', en: 'Screening' },
  schema: {
    $id: 'block:screening',
    type: 'object',
    required: ['kind', 'id', 'service', 'waiveWhen', 'holdPlace'],
    additionalProperties: false,
    properties: {
      kind: { const: 'screening' },
      id: { type: 'string' },
      version: { type: 'integer' },
      service: { type: 'string', 'x-ref': 'service' },
      waiveWhen: { type: 'object', required: ['field', 'value'], additionalProperties: false, properties: { field: { type: 'string' }, value: { type: 'string' } } },
      holdPlace: { type: 'boolean' },
    },
  },
  refs: (b) => [{ kind: 'service', id: b.service, path: '/service' }],
  compile: (b) => ({ ...b }),
  behaviour: {
    admissionStages: [
      {
        id: 'screening',
        title: { ja: '事前審査', en: 'Screening' },
        status: 'pending',
        holdsCapacity: (service, tenant) => forService(tenant, service.id)?.holdPlace ?? true,
      },
    ],
    admissionSteps: [
      {
        id: 'screening-waiver',
        after: 'decision',
        appliesTo: (service, tenant) => !!forService(tenant, service.id),
        run(ctx: AdmissionContext) {
          const b = forService(ctx.published.tenant, ctx.service.id)!;
          if (ctx.mode === 'change') return; // book, or a held application admitted (verify)
          if (ctx.answers[b.waiveWhen.field] === b.waiveWhen.value) {
            ctx.decide('confirmed');
            ctx.auditDetails.screening = 'waived';
          } else {
            ctx.auditDetails.screening = 'required';
            ctx.notices.push({ event: 'screening.requested', vars: { screening: { block: b.id } } });
          }
        },
      },
    ],
    events: {
      'screening.requested': {
        scope: 'booking',
        ja: '事前審査の受付',
        en: 'Screening requested',
        variables: { 'booking.receiptNo': { trusted: true, ja: '受付番号' }, 'screening.block': { trusted: true, ja: '審査の設定' } },
      },
    },
    columns: [
      {
        appliesTo: (service, tenant) => !!forService(tenant, service.id),
        columns: () => [{ id: 'screening', label: '審査', labelEn: 'Screening', value: (r) => `審査:${statusLabel(r.status, 'ja', 'short')}` }],
      },
    ],
    jobs: [{ id: 'count', everyMs: 3_600_000, run: (deps) => void jobRuns.push(deps.clock.now().getTime()) }],
  },
});
