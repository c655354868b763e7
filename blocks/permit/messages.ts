import { registerMessages } from '../../engine/core/messages';

registerMessages({
  // load
  'permit.unknown_resource': { status: 422, ja: '場所「{resource}」はサービス「{service}」にありません。', en: 'Resource "{resource}" is not part of service "{service}".' },
  'permit.validity_one': { status: 422, ja: '有効期間は until（年度末）か months（か月数）のどちらか一方を書いてください。', en: 'Give the validity as either until (fiscal-year-end) or months, not both or neither.' },
  'permit.bad_times': { status: 422, ja: '時間帯の終了時刻（to）は開始時刻（from）より後にしてください。', en: 'times.to must be after times.from.' },
  'permit.members_not_allowed': {
    status: 422,
    ja: 'サービス「{service}」は会員の予約を受け付けないため、登録を受けた人も予約できません。サービスの access.members を true にしてください。',
    en: 'Service "{service}" takes no member bookings, so no permit holder could book it. Set its access.members to true.',
  },
  'permit.holder_kind_not_offered': {
    status: 422,
    ja: '会員の種類「{holder}」は会員登録の設定（member-fields）で受け付けていません。',
    en: 'Member kind "{holder}" is not offered by the member-fields block.',
  },
  // runtime
  'booking.permit_required': {
    status: 403,
    ja: 'この予約には施設利用登録「{permit}」が必要です（利用日 {dayJa} に有効なもの）。{howJa}',
    en: 'This booking needs the facility-use permit "{permitEn}" valid on {dayEn}. {howEn}',
  },
  'permit.not_found': { status: 404, ja: '施設利用登録「{permit}」は見つかりません。', en: 'Facility-use permit "{permit}" was not found.' },
  'permit.grant_not_found': { status: 404, ja: '登録番号 {permitNo} の施設利用登録は見つかりません。', en: 'No facility-use permit {permitNo}.' },
  'permit.login_required': { status: 401, ja: '施設利用登録の申請にはログインが必要です。', en: 'Please log in to apply for a facility-use permit.' },
  'permit.holder_not_allowed': {
    status: 403,
    ja: '施設利用登録「{permit}」は{holders}の会員だけが申請できます。',
    en: 'Only {holdersEn} members can apply for the facility-use permit "{permitEn}".',
  },
  'permit.already_applied': { status: 409, ja: '施設利用登録「{permit}」はすでに申請中です（登録番号 {permitNo}）。審査の結果をお待ちください。', en: 'You have already applied for "{permitEn}" ({permitNo}); please wait for the decision.' },
  'permit.already_held': {
    status: 409,
    ja: '施設利用登録「{permit}」は {untilJa} まで有効です。更新の申請は {renewFromJa} からできます。',
    en: 'Your permit "{permitEn}" is valid until {untilEn}. You can apply to renew it from {renewFromEn}.',
  },
  'permit.nothing_to_decide': { status: 409, ja: '登録番号 {permitNo} は「{status}」のため、この操作はできません。', en: 'Permit {permitNo} is "{statusEn}"; this cannot be done.' },
  'permit.reason_required': { status: 422, ja: '理由を入力してください（申請者にお知らせします）。', en: 'Please give a reason (the applicant is told).' },
  'permit.card_not_in_force': { status: 409, ja: '登録番号 {permitNo} は「{status}」のため、施設利用登録証は印刷できません（有効な登録だけ印刷できます）。', en: 'Permit {permitNo} is "{statusEn}": only a permit in force can be printed.' },
  'permit.out_of_scope': { status: 404, ja: '登録番号 {permitNo} の施設利用登録は見つかりません。', en: 'No facility-use permit {permitNo}.' },
  'permit.member_inactive': { status: 409, ja: 'この会員は利用停止または登録抹消されているため、施設利用登録できません。', en: 'This member is suspended or deleted and cannot hold a permit.' },
});
