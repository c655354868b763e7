// Validation of the 操作者情報登録 form: every problem located by JSON pointer.
import type { PublishedTenant } from '../config/tenant';
import { EngineError, type Issue } from '../core/errors';
import { makeIssue } from '../core/messages';
import { addDays } from '../schedule/time';
import { ROLES, type Role } from './roles';
import './messages';

export interface AccountFields {
  loginId: string;
  name: string;
  email: string | null;
  organization: string | null;
  role: Role;
  scope: string[];
  validFrom: string | null;
  validUntil: string | null;
  suspended: boolean;
}

const LOGIN_ID = /^[A-Za-z0-9._-]{3,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: string) => DATE.test(s) && addDays(s, 0) === s;

/** Checks a create (all fields) or update (only the present ones) body. */
export function readAccountFields(body: Record<string, unknown>, published: PublishedTenant, mode: 'create' | 'update', current?: AccountFields): Partial<AccountFields> {
  const issues: Issue[] = [];
  const out: Partial<AccountFields> = {};
  const has = (k: string) => mode === 'create' || k in body;
  const text = (k: 'name' | 'email' | 'organization', max: number, required: boolean) => {
    if (!has(k)) return;
    const v = body[k];
    if (v === undefined || v === null || v === '') {
      if (required) issues.push(makeIssue(`/${k}`, 'schema.required', { property: k }));
      else out[k] = null as never;
      return;
    }
    if (typeof v !== 'string') return void issues.push(makeIssue(`/${k}`, 'schema.type', { type: 'string' }));
    if ([...v].length > max) return void issues.push(makeIssue(`/${k}`, 'schema.max_length', { limit: max }));
    if (k === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return void issues.push(makeIssue('/email', 'schema.format', { format: 'email' }));
    out[k] = v.trim() as never;
  };
  if (mode === 'create') {
    if (typeof body.loginId !== 'string' || !LOGIN_ID.test(body.loginId)) issues.push(makeIssue('/loginId', 'schema.format', { format: '半角英数字と . _ - の3〜64文字 / 3-64 of A-Z a-z 0-9 . _ -' }));
    else out.loginId = body.loginId;
  }
  text('name', 100, true);
  text('email', 254, false);
  text('organization', 100, false);
  if (has('role')) {
    if (typeof body.role !== 'string' || !(ROLES as readonly string[]).includes(body.role)) issues.push(makeIssue('/role', 'schema.enum', { allowed: ROLES.join(', ') }));
    else out.role = body.role as Role;
  }
  for (const k of ['validFrom', 'validUntil'] as const) {
    if (!has(k)) continue;
    const v = body[k];
    if (v === undefined || v === null || v === '') out[k] = null;
    else if (typeof v !== 'string' || !isDate(v)) issues.push(makeIssue(`/${k}`, 'schema.format', { format: 'YYYY-MM-DD' }));
    else out[k] = v;
  }
  if (has('suspended')) {
    if (body.suspended !== undefined && typeof body.suspended !== 'boolean') issues.push(makeIssue('/suspended', 'schema.type', { type: 'boolean' }));
    else out.suspended = body.suspended === true;
  }
  if (has('scope')) {
    const v = body.scope ?? [];
    const services = new Set(published.tenant.list('service').map((s) => s.id));
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) issues.push(makeIssue('/scope', 'schema.type', { type: 'array' }));
    else {
      v.forEach((s: string, i) => {
        if (s !== '*' && !services.has(s)) issues.push(makeIssue(`/scope/${i}`, 'staff.unknown_service', { service: s }));
      });
      out.scope = [...new Set(v as string[])];
    }
  }
  const role = out.role ?? current?.role;
  const scope = out.scope ?? current?.scope ?? [];
  if (role && role !== 'system-admin' && scope.length === 0 && !issues.some((i) => i.path.startsWith('/scope'))) issues.push(makeIssue('/scope', 'staff.scope_required'));
  const from = out.validFrom !== undefined ? out.validFrom : current?.validFrom;
  const until = out.validUntil !== undefined ? out.validUntil : current?.validUntil;
  if (from && until && until < from && !issues.some((i) => i.path === '/validUntil')) issues.push(makeIssue('/validUntil', 'staff.date_order'));
  if (issues.length) throw new EngineError('input.invalid', {}, { issues });
  return out;
}
