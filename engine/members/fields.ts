// The tenant's member items (its member-fields block, or defaults that follow the
// site modes) and how a member row maps to and from profile answers.
import { compileMemberFields, defaultMemberFields, type CompiledMemberFields, type MemberKind } from '../../blocks/member-fields/block';
import { nameSearchKey } from '../../blocks/form/normalize';
import { DEFAULT_MODES, type CompiledSite, type SiteModes } from '../../blocks/site/block';
import type { CompiledTenant } from '../config/tenant';
import type { MemberRow } from '../auth/member-session';

const defaults = new WeakMap<CompiledTenant, CompiledMemberFields>();

export function siteOf(tenant: CompiledTenant): CompiledSite | undefined {
  return tenant.list('site')[0];
}

export function modesOf(tenant: CompiledTenant): SiteModes {
  return siteOf(tenant)?.modes ?? DEFAULT_MODES;
}

export function memberFieldsOf(tenant: CompiledTenant): CompiledMemberFields {
  const block = tenant.list('member-fields')[0];
  if (block) return block;
  let d = defaults.get(tenant);
  if (!d) defaults.set(tenant, (d = compileMemberFields(defaultMemberFields(modesOf(tenant)))));
  return d;
}

const COLUMN_ITEMS = new Set(['name', 'kana', 'phone', 'email', 'loginId']);

/** Columns of the members table that are set from validated profile answers. */
export function columnsFromAnswers(answers: Record<string, unknown>, kept: Record<string, unknown>) {
  const str = (k: string) => (typeof answers[k] === 'string' ? (answers[k] as string) : null);
  const rest = Object.fromEntries(Object.entries(answers).filter(([k]) => !COLUMN_ITEMS.has(k)));
  return {
    name: str('name'),
    nameKana: str('kana'),
    nameKey: str('name') ? nameSearchKey(str('name')!) : null,
    phone: str('phone'),
    phoneKey: str('phone'),
    email: str('email')?.toLowerCase() ?? null,
    loginId: str('loginId'),
    profileJson: JSON.stringify({ ...kept, ...rest }),
  };
}

const COLUMN_FIELD: Record<string, string> = { nameKana: 'kana', phoneKey: 'phone' };

/** The columns a form that offers the `editable` items may set: items it does not offer keep their column values. */
export function editableColumns(cols: ReturnType<typeof columnsFromAnswers>, editable: ReadonlySet<string>): Partial<ReturnType<typeof columnsFromAnswers>> {
  return Object.fromEntries(Object.entries(cols).filter(([k]) => k === 'profileJson' || k === 'nameKey' || editable.has(COLUMN_FIELD[k] ?? k)));
}

/** A member as answers of the profile form (and display-only items such as 管理ID). */
export function answersOfMember(m: MemberRow): Record<string, unknown> {
  const profile = JSON.parse(m.profileJson) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...profile };
  if (m.name !== null) out.name = m.name;
  if (m.nameKana !== null) out.kana = m.nameKana;
  if (m.phone !== null) out.phone = m.phone;
  if (m.email !== null) out.email = m.email;
  if (m.loginId !== null) out.loginId = m.loginId;
  return out;
}

export function kindOf(m: MemberRow): MemberKind {
  return m.kind;
}
