// Roles of the staff console (seed 001 登録区分) and the facility scope.
// A facility is a service: a service ties one calendar (the place and its
// windows) to one form, and the daily ledger is kept per service, so "担当施設"
// is a list of service ids. System administrators always see every service.
import type { CompiledService } from '../../blocks/service/block';
import type { PublishedTenant } from '../config/tenant';
import { EngineError } from '../core/errors';
import './messages';

export const ROLES = ['system-admin', 'facility-manager', 'facility-staff'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { ja: string; en: string }> = {
  'system-admin': { ja: 'システム管理者', en: 'System administrator' },
  'facility-manager': { ja: '施設運営管理者', en: 'Facility manager' },
  'facility-staff': { ja: '施設担当者', en: 'Facility staff' },
};

/** Who may do what beyond the default (any role, within the facility scope). */
export const PERMISSIONS = {
  /** 操作職員権限設定 and the access log. */
  manageStaff: ['system-admin'],
  viewAudit: ['system-admin'],
  /** Editing, suspending and unlinking members. */
  editMembers: ['system-admin', 'facility-manager'],
  /** Booking beyond capacity (always audited by bookSlot / changeBooking). */
  overrideCapacity: ['system-admin', 'facility-manager'],
  /** 予約フロー作成: drafts, publish, rollback, recipes. */
  manageConfig: ['system-admin'],
} as const satisfies Record<string, readonly Role[]>;

export interface StaffPrincipal {
  id: number;
  tenant: string;
  loginId: string;
  name: string;
  role: Role;
  /** '*' = every service of the tenant. */
  scope: '*' | readonly string[];
  mustChangePassword: boolean;
  sessionHash: string;
}

export function can(staff: Pick<StaffPrincipal, 'role'>, roles: readonly Role[]): boolean {
  return roles.includes(staff.role);
}

export function requireRole(staff: Pick<StaffPrincipal, 'role'>, roles: readonly Role[]): void {
  if (!can(staff, roles)) throw new EngineError('staff.forbidden', { roles: roles.map((r) => ROLE_LABELS[r].ja).join('・') });
}

export function parseScope(json: string, role: Role): '*' | string[] {
  if (role === 'system-admin') return '*';
  const list = JSON.parse(json) as string[];
  return list.includes('*') ? '*' : list;
}

export function inScope(staff: Pick<StaffPrincipal, 'scope'>, serviceId: string): boolean {
  return staff.scope === '*' || staff.scope.includes(serviceId);
}

export function servicesInScope(published: PublishedTenant, staff: Pick<StaffPrincipal, 'scope'>): CompiledService[] {
  return published.tenant
    .list('service')
    .filter((s) => inScope(staff, s.id))
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** The service, if it exists and is in scope; otherwise 404 / 403 with a located reason. */
export function scopedService(published: PublishedTenant, staff: Pick<StaffPrincipal, 'scope'>, serviceId: string): CompiledService {
  const s = published.tenant.get('service', serviceId);
  if (!s) throw new EngineError('service.not_found', { service: serviceId });
  if (!inScope(staff, serviceId)) throw new EngineError('staff.out_of_scope', { service: serviceId });
  return s;
}
