import { registerMessages } from '../../engine/core/messages';

registerMessages({
  'lottery.bad_window': { status: 422, ja: '申込期間の終わり（closes）は始まり（opens）より後にしてください。', en: 'The application window must close after it opens.' },
  'lottery.draw_before_close': { status: 422, ja: '抽選日時（drawAt）は申込期間の終わり以降にしてください。', en: 'drawAt must not be before the application window closes.' },
  'lottery.bad_slot_range': { status: 422, ja: '抽選対象の期間は from が to 以前になるようにしてください。', en: 'slots.from must not be after slots.to.' },
  'lottery.slots_before_draw': { status: 422, ja: '抽選対象の期間は抽選日時より後の日付にしてください。', en: 'The lottery slots must come after the draw.' },
  'lottery.overlap': { status: 422, ja: '抽選「{other}」と同じサービスの対象期間が重なっています。', en: 'The slots overlap those of lottery "{other}" of the same service.' },
  'lottery.wins_over_entries': { status: 422, ja: '1人あたりの当選数（maxWinsPerPerson）が申込数（maxEntriesPerPerson）を超えています。', en: 'maxWinsPerPerson exceeds maxEntriesPerPerson (an entry wins at most one place).' },
  'lottery.dates_or_cycle': { status: 422, ja: '固定の日程（slots・applicationWindow・drawAt）か毎月の周期（cycle）のどちらか一方を書いてください。', en: 'Give either fixed dates (slots, applicationWindow, drawAt) or a monthly cycle, not both.' },
  'lottery.duplicate_tier': { status: 422, ja: '優先順位のID "{id}" が重複しています。', en: 'Priority tier id "{id}" is used twice.' },
  // runtime
  'lottery.not_found': { status: 404, ja: '抽選「{lottery}」は見つかりません。', en: 'Lottery "{lottery}" was not found.' },
  'lottery.not_open': { status: 409, ja: '抽選の申込期間外です（{opens}〜{closes}）。', en: 'The lottery is not taking entries (window {opens} to {closes}).' },
  'lottery.too_many_choices': { status: 422, ja: '希望は{max}つまでです。', en: 'At most {max} choices.' },
  'lottery.no_choices': { status: 422, ja: '希望を1つ以上選んでください。', en: 'Give at least one choice.' },
  'lottery.duplicate_choice': { status: 422, ja: '同じ枠を2回希望しています。', en: 'The same slot is chosen twice.' },
  'lottery.slot_outside': { status: 422, ja: 'この枠は抽選の対象ではありません。', en: 'This slot is not part of the lottery.' },
  'lottery.too_many_entries': { status: 409, ja: 'この抽選への申込みは1人{max}件までです。', en: 'At most {max} entries per person in this lottery.' },
  'lottery.no_identity': { status: 422, ja: '抽選の申込みにはメールアドレスまたは電話番号が必要です。', en: 'A lottery entry needs an email address or a phone number.' },
  'lottery.entry_not_found': { status: 404, ja: '抽選申込が見つからないか、アクセスキーが違います。', en: 'The entry was not found or the access key is wrong.' },
  'lottery.withdrawal_closed': { status: 409, ja: '申込期間を過ぎたため、取り下げできません。', en: 'Entries can no longer be withdrawn: the window has closed.' },
  'lottery.withdrawal_offline': { status: 409, ja: 'この抽選はオンラインで取り下げできません。施設へご連絡ください。', en: 'This lottery does not allow online withdrawal. Please contact the facility.' },
  'lottery.entry_not_active': { status: 409, ja: 'この申込みは「{status}」のため、この操作はできません。', en: 'The entry is "{status}"; this cannot be done.' },
  'lottery.draw_too_early': { status: 409, ja: '申込期間（{closes}まで）が終わるまで抽選できません。', en: 'The draw cannot run before the window closes ({closes}).' },
  'lottery.not_drawn': { status: 409, ja: '抽選はまだ行われていません。', en: 'The lottery has not been drawn yet.' },
  'lottery.confirm_closed': { status: 409, ja: '当選確定の期限を過ぎました。', en: 'The deadline to confirm the win has passed.' },
  'lottery.slot_in_lottery': { status: 409, ja: 'この枠は抽選「{lottery}」の対象のため、抽選が終わるまで先着予約できません。抽選に申し込んでください。', en: 'This slot is drawn by lottery "{lottery}" and cannot be booked first-come until the draw. Please enter the lottery.' },
});
