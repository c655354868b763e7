import { registerMessages } from '../core/messages';

registerMessages({
  'booking.slot_full': { status: 409, ja: 'この時間枠は満員です。別の時間枠を選んでください。', en: 'This time slot is full. Please choose another one.' },
  'booking.no_such_slot': { status: 422, ja: '指定された日時に予約できる時間枠がありません。', en: 'There is no bookable slot at the given time.' },
  'booking.unknown_resource': { status: 422, ja: '場所「{resource}」はこのサービスにありません。', en: 'Resource "{resource}" is not part of this service.' },
  'booking.not_open': { status: 409, ja: 'この日時の予約受付はまだ始まっていません。', en: 'Bookings for this time are not open yet.' },
  'booking.closed': { status: 409, ja: 'この日時の予約受付は終了しました。', en: 'Bookings for this time are closed.' },
  'booking.quota_exceeded': { status: 409, ja: '予約できる件数の上限（{quota}）に達しています。', en: 'The booking limit "{quota}" has been reached.' },
  'booking.party_too_large': { status: 422, ja: '1件で予約できる人数は{max}人までです。', en: 'At most {max} people per booking.' },
  'booking.anonymous_not_allowed': { status: 403, ja: 'このサービスは会員登録した方のみ予約できます。', en: 'This service is for registered members only.' },
  'booking.members_not_allowed': { status: 403, ja: 'このサービスは会員としては予約できません。', en: 'This service does not take member bookings.' },
  'booking.change_closed': { status: 409, ja: '変更の受付期限を過ぎています。お手数ですが窓口へお問い合わせください。', en: 'The change deadline has passed. Please contact the office.' },
  'booking.cancel_closed': { status: 409, ja: '取消の受付期限を過ぎています。お手数ですが窓口へお問い合わせください。', en: 'The cancellation deadline has passed. Please contact the office.' },
  'booking.already_cancelled': { status: 409, ja: 'この予約はすでに取り消されています。', en: 'This booking has already been cancelled.' },
  'booking.not_active': { status: 409, ja: 'この予約は「{status}」のため、この操作はできません。', en: 'This booking is "{statusEn}"; this action is not possible.' },
  'booking.invalid_transition': { status: 409, ja: '「{from}」の予約を「{to}」にすることはできません。', en: 'A booking that is "{fromEn}" cannot become "{toEn}".' },
  'booking.counter_mismatch': { status: 500, ja: '予約枠の集計に不整合があります。', en: 'Slot counters are inconsistent.' },
  'reservation.not_found': { status: 404, ja: '受付番号またはアクセスキーが正しくありません。', en: 'The receipt number or access key is incorrect.' },
  'idempotency.key_reused': { status: 422, ja: '同じ Idempotency-Key で別の内容が送信されました。', en: 'The Idempotency-Key was already used with a different request.' },
  'idempotency.bad_key': { status: 400, ja: 'Idempotency-Key は1〜200文字の英数字記号で指定してください。', en: 'Idempotency-Key must be 1-200 visible ASCII characters.' },
  'availability.not_public': { status: 403, ja: 'この施設の空き状況は公開されていません。窓口へお問い合わせください。', en: 'Availability of this facility is not public.' },
  'availability.range_too_long': { status: 422, ja: '一度に表示できるのは{max}日までです。', en: 'At most {max} days at a time.' },
});
