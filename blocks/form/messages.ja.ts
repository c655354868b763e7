// Messages of answer checks, Japanese. One language per file, the same export in each:
// the resident bundle of a language carries only its own file (engine/build.ts).
export const ANSWER_MESSAGES = {
  'answer.required': '「{label}」を入力してください。',
  'answer.required_choice': '「{label}」を選んでください。',
  'answer.choice': '「{label}」は選択肢の中から選んでください。',
  'answer.format': '「{label}」の形式が正しくありません。{hint}',
  'answer.future_date': '「{label}」に今日より後の日付は入力できません。',
  'answer.too_short': '「{label}」は{limit}文字以上で入力してください。',
  'answer.too_long': '「{label}」は{limit}文字以内で入力してください。',
  'answer.range': '「{label}」は{min}から{max}までの数で入力してください。',
  'answer.count': '「{label}」は{min}個から{max}個まで選んでください。',
  'answer.consent': '「{label}」を確認し、同意してください。',
  'answer.chars': '「{label}」は{chars}で入力してください。',
  'answer.unknown_field': '「{field}」という項目はこのフォームにありません。',
  'answer.not_object': '回答の形式が正しくありません。',
} as const;
