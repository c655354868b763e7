import { registerMessages } from '../../engine/core/messages';

registerMessages({
  'answer.required': { status: 422, ja: '「{label}」を入力してください。', en: 'Please enter "{labelEn}".' },
  'answer.required_choice': { status: 422, ja: '「{label}」を選んでください。', en: 'Please choose "{labelEn}".' },
  'answer.choice': { status: 422, ja: '「{label}」は選択肢の中から選んでください。', en: 'Please choose "{labelEn}" from the list.' },
  'answer.format': { status: 422, ja: '「{label}」の形式が正しくありません。{hint}', en: '"{labelEn}" is not in the expected format. {hintEn}' },
  'answer.future_date': { status: 422, ja: '「{label}」に今日より後の日付は入力できません。', en: '"{labelEn}" cannot be a date after today.' },
  'answer.too_short': { status: 422, ja: '「{label}」は{limit}文字以上で入力してください。', en: '"{labelEn}" must be at least {limit} characters.' },
  'answer.too_long': { status: 422, ja: '「{label}」は{limit}文字以内で入力してください。', en: '"{labelEn}" must be at most {limit} characters.' },
  'answer.range': { status: 422, ja: '「{label}」は{min}から{max}までの数で入力してください。', en: '"{labelEn}" must be a number from {min} to {max}.' },
  'answer.count': { status: 422, ja: '「{label}」は{min}個から{max}個まで選んでください。', en: 'Choose {min} to {max} item(s) for "{labelEn}".' },
  'answer.consent': { status: 422, ja: '「{label}」を確認し、同意してください。', en: 'Please read and agree to "{labelEn}".' },
  'answer.chars': { status: 422, ja: '「{label}」は{chars}で入力してください。', en: 'Use {charsEn} only for "{labelEn}".' },
  'answer.unknown_field': { status: 422, ja: '「{field}」という項目はこのフォームにありません。', en: 'The form has no field "{field}".' },
  'answer.not_object': { status: 422, ja: '回答の形式が正しくありません。', en: 'Answers must be an object.' },
});
