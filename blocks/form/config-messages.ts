// Codes of loading a form block (the builder and the loader); the resident runtime never needs them.
import { registerMessages } from '../../engine/core/messages';

registerMessages({
  'form.duplicate_field': { status: 422, ja: '項目ID "{field}" が重複しています。', en: 'Duplicate field id "{field}".' },
  'form.options_required': { status: 422, ja: '選択肢のある項目（{type}）には "options" が必要です。', en: 'Field type {type} needs "options".' },
  'form.options_unexpected': { status: 422, ja: '項目の種類 {type} には選択肢を設定できません。', en: 'Field type {type} takes no options.' },
  'form.reserved_field_id': { status: 422, ja: '項目ID "{field}" は予約語のため使えません。別のIDにしてください。', en: 'Field id "{field}" is reserved; choose another id.' },
  'form.duplicate_option': { status: 422, ja: '選択肢の値 "{value}" が重複しています。', en: 'Duplicate option value "{value}".' },
  'form.bad_range': { status: 422, ja: '最小値が最大値より大きくなっています。', en: 'The minimum is greater than the maximum.' },
  'form.kana_on_text_only': { status: 422, ja: 'フリガナ欄（kana）は文字入力（text）の項目にだけ付けられます（この項目は {type}）。', en: '"kana" is only allowed on text fields (this one is {type}).' },
  'form.property_unexpected': { status: 422, ja: '"{property}" は項目の種類 {type} では使えません。', en: '"{property}" is not allowed on a {type} field.' },
  'form.page_unknown_field': { status: 422, ja: 'ページに指定された項目 "{field}" はフォームにありません。', en: 'Page lists field "{field}", which the form does not have.' },
  'form.page_duplicate_field': { status: 422, ja: '項目 "{field}" は{page}ページ目にも指定されています。', en: 'Field "{field}" is already on page {page}.' },
  'form.field_not_on_page': { status: 422, ja: '項目 "{field}" がどのページにも指定されていません。', en: 'Field "{field}" is on no page.' },
});
