// The staff console's HTTP surface: the JSON API under /api/admin/t/:tenant/ and
// the SPA shell under /admin/. Every API route is guarded (see guard.ts); the
// authorization matrix test walks app.routes so a new route cannot escape it.
import { Hono } from 'hono';
import type { AppEnv } from '../../context';
import { createFailureLimiter, type FailureLimiter } from '../../middleware/rate-limit';
import { tenantMiddleware } from '../../middleware/tenant';
import { bookingRoutes } from './bookings';
import { configRoutes } from './config';
import type { AdminEnv } from './guard';
import { ledgerRoutes } from './ledger';
import { memberRoutes } from './members';
import { sessionRoutes } from './session';
import { shellRoutes } from './shell';
import { staffRoutes } from './staff';

export function createAdminRoutes(opts: { loginLimiter?: FailureLimiter } = {}): Hono<AppEnv> {
  // Five wrong passwords per address or per login id in 15 minutes, then 429.
  const limiter = opts.loginLimiter ?? createFailureLimiter({ max: 5, windowMs: 15 * 60_000 });
  const api = new Hono<AdminEnv>()
    .use('/api/admin/t/:tenant/*', tenantMiddleware as never)
    .route('/', sessionRoutes(limiter))
    .route('/', bookingRoutes)
    .route('/', ledgerRoutes)
    .route('/', memberRoutes)
    .route('/', staffRoutes)
    .route('/', configRoutes);
  return new Hono<AppEnv>().route('/', api as unknown as Hono<AppEnv>).route('/', shellRoutes);
}
