// The staff console's HTTP surface: the JSON API under /api/admin/t/:tenant/ and
// the SPA shell under /admin/. Every API route is guarded (see guard.ts); the
// authorization matrix test walks app.routes so a new route cannot escape it.
import { Hono } from 'hono';
import type { AppEnv } from '../../context';
import { tenantMiddleware } from '../../middleware/tenant';
import { bookingRoutes } from './bookings';
import { configRoutes } from './config';
import { groupRoutes } from './groups';
import type { AdminEnv } from './guard';
import { ledgerRoutes } from './ledger';
import { memberRoutes } from './members';
import { sessionRoutes } from './session';
import { shellRoutes } from './shell';
import { staffRoutes } from './staff';

export function createAdminRoutes(): Hono<AppEnv> {
  const api = new Hono<AdminEnv>()
    .use('/api/admin/t/:tenant/*', tenantMiddleware as never)
    .route('/', sessionRoutes())
    .route('/', bookingRoutes)
    .route('/', ledgerRoutes)
    .route('/', memberRoutes)
    .route('/', groupRoutes)
    .route('/', staffRoutes)
    .route('/', configRoutes);
  return new Hono<AppEnv>().route('/', api as unknown as Hono<AppEnv>).route('/', shellRoutes);
}
