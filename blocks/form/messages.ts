import { registerMessages } from '../../engine/core/messages';

registerMessages({
  'form.duplicate_field': { status: 422, ja: '項目ID "{field}" が重複しています。', en: 'Duplicate field id "{field}".' },
  'form.options_required': { status: 422, ja: '選択肢のある項目（{type}）には "options" が必要です。', en: 'Field type {type} needs "options".' },
  'form.options_unexpected': { status: 422, ja: '項目の種類 {type} には選択肢を設定できません。', en: 'Field type {type} takes no options.' },
  'form.duplicate_option': { status: 422, ja: '選択肢の値 "{value}" が重複しています。', en: 'Duplicate option value "{value}".' },
  'form.bad_range': { status: 422, ja: '最小値が最大値より大きくなっています。', en: 'The minimum is greater than the maximum.' },
  'answer.required': { status: 422, ja: '「{label}」を入力してください。', en: 'Please enter "{label}".' },
  'answer.choice': { status: 422, ja: '「{label}」は選択肢の中から選んでください。', en: 'Please choose "{label}" from the list.' },
  'answer.format': { status: 422, ja: '「{label}」の形式が正しくありません。{hint}', en: '"{label}" is not in the expected format. {hintEn}' },
  'answer.too_short': { status: 422, ja: '「{label}」は{limit}文字以上で入力してください。', en: '"{label}" must be at least {limit} characters.' },
  'answer.too_long': { status: 422, ja: '「{label}」は{limit}文字以内で入力してください。', en: '"{label}" must be at most {limit} characters.' },
  'answer.range': { status: 422, ja: '「{label}」は{min}から{max}までの数で入力してください。', en: '"{label}" must be a number from {min} to {max}.' },
  'answer.count': { status: 422, ja: '「{label}」は{min}個から{max}個まで選んでください。', en: 'Choose {min} to {max} item(s) for "{label}".' },
  'answer.consent': { status: 422, ja: '「{label}」を確認し、同意してください。', en: 'Please read and agree to "{label}".' },
  'answer.unknown_field': { status: 422, ja: '「{field}」という項目はこのフォームにありません。', en: 'The form has no field "{field}".' },
  'answer.not_object': { status: 422, ja: '回答の形式が正しくありません。', en: 'Answers must be an object.' },
});
