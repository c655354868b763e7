import { registerMessages } from '../core/messages';

registerMessages({
  'member.login_failed': { status: 401, ja: '{idLabel}またはパスワードが正しくありません。', en: 'The {idLabelEn} or password is incorrect.' },
  'member.login_id_failed': { status: 401, ja: '{idLabel}が正しくありません。', en: 'The {idLabelEn} is incorrect.' },
  'member.login_id_taken': { status: 409, ja: 'このログインIDはすでに使われています。別のIDを入力してください。', en: 'This login ID is already taken. Please choose another.' },
  'member.email_taken': { status: 409, ja: 'このメールアドレスはすでに登録されています。ログインするか、パスワードの再設定をしてください。', en: 'This email address is already registered. Log in or reset your password.' },
  'member.password_too_short': { status: 422, ja: '「パスワード」は{min}文字以上で入力してください。', en: 'The password must be at least {min} characters.' },
  'member.password_too_long': { status: 422, ja: '「パスワード」は{max}文字以内で入力してください。', en: 'The password must be at most {max} characters.' },
  'member.password_is_login_id': { status: 422, ja: '「パスワード」にログインIDと同じ文字列は使えません。', en: 'The password must differ from the login ID.' },
  'member.password_mismatch': { status: 422, ja: '「パスワード（確認用）」が「パスワード」と一致しません。同じものを入力してください。', en: 'The two passwords differ. Please type the same password twice.' },
  'member.registration_closed': { status: 403, ja: 'オンラインでの会員登録は受け付けていません。窓口へお問い合わせください。', en: 'Online registration is not available. Please contact the office.' },
  'member.kind_not_offered': { status: 422, ja: 'この会員の種類では登録できません。', en: 'This kind of member cannot register.' },
  'member.features_off': { status: 404, ja: 'この自治体では会員の機能を使っていません。', en: 'This municipality does not use member accounts.' },
  'member.login_required': { status: 401, ja: 'ログインしてください。', en: 'Please log in.' },
  'member.reset_invalid': { status: 404, ja: 'このパスワード再設定のURLは無効か、有効期限が切れています。もう一度再設定を申し込んでください。', en: 'This password reset link is invalid or has expired. Please request a new one.' },
  'booking.verification_invalid': { status: 404, ja: 'この確認用のURLは無効か、有効期限が切れています。もう一度申し込んでください。', en: 'This confirmation link is invalid or has expired. Please apply again.' },
  'booking.verification_unavailable': { status: 503, ja: 'メールによる本人確認を送信できません。お手数ですが窓口へお問い合わせください。', en: 'The confirmation email cannot be sent. Please contact the office.' },
  'booking.members_only': { status: 403, ja: 'この予約は会員登録した方のみ申し込めます。ログインしてください。', en: 'Only registered members can book. Please log in.' },
  'booking.guests_only': { status: 403, ja: 'この予約はログインせずに申し込んでください。', en: 'Please book without logging in.' },
});
