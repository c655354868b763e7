// Issue codes of the calendar block (Japanese first).
import { registerMessages } from '../../engine/core/messages';

registerMessages({
  'calendar.duplicate_resource': { status: 422, ja: 'リソースID "{id}" が重複しています。', en: 'Duplicate resource id "{id}".' },
  'calendar.unknown_resource': { status: 422, ja: 'リソース "{id}" はこのカレンダーにありません。', en: 'Resource "{id}" is not in this calendar.' },
  'calendar.nested_composite': { status: 422, ja: '複合リソースの構成要素 "{id}" も複合リソースです（単位リソースを指定してください）。', en: 'Composite part "{id}" is itself composite.' },
  'calendar.bad_hours': { status: 422, ja: '開始時刻 {open} が終了時刻 {close} より前になっていません。', en: 'Opening time {open} is not before closing time {close}.' },
  'calendar.composite_not_allowed': {
    status: 422,
    ja: '複合リソース "{id}" には開設時間・除外時間・許容申込数を設定できません（構成する単位リソースに設定してください）。',
    en: 'Composite resource "{id}" cannot have its own hours, exclusions or capacity; set them on its units.',
  },
  'calendar.days_or_rrule': { status: 422, ja: '曜日（days）か繰り返し規則（rrule）のどちらか一方だけを指定してください。', en: 'Give either "days" or "rrule" (exactly one).' },
  'calendar.bad_rrule': { status: 422, ja: '繰り返し規則 "{rule}" が正しくありません（{reasonJa}）。', en: 'Invalid recurrence rule "{rule}" ({reasonEn}).' },
  'calendar.rrule_needs_start': {
    status: 422,
    ja: '繰り返し規則 "{rule}" は起点の日によって結果が変わるため（INTERVAL・COUNT、または曜日・日付の指定なし）、start に起点の日を指定してください。',
    en: 'Recurrence rule "{rule}" depends on its start (INTERVAL, COUNT, or no BYDAY/BYMONTHDAY): add "start".',
  },
  'calendar.bad_date_range': { status: 422, ja: '期間の終わり {to} が始まり {from} より前です。', en: 'The range ends ({to}) before it starts ({from}).' },
  'calendar.bad_month_day': { status: 422, ja: '"{value}" は存在しない月日です（MM-DD で書いてください）。', en: '"{value}" is not a valid month-day (MM-DD).' },
  'calendar.not_a_holiday': { status: 422, ja: '{date} は祝日ではありません（openOn には開館する祝日を指定してください）。', en: '{date} is not a holiday (openOn lists holidays to open on).' },
  'calendar.exclusion_outside_hours': { status: 422, ja: '除外時間 {from}〜{to} はどの開設時間とも重なりません。', en: 'Excluded time {from}–{to} does not overlap any opening hours.' },
  'calendar.empty_exception': { status: 422, ja: '個別登録には closed・hours・capacity のいずれかを指定してください。', en: 'An exception needs "closed", "hours" or "capacity".' },
  'calendar.exception_conflict': { status: 422, ja: '休館（closed）にする個別登録に開設時間や許容申込数は指定できません。', en: 'A closed exception cannot also set hours or capacity.' },
  'calendar.duplicate_exception': { status: 422, ja: '{date} の個別登録が重複しています（対象: {resource}）。', en: 'Duplicate exception on {date} (for {resource}).' },
  'calendar.bad_datetime': { status: 422, ja: '日時 "{value}" が正しくありません（例: 2026-11-01T09:00）。', en: 'Invalid date-time "{value}" (e.g. 2026-11-01T09:00).' },
  'calendar.bad_period': { status: 422, ja: '予約受付終了日時 {until} が受付開始日時 {from} より後になっていません。', en: 'Acceptance end {until} is not after its start {from}.' },
  'calendar.option_requires': { status: 422, ja: '"{option}" は "{requires}" と一緒に指定してください。', en: '"{option}" needs "{requires}".' },
  'calendar.bad_window': { status: 422, ja: '予約の締切が受付開始より前になるため、予約できる期間がありません。', en: 'The booking window closes before it opens; nothing could ever be booked.' },
});

/** Texts for the reasons a recurrence rule is refused (filled into calendar.bad_rrule). */
export const RRULE_REASONS: Record<string, { ja: string; en: string }> = {
  syntax: { ja: '書き方の誤り', en: 'syntax error' },
  frequency: { ja: 'FREQ は YEARLY・MONTHLY・WEEKLY・DAILY のいずれか', en: 'FREQ must be YEARLY, MONTHLY, WEEKLY or DAILY' },
  'time-of-day': { ja: '時刻（BYHOUR・BYMINUTE・BYSECOND）は使えません。時刻は open・close に書きます', en: 'BYHOUR/BYMINUTE/BYSECOND are not allowed; times go in open/close' },
  dtstart: { ja: 'DTSTART・TZID は使えません。起点の日は start に書きます', en: 'DTSTART/TZID are not allowed; use "start"' },
};
