// Scheduled work of the kind: the month-end cancellation on the tenant's (JST) date and the
// EDI delivery. Both are idempotent, so a repeated or missed run does no harm.
import type { JobDef } from '../../engine/core/behaviour';
import { deliverEdi } from './edi';
import { runMonthEnd, tenantDate } from './store';

export const cardJobs: JobDef[] = [
  {
    id: 'month-end',
    everyMs: 3_600_000,
    async run(deps) {
      const now = deps.clock.now().getTime();
      for (const published of deps.tenants.all()) {
        for (const reg of published.tenant.list('card-register')) {
          const n = await runMonthEnd(deps.db, published, reg, tenantDate(published, now), { type: 'system' }, now);
          if (n) deps.logger.info('cards cancelled at month end', { tenant: published.tenant.slug, register: reg.id, cancelled: n });
        }
      }
    },
  },
  {
    id: 'edi-delivery',
    everyMs: 300_000,
    async run(deps) {
      const now = deps.clock.now().getTime();
      for (const published of deps.tenants.all()) {
        for (const reg of published.tenant.list('card-register')) {
          const r = await deliverEdi({ db: deps.db, now, env: deps.env ?? process.env }, published.tenant.slug, reg);
          if (r.error) deps.logger.error('card EDI delivery failed', { tenant: published.tenant.slug, register: reg.id, error: r.error });
        }
      }
    },
  },
];
