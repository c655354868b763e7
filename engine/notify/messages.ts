// Codes of the notifier: delivery-log reasons and use-case errors.
import { registerMessages } from '../core/messages';

registerMessages({
  'notification.no_recipient': {
    status: 422,
    ja: '宛先（LINE連携・メールアドレス）がないため送信しませんでした。',
    en: 'Not sent: the resident has no LINE link and no email address.',
  },
  'notification.channel_not_configured': {
    status: 503,
    ja: '送信経路が設定されていないため保留中です（設定して再起動すると送信されます）。',
    en: 'Held: the channel is not configured (it is sent after the channel is configured and the server restarts).',
  },
  'notification.too_late': { status: 410, ja: '予約の開始時刻を過ぎたため送信しませんでした。', en: 'Not sent: the booking had already started.' },
  'notification.withdrawn_changed': { status: 409, ja: '予約が変更されたため取り下げました（新しい日時で送り直します）。', en: 'Withdrawn: the booking was changed (rescheduled for the new time).' },
  'notification.withdrawn_cancelled': { status: 409, ja: '予約が取り消されたため取り下げました。', en: 'Withdrawn: the booking was cancelled.' },
  'notification.render_failed': { status: 500, ja: '通知の文面を作成できませんでした。', en: 'The message could not be rendered.' },
  'notification.not_configured': {
    status: 409,
    ja: 'この予約のサービスには「{event}」の通知が設定されていません。',
    en: 'No "{event}" notification is configured for the service of this booking.',
  },
});
