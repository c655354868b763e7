// `record`: a record type (e.g. one My Number card per record) with fields defined like
// form fields, a key field, searchable and personal-data fields. Records are stored in
// `records` and move through the states of the `workflow` block that names the type;
// every move is a `record_history` row (see store.ts). The staff API is routes.ts.
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { registerMessages } from '../../engine/core/messages';
import type { Role } from '../../engine/staff/roles';
import { recordRoutes } from './routes';
import schema from './schema.json';

export type RecordFieldType = 'text' | 'kana' | 'date' | 'postal' | 'address' | 'select' | 'number' | 'phone';

export interface RecordField {
  id: string;
  type: RecordFieldType;
  label: string;
  labelEn?: string;
  required?: boolean;
  searchable?: boolean;
  personal?: boolean;
  options?: { value: string; label: string; labelEn?: string }[];
}

export interface RecordBlock extends RawBlock {
  kind: 'record';
  title: string;
  titleEn?: string;
  key: string;
  fields: RecordField[];
  personalRoles?: Role[];
  linkCode?: boolean;
}

export interface CompiledRecord {
  id: string;
  title: string;
  titleEn?: string;
  key: string;
  fields: RecordField[];
  searchable: string[];
  personal: string[];
  personalRoles: Role[];
  linkCode: boolean;
}

export const DEFAULT_PERSONAL_ROLES: Role[] = ['system-admin', 'facility-manager'];

registerMessages({
  'record.duplicate_field': { status: 422, ja: '項目 "{field}" が重複しています。', en: 'Field "{field}" appears twice.' },
  'record.unknown_key': { status: 422, ja: 'キー項目 "{field}" が項目にありません。', en: 'Key field "{field}" is not one of the fields.' },
  'record.select_without_options': { status: 422, ja: '選択項目には選択肢が必要です。', en: 'A select field needs options.' },
  'record.type_not_found': { status: 404, ja: '記録の種類 "{type}" はありません。', en: 'There is no record type "{type}".' },
  'record.no_workflow': { status: 404, ja: '記録の種類 "{type}" には進捗（ワークフロー）がありません。', en: 'Record type "{type}" has no workflow.' },
  'record.not_found': { status: 404, ja: '記録が見つかりません。', en: 'Record not found.' },
  'record.bad_transition': { status: 409, ja: '「{from}」から「{to}」へは進められません。', en: 'Cannot move from "{fromEn}" to "{toEn}".' },
  'record.guard_failed': { status: 409, ja: '「{label}」の条件を満たしていません。', en: 'The condition of "{labelEn}" is not met.' },
  'record.input_required': { status: 422, ja: '「{label}」を入力してください。', en: 'Enter "{labelEn}".' },
  'record.input_invalid': { status: 422, ja: '「{label}」の値が選択肢にありません。', en: '"{labelEn}" is not one of the options.' },
  'record.bad_selection': { status: 422, ja: '対象の記録を1件以上選んでください（{max}件まで）。', en: 'Select between 1 and {max} records.' },
  'record.entry_not_found': { status: 404, ja: '履歴が見つかりません。', en: 'History entry not found.' },
  'record.already_undone': { status: 409, ja: 'この履歴はすでに取り消されています。', en: 'This entry has already been undone.' },
  'record.not_undoable': { status: 409, ja: 'この履歴は取り消せません（{reason}）。', en: 'This entry cannot be undone ({reasonEn}).' },
  'record.bad_body': { status: 422, ja: 'CSV（csv または csvBase64）を送ってください。', en: 'Send the CSV as csv or csvBase64.' },
  'record.import_duplicate_column': { status: 422, ja: '列「{column}」が2回あります。', en: 'Column "{column}" appears twice.' },
  'record.import_unknown_column': { status: 422, ja: '列「{column}」に当たる項目がありません。', en: 'Column "{column}" matches no field.' },
  'record.import_missing_key': { status: 422, ja: 'キー項目「{column}」の列がありません。', en: 'The key column "{column}" is missing.' },
  'record.import_required': { status: 422, ja: '必須項目です。', en: 'Required.' },
  'record.import_bad_date': { status: 422, ja: '日付は YYYY-MM-DD（または YYYY/M/D）で入力してください。', en: 'Dates are YYYY-MM-DD (or YYYY/M/D).' },
  'record.import_bad_postal': { status: 422, ja: '郵便番号は7桁（123-4567）で入力してください。', en: 'Postal codes have 7 digits (123-4567).' },
  'record.import_bad_number': { status: 422, ja: '数値を入力してください。', en: 'Enter a number.' },
  'record.import_bad_kana': { status: 422, ja: 'カタカナで入力してください。', en: 'Use katakana.' },
  'record.import_bad_option': { status: 422, ja: '選択肢にない値です: {value}', en: 'Not one of the options: {value}' },
  'record.import_duplicate_key': { status: 422, ja: 'キー「{value}」が重複しています（{where}）。', en: 'Key "{value}" is a duplicate ({whereEn}).' },
  'record.import_empty': { status: 422, ja: 'CSVに見出し行がありません。', en: 'The CSV has no header row.' },
  'record.import_bad_row': { status: 422, ja: '列の数が見出し行と違います。', en: 'The row has a different number of columns than the header.' },
});

export const recordBlock = defineBlock<RecordBlock, CompiledRecord>({
  kind: 'record',
  version: 1,
  schema,
  cardinality: 'many',
  migrations: [],
  title: { ja: '記録の種類', en: 'Record type' },
  check(b, ctx) {
    const seen = new Set<string>();
    b.fields.forEach((f, i) => {
      if (seen.has(f.id)) ctx.issue(`/fields/${i}/id`, 'record.duplicate_field', { field: f.id });
      seen.add(f.id);
      if (f.type === 'select' && !f.options?.length) ctx.issue(`/fields/${i}/options`, 'record.select_without_options');
    });
    if (!seen.has(b.key)) ctx.issue('/key', 'record.unknown_key', { field: b.key });
  },
  compile: (b) => ({
    id: b.id,
    title: b.title,
    ...(b.titleEn ? { titleEn: b.titleEn } : {}),
    key: b.key,
    fields: b.fields,
    searchable: b.fields.filter((f) => f.searchable || f.id === b.key).map((f) => f.id),
    personal: b.fields.filter((f) => f.personal).map((f) => f.id),
    personalRoles: b.personalRoles ?? DEFAULT_PERSONAL_ROLES,
    linkCode: b.linkCode ?? false,
  }),
  behaviour: { routes: recordRoutes },
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    record: CompiledRecord;
  }
}
