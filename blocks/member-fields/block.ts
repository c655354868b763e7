// `member-fields`: what a member registers (seed 001 会員登録項目設定): the base
// items, each unused / required / optional / display-only with an alias, and
// custom items. Compiles, per member kind (個人 / 団体), into a form that the
// resident runtime renders and validates like any reservation form.
import { compileFields, type CompiledForm } from '../form/block';
import { isReservedFieldId, type FormField } from '../form/fields';
import { defineBlock, type RawBlock } from '../../engine/core/block';
import type { SiteBlock, SiteModes } from '../site/block';
import { DEFAULT_MODES } from '../site/block';
import { BASE_ITEMS, NOT_A_FIELD, baseField, baseLabel, customField, type BaseItem, type BaseItemName, type CustomItem, type MemberKind, type Use } from './fields';
import labels from './labels.json';
import schema from './schema.json';
import './messages';

export type { BaseItemName, MemberKind, Use } from './fields';

export interface MemberFieldsBlock extends RawBlock {
  kind: 'member-fields';
  title: string;
  titleEn?: string;
  kinds?: MemberKind[];
  base: Partial<Record<BaseItemName, BaseItem>>;
  birthdateEra?: 'japanese' | 'western';
  custom?: CustomItem[];
}

export interface CompiledMemberFields {
  id: string;
  kinds: readonly MemberKind[];
  use(item: BaseItemName): Use;
  label(item: BaseItemName, kind: MemberKind): { label: string; labelEn: string };
  /** What a resident fills in (required and optional items). Form id: member-<kind>. */
  form(kind: MemberKind): CompiledForm;
  /** What the profile page shows, display-only items included (管理ID among them when used). */
  shown(kind: MemberKind): readonly FormField[];
}

const LOGIN_ITEM: Record<SiteModes['loginId'], BaseItemName | undefined> = { 'login-id': 'loginId', email: 'email', 'member-id': undefined };

function siteModes(sites: readonly RawBlock[]): SiteModes {
  // The site block is read raw (it may be invalid itself): only a plain object of modes counts.
  const modes = (sites[0] as SiteBlock | undefined)?.modes;
  return { ...DEFAULT_MODES, ...(modes && typeof modes === 'object' && !Array.isArray(modes) ? modes : {}) };
}

/** The member items a tenant without a member-fields block gets: enough to register and log in. */
export function defaultMemberFields(modes: SiteModes): MemberFieldsBlock {
  return {
    kind: 'member-fields',
    id: 'default-member-fields',
    title: '会員登録項目',
    base: {
      name: { use: 'required' },
      kana: { use: 'optional' },
      phone: { use: 'required' },
      email: { use: modes.loginId === 'email' ? 'required' : 'optional' },
      password: { use: modes.passwordCheck ? 'required' : 'unused' },
      loginId: { use: modes.loginId === 'login-id' ? 'required' : 'unused' },
    },
  };
}

export function compileMemberFields(b: MemberFieldsBlock): CompiledMemberFields {
  const kinds = b.kinds ?? ['individual'];
  const use = (item: BaseItemName): Use => b.base[item]?.use ?? 'unused';
  const fieldsOf = (kind: MemberKind, withDisplay: boolean): FormField[] => {
    const out: FormField[] = [];
    for (const name of BASE_ITEMS) {
      const item = b.base[name];
      if (!item || (NOT_A_FIELD.includes(name) && !(withDisplay && name === 'adminId'))) continue;
      if (!withDisplay && item.use === 'display') continue;
      const f = baseField(name, item, kind, b.birthdateEra);
      if (f) out.push(f);
    }
    for (const c of b.custom ?? []) {
      if (c.use === 'unused' || (c.kinds && !c.kinds.includes(kind))) continue;
      if (!withDisplay && c.use === 'display') continue;
      out.push(customField(c));
    }
    return out;
  };
  const forms = new Map<MemberKind, CompiledForm>();
  const shown = new Map<MemberKind, FormField[]>();
  for (const kind of kinds) {
    const title = kind === 'group' ? '団体会員の登録' : '会員登録';
    forms.set(kind, compileFields({ id: `member-${kind}`, title, titleEn: kind === 'group' ? 'Group registration' : 'Registration', fields: fieldsOf(kind, false) }));
    shown.set(kind, fieldsOf(kind, true));
  }
  return {
    id: b.id,
    kinds,
    use,
    label: (item, kind) => baseLabel(item, b.base[item], kind),
    form: (kind) => forms.get(kind) ?? forms.get(kinds[0])!,
    shown: (kind) => shown.get(kind) ?? shown.get(kinds[0])!,
  };
}

export const memberFieldsBlock = defineBlock<MemberFieldsBlock, CompiledMemberFields>({
  kind: 'member-fields',
  version: 1,
  schema,
  labels,
  cardinality: 'many',
  migrations: [],
  title: { ja: '会員登録項目', en: 'Member fields' },
  check(b, ctx) {
    const others = ctx.all('member-fields').filter((o) => o.id !== b.id);
    if (others.length && others[0].id < b.id) ctx.issue('/id', 'member_fields.only_one', { other: others[0].id });
    const modes = siteModes(ctx.all('site'));
    const use = (item: BaseItemName) => b.base[item]?.use ?? 'unused';
    const loginItem = LOGIN_ITEM[modes.loginId];
    if (loginItem && use(loginItem) !== 'required') ctx.issue(`/base/${loginItem}`, 'member_fields.needed_by_login', { mode: modes.loginId, item: loginItem });
    if (modes.passwordCheck && use('password') !== 'required') ctx.issue('/base/password', 'member_fields.password_needed');
    if (use('name') !== 'required') ctx.issue('/base/name', 'member_fields.name_needed');
    for (const item of ['password', 'loginId', 'email'] as const) {
      if (use(item) === 'display') ctx.issue(`/base/${item}/use`, 'member_fields.not_displayable', { item });
    }
    const kinds = b.kinds ?? ['individual'];
    const ids = new Set<string>(BASE_ITEMS);
    b.custom?.forEach((c, i) => {
      const at = `/custom/${i}`;
      if (ids.has(c.id)) ctx.issue(`${at}/id`, 'member_fields.custom_clash', { field: c.id });
      if (isReservedFieldId(c.id)) ctx.issue(`${at}/id`, 'form.reserved_field_id', { field: c.id });
      ids.add(c.id);
      const choice = c.format === 'single' || c.format === 'multiple';
      if (choice && !c.options) ctx.issue(`${at}/options`, 'member_fields.options_required', { format: c.format });
      if (!choice && c.options) ctx.issue(`${at}/options`, 'member_fields.options_unexpected', { format: c.format });
      if (c.charType && c.format !== 'text' && c.format !== 'textarea') ctx.issue(`${at}/charType`, 'member_fields.char_type_unexpected');
      c.kinds?.forEach((k, j) => {
        if (!kinds.includes(k)) ctx.issue(`${at}/kinds/${j}`, 'member_fields.kind_not_offered', { kind: k });
      });
    });
  },
  compile: (b) => compileMemberFields(b),
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    'member-fields': CompiledMemberFields;
  }
}
