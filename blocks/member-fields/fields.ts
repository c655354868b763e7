// The base items of seed 001 会員登録項目設定 and how each becomes a form field.
// The same form runtime and validator then serve registration and profile pages.
import type { FormField } from '../form/fields';

export type MemberKind = 'individual' | 'group';
export type Use = 'unused' | 'required' | 'optional' | 'display';

export interface BaseItem {
  use: Use;
  alias?: string;
  aliasEn?: string;
  groupAlias?: string;
  groupAliasEn?: string;
  help?: string;
  helpEn?: string;
}

export interface CustomItem {
  id: string;
  heading: string;
  headingEn?: string;
  help?: string;
  helpEn?: string;
  use: Use;
  format: 'single' | 'multiple' | 'text' | 'textarea' | 'date';
  charType?: FormField['charType'];
  maxLength?: number;
  options?: { value: string; label: string; labelEn?: string }[];
  kinds?: MemberKind[];
}

export const BASE_ITEMS = [
  'name', 'kana', 'gender', 'birthdate', 'postalCode', 'address', 'phone', 'phone2', 'fax',
  'email', 'password', 'newsletter', 'loginId', 'adminId', 'representative',
] as const;
export type BaseItemName = (typeof BASE_ITEMS)[number];

/** Items that are not answers of the profile form: the password is set apart, 管理ID only by staff. */
export const NOT_A_FIELD: readonly BaseItemName[] = ['password', 'adminId'];

type Template = Omit<FormField, 'id' | 'label' | 'labelEn' | 'required'> & { label: string; labelEn: string; groupLabel?: string; groupLabelEn?: string };

const BASE: Record<BaseItemName, Template> = {
  name: { type: 'text', label: '氏名', labelEn: 'Name', groupLabel: '団体名', groupLabelEn: 'Group name', maxLength: 100, pii: true },
  kana: { type: 'furigana', label: 'フリガナ', labelEn: 'Name in kana', groupLabel: '団体名フリガナ', groupLabelEn: 'Group name in kana', pii: true },
  gender: {
    type: 'radio', label: '性別', labelEn: 'Gender', pii: true,
    options: [{ value: 'female', label: '女性', labelEn: 'Female' }, { value: 'male', label: '男性', labelEn: 'Male' }, { value: 'unspecified', label: '回答しない', labelEn: 'Prefer not to say' }],
  },
  birthdate: { type: 'birthdate', label: '生年月日', labelEn: 'Date of birth', pii: true },
  postalCode: { type: 'postal-code', label: '郵便番号', labelEn: 'Postal code', pii: true },
  address: { type: 'text', label: '住所', labelEn: 'Address', maxLength: 200, pii: true },
  phone: { type: 'phone', label: '電話番号', labelEn: 'Phone', pii: true },
  phone2: { type: 'phone', label: '電話番号（確認先）', labelEn: 'Phone (alternative contact)', pii: true },
  fax: { type: 'phone', label: 'FAX番号', labelEn: 'Fax', pii: true },
  email: { type: 'email', label: 'メールアドレス', labelEn: 'Email', pii: true },
  password: { type: 'text', label: 'パスワード', labelEn: 'Password' },
  newsletter: {
    type: 'radio', label: 'お知らせメール', labelEn: 'News by email',
    options: [{ value: 'yes', label: '受け取る', labelEn: 'Yes' }, { value: 'no', label: '受け取らない', labelEn: 'No' }],
  },
  loginId: { type: 'text', label: 'ログインID', labelEn: 'Login ID', charType: 'alphanumeric', minLength: 4, maxLength: 64, help: '半角英数字4文字以上', helpEn: 'At least 4 letters or digits' },
  adminId: { type: 'text', label: '管理ID', labelEn: 'Admin ID' },
  representative: { type: 'text', label: '代表者氏名', labelEn: 'Representative', maxLength: 100, pii: true },
};

export function baseLabel(name: BaseItemName, item: BaseItem | undefined, kind: MemberKind): { label: string; labelEn: string } {
  const t = BASE[name];
  if (kind === 'group' && (item?.groupAlias || t.groupLabel)) {
    return { label: item?.groupAlias ?? t.groupLabel!, labelEn: item?.groupAliasEn ?? item?.groupAlias ?? t.groupLabelEn! };
  }
  return { label: item?.alias ?? t.label, labelEn: item?.aliasEn ?? item?.alias ?? t.labelEn };
}

/** One base item as a form field of the given member kind (undefined when the kind does not use it). */
export function baseField(name: BaseItemName, item: BaseItem, kind: MemberKind, era?: 'japanese' | 'western'): FormField | undefined {
  if (item.use === 'unused' || (name === 'representative' && kind !== 'group')) return undefined;
  const { groupLabel: _g, groupLabelEn: _ge, ...t } = BASE[name];
  const f: FormField = { ...t, id: name, ...baseLabel(name, item, kind), required: item.use === 'required' };
  if (item.help) f.help = item.help;
  if (item.helpEn) f.helpEn = item.helpEn;
  if (name === 'birthdate' && era) f.era = era;
  return f;
}

export function customField(c: CustomItem): FormField {
  const common = { id: c.id, label: c.heading, labelEn: c.headingEn ?? c.heading, required: c.use === 'required', ...(c.help ? { help: c.help } : {}), ...(c.helpEn ? { helpEn: c.helpEn } : {}) };
  switch (c.format) {
    case 'single':
      return { ...common, type: 'radio', options: c.options ?? [] };
    case 'multiple':
      return { ...common, type: 'checkboxes', options: c.options ?? [] };
    case 'date':
      return { ...common, type: 'date' };
    case 'text':
    case 'textarea':
      return { ...common, type: c.format, ...(c.charType ? { charType: c.charType } : {}), ...(c.maxLength ? { maxLength: c.maxLength } : {}) };
  }
}
