// Japanese labels and help for the properties of block schemas, so the builder and
// its messages never show a property name (seatsField, minItems…). Each kind keeps
// its own in blocks/<kind>/labels.json, keyed by the property's place in a block
// with a star for array items (weekly, then star, then open), or by a bare property name for every
// place in that kind (`capacity`); the few properties every kind has are here.
// Browser-safe: the staff console reads the same tables.

export interface PropertyLabel {
  ja: string;
  en?: string;
  /** Help shown under the field (Japanese). */
  help?: string;
  helpEn?: string;
  /** An example value, shown in error messages (「例: 13:00」). */
  example?: string;
  /** Shown only when sibling properties have one of these values, e.g. { "type": ["checkboxes"] }. */
  when?: Record<string, unknown[]>;
  /** Japanese names of enum values. */
  enum?: Record<string, string>;
}

export type KindLabels = Record<string, PropertyLabel>;

export const COMMON_LABELS: KindLabels = {
  kind: { ja: 'ブロックの種類', en: 'Kind', help: 'このブロックが何を表すか（変更できません）' },
  id: { ja: 'ID（英小文字・数字・-）', en: 'Id', help: '他の設定から参照するための名前。半角英小文字・数字・ハイフンで書きます。', example: 'health-consultation' },
  version: { ja: '書式の版', en: 'Version', help: 'ブロックの書式の版。古い版は自動で新しい版に変換されます。', example: '1' },
  title: { ja: '名称', en: 'Title', help: '画面に表示する名前', example: '健康相談' },
  titleEn: { ja: '名称（英語）', en: 'Title (English)', help: '英語の画面に表示する名前（省略時は日本語の名称）', example: 'Health consultation' },
  description: { ja: '説明', en: 'Description', help: '利用者の画面に表示する説明文' },
  descriptionEn: { ja: '説明（英語）', en: 'Description (English)', help: '英語の画面に表示する説明文' },
  label: { ja: '項目名', en: 'Label', help: '画面に表示する見出し', example: 'ご相談の内容' },
  labelEn: { ja: '項目名（英語）', en: 'Label (English)', help: '英語の画面に表示する見出し' },
  help: { ja: '補足説明', en: 'Help', help: '入力欄の下に表示する説明' },
  helpEn: { ja: '補足説明（英語）', en: 'Help (English)', help: '英語の画面の補足説明' },
  note: { ja: 'メモ', en: 'Note', help: '職員向けのメモ（理由など）', example: '職員研修のため' },
  name: { ja: '名前', en: 'Name', help: '画面に表示する名前' },
  nameEn: { ja: '名前（英語）', en: 'Name (English)', help: '英語の画面に表示する名前' },
};

/** Names of values several kinds share (weekdays, staff roles, languages). */
export const COMMON_ENUM: Record<string, string> = {
  mon: '月曜日', tue: '火曜日', wed: '水曜日', thu: '木曜日', fri: '金曜日', sat: '土曜日', sun: '日曜日',
  'system-admin': 'システム管理者', 'facility-manager': '施設運営管理者', 'facility-staff': '施設担当者',
  ja: '日本語', en: '英語', true: 'はい', false: 'いいえ',
};

/** A pointer as a label key: numeric segments (array items) become a star. */
export function labelPattern(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? '*' : s.replace(/~1/g, '/').replace(/~0/g, '~')))
    .join('/');
}

/** The label of the property at a pointer inside a block (array items take their array's label). */
export function labelAt(labels: KindLabels | undefined, pointer: string): PropertyLabel | undefined {
  const segs = labelPattern(pointer).split('/');
  while (segs.length && segs[segs.length - 1] === '*') segs.pop();
  if (!segs.length || segs[0] === '') return undefined;
  const exact = labels?.[segs.join('/')];
  if (exact) return exact;
  const last = segs[segs.length - 1]!;
  return labels?.[last] ?? COMMON_LABELS[last];
}

/** The Japanese (or English) name of an enum value at a pointer. */
export function enumLabel(labels: KindLabels | undefined, pointer: string, value: unknown, lang: 'ja' | 'en' = 'ja'): string {
  const v = String(value);
  if (lang === 'en') return v;
  return labelAt(labels, pointer)?.enum?.[v] ?? COMMON_ENUM[v] ?? v;
}
