// Every staff route declares who may call it: guard() resolves the session of
// this tenant (a session of another tenant is no session), refuses a temporary
// password except where it is changed, checks the role, and refuses writes
// from another origin. Facility scope is checked by the handlers on their data.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { resolveStaffSession, STAFF_COOKIE } from '../../../auth/staff-session';
import type { Actor } from '../../../audit';
import { EngineError } from '../../../core/errors';
import { requireRole, type Role, type StaffPrincipal } from '../../../staff/roles';
import { tenantTimezone } from '../../../config/tenant';
import type { AppEnv } from '../../context';
import { clientAddress, trustedProxyHops } from '../../middleware/rate-limit';
import '../../../staff/messages';

export interface AdminEnv {
  Variables: AppEnv['Variables'] & { staff: StaffPrincipal };
}

export type AdminContext = Context<AdminEnv>;

export interface GuardOptions {
  /** Allowed while the password is temporary (change password, who am I, log out). */
  passwordChange?: boolean;
}

export function guard(roles?: readonly Role[], opts: GuardOptions = {}): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const { db, clock } = c.get('deps');
    const published = c.get('published');
    checkOrigin(c);
    const staff = await resolveStaffSession(db, published.tenant.slug, getCookie(c, STAFF_COOKIE), clock.now().getTime(), tenantTimezone(published));
    if (!staff) throw new EngineError('staff.unauthenticated');
    if (staff.mustChangePassword && !opts.passwordChange) throw new EngineError('staff.password_change_required');
    if (roles) requireRole(staff, roles);
    c.set('staff', staff);
    await next();
  };
}

/** Refuses a write whose Origin names another host (behind a proxy: the forwarded host). */
export function checkOrigin(c: Context): void {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return;
  const origin = c.req.header('origin');
  if (!origin) return;
  const expected = (trustedProxyHops() > 0 && c.req.header('x-forwarded-host')) || c.req.header('host') || new URL(c.req.url).host;
  let host = '';
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== expected) throw new EngineError('staff.bad_origin');
}

export function staffActor(c: AdminContext): Actor {
  return { type: 'staff', id: c.get('staff').loginId, ip: clientAddress(c) };
}

/** Query parameters as a plain record (repeated keys: the first). */
export function queryRecord(c: Context): Record<string, string> {
  return Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v[0] ?? '']));
}

export const ANY_ROLE: readonly Role[] | undefined = undefined;
