import { registerMessages } from '../../engine/core/messages';

registerMessages({
  'member_fields.only_one': { status: 422, ja: '会員登録項目（member-fields）ブロックは1つだけにしてください（"{other}" もあります）。', en: 'Only one member-fields block is allowed (also "{other}").' },
  'member_fields.needed_by_login': { status: 422, ja: 'サイトのログインIDが「{mode}」なので、「{item}」は必須にしてください。', en: 'The site logs in by "{mode}", so "{item}" must be required.' },
  'member_fields.password_needed': { status: 422, ja: 'サイトでパスワードチェックを「する」にしているので、「パスワード」は必須にしてください。', en: 'The site checks passwords at login, so "password" must be required.' },
  'member_fields.not_displayable': { status: 422, ja: '「{item}」は「表示のみ」にできません。', en: '"{item}" cannot be display-only.' },
  'member_fields.custom_clash': { status: 422, ja: '追加項目のID "{field}" は基本項目または他の追加項目と重複しています。', en: 'Custom item id "{field}" clashes with a base item or another custom item.' },
  'member_fields.options_required': { status: 422, ja: '形式が「{format}」の追加項目には選択肢（options）が必要です。', en: 'A custom item of format {format} needs "options".' },
  'member_fields.options_unexpected': { status: 422, ja: '形式が「{format}」の追加項目には選択肢を設定できません。', en: 'A custom item of format {format} takes no options.' },
  'member_fields.char_type_unexpected': { status: 422, ja: '入力文字（charType）は形式が文字（text／textarea）の項目にだけ設定できます。', en: '"charType" applies to text and textarea items only.' },
  'member_fields.kind_not_offered': { status: 422, ja: '会員の種類 "{kind}" はこのブロックの kinds にありません。', en: 'Member kind "{kind}" is not in this block\'s kinds.' },
  'member_fields.name_needed': { status: 422, ja: '「氏名」は「必須」にしてください（申し込み一覧や職員の検索に使います）。', en: '"name" must be required (used in lists and staff search).' },
});
