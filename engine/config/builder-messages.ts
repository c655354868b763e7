import { registerMessages } from '../core/messages';

registerMessages({
  'config.impact_unconfirmed': {
    status: 409,
    ja: 'この変更は既存の予約{count}件に影響します。内容を確認のうえ、確認して公開してください。',
    en: 'This change affects {count} existing booking(s). Review them and confirm to publish.',
  },
  'config.no_draft': { status: 404, ja: '下書きがありません。', en: 'There is no draft.' },
  'config.version_not_found': { status: 404, ja: '版「{version}」は見つかりません。', en: 'Version "{version}" was not found.' },
  'config.not_array': { status: 422, ja: '"blocks" はブロックの配列で指定してください。', en: '"blocks" must be an array of blocks.' },
});
