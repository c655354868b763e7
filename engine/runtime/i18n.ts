// UI text of resident pages and islands, Japanese first. Server pages and the
// browser runtime share it, so a label reads the same before and after hydration.
export type Lang = 'ja' | 'en';

const TEXT = {
  required: ['必須', 'Required'],
  optional: ['任意', 'Optional'],
  requiredWhen: ['該当する場合は必須', 'Required when it applies'],
  next: ['次へ', 'Next'],
  back: ['戻る', 'Back'],
  toConfirm: ['確認画面へ', 'Review'],
  apply: ['申込', 'Submit'],
  change: ['変更', 'Change'],
  register: ['登録', 'Register'],
  save: ['保存', 'Save'],
  edit: ['修正する', 'Edit'],
  stepInput: ['入力', 'Enter'],
  stepConfirm: ['確認', 'Review'],
  stepDone: ['完了', 'Done'],
  stepsLabel: ['手続きの段階', 'Progress'],
  currentStep: ['（現在の段階）', ' (current step)'],
  errorSummary: ['入力内容に{n}件の誤りがあります。次の項目を修正してください。', 'There are {n} problem(s) with your answers. Please fix:'],
  errorPrefix: ['エラー: ', 'Error: '],
  question: ['質問 {i} / {n}', 'Question {i} of {n}'],
  summary: ['入力内容の確認', 'Check your answers'],
  summaryNote: ['内容を確認のうえ「申込」を押してください。修正する場合は各項目の「修正する」を押してください。', 'Check your answers, then press "Submit". Use "Edit" to change an answer.'],
  notAnswered: ['（未入力）', '(not answered)'],
  agree: ['同意する', 'I agree'],
  agreed: ['同意する', 'Agreed'],
  western: ['西暦', 'Gregorian'],
  year: ['年', 'Year'],
  month: ['月', 'Month'],
  day: ['日', 'Day'],
  choose: ['選択してください', 'Please choose'],
  password: ['パスワード', 'Password'],
  passwordConfirm: ['パスワード（確認用）', 'Password (again)'],
  passwordHelp: ['8文字以上で入力してください。', 'At least 8 characters.'],
  chatMode: ['一問ずつ答える（対話形式）', 'Answer one question at a time'],
  classicMode: ['まとめて入力する', 'Fill in all at once'],
  birthEra: ['暦', 'Calendar'],
  locate: ['現在地を使う', 'Use my current location'],
  locating: ['現在地を確認しています…', 'Finding your location…'],
  locateFailed: ['現在地がわかりませんでした。住所だけでお申し込みいただけます。', 'Your location could not be found. The address alone is enough.'],
  locatedAt: ['位置:', 'Location:'],
  locateClear: ['位置を消す', 'Remove the location'],
} as const satisfies Record<string, readonly [string, string]>;

export type TextKey = keyof typeof TEXT;

export function t(lang: Lang, key: TextKey, params: Record<string, string | number> = {}): string {
  const s: string = TEXT[key][lang === 'en' ? 1 : 0];
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The label of something configured with an optional English text. */
export function pick(lang: Lang, ja: string, en: string | undefined): string {
  return lang === 'en' && en ? en : ja;
}
