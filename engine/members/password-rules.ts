// The password a resident chooses: located issues, so the page shows them next to the fields.
import type { Issue } from '../core/errors';
import { makeIssue } from '../core/messages';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export function passwordIssues(password: string | undefined, confirm: string | undefined, loginId?: string | null): Issue[] {
  const p = password ?? '';
  if (p.length < PASSWORD_MIN) return [makeIssue('/password', 'member.password_too_short', { min: PASSWORD_MIN })];
  if (p.length > PASSWORD_MAX) return [makeIssue('/password', 'member.password_too_long', { max: PASSWORD_MAX })];
  if (loginId && p === loginId) return [makeIssue('/password', 'member.password_is_login_id')];
  if (confirm !== undefined && confirm !== p) return [makeIssue('/passwordConfirm', 'member.password_mismatch')];
  return [];
}
