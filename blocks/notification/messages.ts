import { registerMessages } from '../../engine/core/messages';

registerMessages({
  'notification.unknown_variable': {
    status: 422,
    ja: 'テンプレート{line}行目の変数「{variable}」はこの通知では使えません。{hint}',
    en: 'Line {line} of the template uses "{variable}", which this notification does not offer. {hintEn}',
  },
  'notification.raw_not_safe': {
    status: 422,
    ja: 'テンプレート{line}行目の {{{{variable}}}} はHTMLをそのまま出力します。"safe" に指定した変数だけに使えます（通常は {{{variable}}} と書いてください）。',
    en: 'Line {line}: "{variable}" is output as raw HTML but is not listed in "safe" (write it with two braces).',
  },
  'notification.template_syntax': { status: 422, ja: 'テンプレートの書き方に誤りがあります: {reason}', en: 'Template syntax error: {reason}' },
  'notification.template_unsupported': {
    status: 422,
    ja: 'テンプレート{line}行目の「{construct}」は使えません（使えるのは {{変数}}、{{#if 変数}}…{{else}}…{{/if}}、{{#unless 変数}}…{{/unless}} です）。',
    en: 'Line {line}: "{construct}" is not supported in templates (use {{variable}}, {{#if variable}}, {{#unless variable}}).',
  },
  'notification.unsafe_variable': {
    status: 422,
    ja: '変数「{variable}」は利用者・職員が入力した値なので、HTMLとしてそのまま出力する設定（safe）にはできません。',
    en: '"{variable}" holds text typed by a resident or staff and cannot be marked safe.',
  },
  'notification.unknown_safe': { status: 422, ja: '"safe" の変数「{variable}」はどの通知にもありません。', en: '"safe" lists "{variable}", which no event offers.' },
  'notification.duplicate_message': { status: 422, ja: '通知ID "{id}" が重複しています。', en: 'Duplicate message id "{id}".' },
  'notification.webhook_missing': {
    status: 422,
    ja: 'channels に "webhook" がありますが、ブロックに "webhook"（送り先URL）がありません。',
    en: 'The channel "webhook" is used but the block has no "webhook" (target URL).',
  },
  'notification.foreign_secret': {
    status: 422,
    ja: '署名の鍵の環境変数「{name}」はこの自治体のものではありません。{expected} または {expected}__名前 の形の名前にしてください。',
    en: 'The signing secret variable "{name}" does not belong to this tenant. Use {expected} or {expected}__NAME.',
  },
  'notification.bad_offset': {
    status: 422,
    ja: 'リマインドには "before" を {"days": 日数, "at": "HH:MM"} か {"hours": 時間数} のどちらか一方で指定してください。',
    en: 'A reminder needs "before" as either {"days", "at"} or {"hours"}.',
  },
  'notification.offset_unexpected': { status: 422, ja: '"before" はリマインド（booking.reminder）にだけ指定できます。', en: '"before" is only for booking.reminder.' },
  'notification.every_days_required': {
    status: 422,
    ja: '利用者情報の更新のお願い（member.update_reminder）には "everyDays" が必要です。',
    en: 'member.update_reminder needs "everyDays".',
  },
  'notification.every_days_unexpected': { status: 422, ja: '"everyDays" は member.update_reminder にだけ指定できます。', en: '"everyDays" is only for member.update_reminder.' },
  'notification.member_event_scoped': {
    status: 422,
    ja: '会員向けの通知（{event}）はサービスに属さないため、"services" を指定したブロックには書けません。',
    en: 'Member event {event} does not belong to a service; put it in a block without "services".',
  },
});
