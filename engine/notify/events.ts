// The notification events and the variables each one offers to its templates.
// This catalog is what the notification block checks templates against, so a
// variable that is not listed here is a load error, never a blank in a message.
// Later issues add their events (lottery, approval) here.

export type ChannelName = 'email' | 'line' | 'webhook';
export const CHANNELS: readonly ChannelName[] = ['email', 'line', 'webhook'];
/** Channels that reach the resident (tried in the configured order); webhook goes to the municipality. */
export const RESIDENT_CHANNELS: readonly ChannelName[] = ['line', 'email'];

export type EventScope = 'booking' | 'member';

export interface VariableSpec {
  /** Written by the engine or the tenant's own configuration (may be marked safe); false = typed by a resident or staff. */
  trusted: boolean;
  /** Never stored in clear beyond delivery (the access key, a password-reset link). */
  secret?: boolean;
  ja: string;
}

export interface EventSpec {
  scope: EventScope;
  ja: string;
  en: string;
  variables: Record<string, VariableSpec>;
}

const t = (ja: string): VariableSpec => ({ trusted: true, ja });
const u = (ja: string): VariableSpec => ({ trusted: false, ja });

/** The variables every booking event offers; kinds spread them into their own events. */
export const bookingVars: Record<string, VariableSpec> = {
  'booking.receiptNo': t('受付番号'),
  'booking.serviceTitle': t('サービス名'),
  'booking.resourceTitle': t('場所（窓口・施設）'),
  'booking.date': t('利用日（例: 2026年12月3日（木））'),
  'booking.time': t('開始時刻（例: 10:00）'),
  'booking.endTime': t('終了時刻'),
  'booking.datetime': t('日時（例: 2026年12月3日（木）10:00〜10:30）'),
  'booking.start': t('開始日時（ISO 8601）'),
  'booking.end': t('終了日時（ISO 8601）'),
  'booking.seats': t('人数・枠数'),
  'booking.checkinUrl': t('来場受付用QRコードのページのURL（QRコードで受付するサービスのみ。ほかは空）'),
};

const previousVars: Record<string, VariableSpec> = {
  'previous.resourceTitle': t('変更前の場所'),
  'previous.date': t('変更前の利用日'),
  'previous.time': t('変更前の開始時刻'),
  'previous.endTime': t('変更前の終了時刻'),
  'previous.datetime': t('変更前の日時'),
};

const memberVars: Record<string, VariableSpec> = {
  'member.id': t('会員番号'),
  'member.name': u('氏名'),
  'member.loginId': u('ログインID'),
};

export const EVENTS = {
  'booking.confirmed': {
    scope: 'booking',
    ja: '予約確定（予約済み通知）',
    en: 'Booking confirmed',
    variables: { ...bookingVars, 'booking.accessKey': { trusted: true, secret: true, ja: 'アクセスキー（未登録者の予約のみ。登録者の予約では空）' } },
  },
  'booking.changed': { scope: 'booking', ja: '予約変更', en: 'Booking changed', variables: { ...bookingVars, ...previousVars } },
  'booking.cancelled': { scope: 'booking', ja: '予約取消通知', en: 'Booking cancelled', variables: bookingVars },
  'booking.reminder': { scope: 'booking', ja: '利用日のリマインド', en: 'Reminder before the booking', variables: bookingVars },
  'staff.message': {
    scope: 'booking',
    ja: '職員からのメッセージ',
    en: 'Message from staff',
    variables: { ...bookingVars, 'message.subject': u('職員が入力した件名'), 'message.body': u('職員が入力した本文') },
  },
  'member.registered': { scope: 'member', ja: '会員登録完了', en: 'Member registered', variables: memberVars },
  'member.password_reset': {
    scope: 'member',
    ja: 'パスワード再設定メール',
    en: 'Password reset',
    variables: { ...memberVars, 'reset.url': { trusted: true, secret: true, ja: '再設定用のURL' }, 'reset.expiresAt': t('URLの有効期限') },
  },
  'member.update_reminder': {
    scope: 'member',
    ja: '利用者情報の更新のお願い',
    en: 'Please review your member details',
    variables: { ...memberVars, 'member.updatedAt': t('最後に更新した日') },
  },
  'guest.verification': {
    scope: 'member',
    ja: '申込者チェック（未登録者の本人確認メール）',
    en: 'Applicant email check',
    variables: {
      'verify.url': { trusted: true, secret: true, ja: '申込を確定するURL' },
      'verify.expiresAt': t('URLの有効期限'),
      'service.title': t('サービス名'),
    },
  },
} satisfies Record<string, EventSpec>;

export type EventName = keyof typeof EVENTS;
export type BookingEventName = { [K in EventName]: (typeof EVENTS)[K]['scope'] extends 'booking' ? K : never }[EventName];
export type MemberEventName = Exclude<EventName, BookingEventName>;

export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function isEventName(s: string): s is EventName {
  return Object.prototype.hasOwnProperty.call(EVENTS, s);
}

const eventsOf = new WeakMap<object, Readonly<Record<string, EventSpec>>>();

/**
 * The engine's events and those the registered kinds contribute (README: Writing a block kind),
 * worked out once per behaviour: every booking asks.
 */
export function allEvents(behaviour: { events: Readonly<Record<string, EventSpec>> }): Readonly<Record<string, EventSpec>> {
  let all = eventsOf.get(behaviour);
  if (!all) eventsOf.set(behaviour, (all = Object.freeze({ ...EVENTS, ...behaviour.events })));
  return all;
}

export function allEventNames(behaviour: { events: Readonly<Record<string, EventSpec>> }): string[] {
  return Object.keys(allEvents(behaviour));
}

/** Facts from other blocks that widen the variable set: form fields and the site's municipality keys. */
export interface VariableContext {
  /** Fields present in every form the notification applies to (answers.<id>). */
  answerFields: readonly string[];
  /** Keys of the site block's municipality object (municipality.<key>). */
  municipalityKeys: readonly string[];
}

/** Every variable path a template of this event may use. */
export function variablesFor(spec: EventSpec, ctx: VariableContext): Map<string, VariableSpec> {
  const out = new Map<string, VariableSpec>([
    ['site.title', t('サイト名')],
    ['site.titleEn', t('サイト名（英語）')],
  ]);
  for (const k of ctx.municipalityKeys) out.set(`municipality.${k}`, t(`自治体情報 ${k}`));
  for (const [k, v] of Object.entries(spec.variables)) out.set(k, v);
  if (spec.scope === 'booking') for (const f of ctx.answerFields) out.set(`answers.${f}`, u(`回答 ${f}`));
  return out;
}

/** The secret variable paths of an event (their values are kept out of stored messages). */
export function secretVariables(spec: EventSpec): string[] {
  return Object.entries(spec.variables)
    .filter(([, v]) => v.secret)
    .map(([k]) => k);
}
