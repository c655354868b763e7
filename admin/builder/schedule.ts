// Recurrences a clerk understands (毎週, 隔週, 毎月第N曜日, 特定の日付) and the
// calendar block's opening rules they become: weekdays, or an RFC 5545 rule the
// clerk never sees (毎月第2・第4水曜日 → FREQ=MONTHLY;BYDAY=+2WE,+4WE). Also the
// way back: any rule of a calendar in words, and dates with weekdays (12月9日（水）).
import { isTime, minutesOf } from './typed';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_JA: Record<Weekday, string> = { mon: '月', tue: '火', wed: '水', thu: '木', fri: '金', sat: '土', sun: '日' };
export const WEEKDAY_EN: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const RRULE_DAY: Record<Weekday, string> = { mon: 'MO', tue: 'TU', wed: 'WE', thu: 'TH', fri: 'FR', sat: 'SA', sun: 'SU' };
const FROM_RRULE_DAY = Object.fromEntries(Object.entries(RRULE_DAY).map(([k, v]) => [v, k as Weekday])) as Record<string, Weekday>;

export type Repeat = 'weekly' | 'biweekly' | 'monthly' | 'dates';

export interface DayHours {
  on: boolean;
  open: string;
  close: string;
}

export interface ScheduleDesign {
  repeat: Repeat;
  /** 毎週・隔週: the weekly-hours grid. */
  week: Record<Weekday, DayHours>;
  /** 隔週: a date in the first week that is open. */
  firstWeek: string;
  /** 毎月: 1–5, and -1 for 最終. */
  nth: number[];
  nthDays: Weekday[];
  /** 毎月・特定の日付: the hours of every day. */
  open: string;
  close: string;
  dates: string[];
}

export interface OpeningRule {
  days?: Weekday[];
  rrule?: string;
  start?: string;
  end?: string;
  open: string;
  close: string;
}

// ---- dates (local, YYYY-MM-DD) ----

const utc = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
};
const iso = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (date: string, n: number) => {
  const d = utc(date);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
};
export const weekdayOf = (date: string): Weekday => WEEKDAYS[(utc(date).getUTCDay() + 6) % 7]!;
export const mondayOf = (date: string) => addDays(date, -WEEKDAYS.indexOf(weekdayOf(date)));
const daysInMonth = (date: string) => new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0)).getUTCDate();

/** 12月9日（水）, or with the year: 2026年12月9日（水）. */
export function dateJa(date: string, withYear = false): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${withYear ? `${y}年` : ''}${m}月${d}日（${WEEKDAY_JA[weekdayOf(date)]}）`;
}
export function dateEn(date: string): string {
  return `${WEEKDAY_EN[weekdayOf(date)]} ${date}`;
}

// ---- design → rules ----

const nthOrder = (a: number, b: number) => (a < 0 ? 10 : a) - (b < 0 ? 10 : b);
const nthJa = (n: number) => (n < 0 ? '最終' : `第${n}`);

/** The calendar's `weekly` entries for a design (hours are expected to be valid). */
export function openingRules(d: ScheduleDesign): OpeningRule[] {
  if (d.repeat === 'weekly' || d.repeat === 'biweekly') {
    // Days with the same hours share one rule, in weekday order.
    const groups = new Map<string, Weekday[]>();
    for (const w of WEEKDAYS) {
      const h = d.week[w];
      if (!h.on) continue;
      const k = `${h.open}|${h.close}`;
      groups.set(k, [...(groups.get(k) ?? []), w]);
    }
    return [...groups].map(([k, days]) => {
      const [open, close] = k.split('|') as [string, string];
      if (d.repeat === 'weekly') return { days, open, close };
      return { rrule: `FREQ=WEEKLY;INTERVAL=2;BYDAY=${days.map((w) => RRULE_DAY[w]).join(',')}`, start: mondayOf(d.firstWeek), open, close };
    });
  }
  if (d.repeat === 'monthly') {
    const nth = [...new Set(d.nth)].sort(nthOrder);
    const days = WEEKDAYS.filter((w) => d.nthDays.includes(w));
    if (!nth.length || !days.length) return [];
    const byday = days.flatMap((w) => nth.map((n) => `${n < 0 ? '-1' : `+${n}`}${RRULE_DAY[w]}`));
    return [{ rrule: `FREQ=MONTHLY;BYDAY=${byday.join(',')}`, open: d.open, close: d.close }];
  }
  return [...new Set(d.dates)].sort().map((date) => ({ days: [weekdayOf(date)], start: date, end: date, open: d.open, close: d.close }));
}

/** What is wrong with a design, in words; empty when it can be saved. */
export function scheduleProblems(d: ScheduleDesign): { where: string; ja: string; en: string }[] {
  const out: { where: string; ja: string; en: string }[] = [];
  const hours = (where: string, name: string, open: string, close: string) => {
    if (!isTime(open)) out.push({ where: `${where}-open`, ja: `${name}の開始時刻は「13:00」のように書いてください。`, en: `${name}: write the opening time like 13:00.` });
    if (!isTime(close)) out.push({ where: `${where}-close`, ja: `${name}の終了時刻は「16:00」のように書いてください。`, en: `${name}: write the closing time like 16:00.` });
    if (isTime(open) && isTime(close) && minutesOf(open) >= minutesOf(close))
      out.push({ where: `${where}-close`, ja: `${name}の終了時刻は開始時刻より後にしてください（例: 13:00〜16:00）。`, en: `${name}: the closing time must be after the opening time.` });
  };
  if (d.repeat === 'weekly' || d.repeat === 'biweekly') {
    const on = WEEKDAYS.filter((w) => d.week[w].on);
    if (!on.length) out.push({ where: 'week', ja: '受付する曜日を1つ以上選んでください（例: 水曜日）。', en: 'Choose at least one weekday.' });
    for (const w of on) hours(`week-${w}`, `${WEEKDAY_JA[w]}曜日`, d.week[w].open, d.week[w].close);
    if (d.repeat === 'biweekly' && !/^\d{4}-\d{2}-\d{2}$/.test(d.firstWeek))
      out.push({ where: 'firstWeek', ja: '隔週の最初の日を選んでください（例: 2026-12-09）。', en: 'Choose the first day of the fortnightly rhythm.' });
    return out;
  }
  if (d.repeat === 'monthly') {
    if (!d.nth.length) out.push({ where: 'nth', ja: '第何週かを1つ以上選んでください（例: 第2と第4）。', en: 'Choose which weeks of the month.' });
    if (!d.nthDays.length) out.push({ where: 'nthDays', ja: '曜日を1つ以上選んでください（例: 水曜日）。', en: 'Choose at least one weekday.' });
  } else if (!d.dates.length) out.push({ where: 'dates', ja: 'カレンダーで受付する日を1日以上クリックしてください。', en: 'Click at least one day in the calendar.' });
  hours('hours', '受付時間', d.open, d.close);
  return out;
}

/** Open dates of a design between from and to (inclusive), with their hours; holidays are not known here. */
export function designDates(d: ScheduleDesign, from: string, to: string): { date: string; open: string; close: string }[] {
  const out: { date: string; open: string; close: string }[] = [];
  const first = d.repeat === 'biweekly' && /^\d{4}-\d{2}-\d{2}$/.test(d.firstWeek) ? mondayOf(d.firstWeek) : undefined;
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const w = weekdayOf(date);
    if (d.repeat === 'weekly' && d.week[w].on) out.push({ date, ...d.week[w] });
    else if (d.repeat === 'biweekly' && first && d.week[w].on && date >= first) {
      const weeks = Math.floor((utc(date).getTime() - utc(first).getTime()) / (7 * 86_400_000));
      if (weeks % 2 === 0) out.push({ date, ...d.week[w] });
    } else if (d.repeat === 'monthly' && d.nthDays.includes(w)) {
      const day = Number(date.slice(8, 10));
      if (d.nth.includes(Math.ceil(day / 7)) || (d.nth.includes(-1) && day + 7 > daysInMonth(date))) out.push({ date, open: d.open, close: d.close });
    } else if (d.repeat === 'dates' && d.dates.includes(date)) out.push({ date, open: d.open, close: d.close });
  }
  return out.map(({ date, open, close }) => ({ date, open, close }));
}

const joinJa = (xs: string[]) => xs.join('・');
const daysJa = (ds: readonly Weekday[]) => `${joinJa(ds.map((w) => WEEKDAY_JA[w]))}曜日`;

/** 毎月第2・第4水曜日 13:00〜16:00 */
export function describeDesign(d: ScheduleDesign): string {
  return openingRules(d)
    .map((r) => describeRule(r))
    .join('、');
}

/**
 * One opening rule of a calendar in words: 毎週月・水曜日 9:00〜17:00, 隔週水曜日（2026年12月7日の週から）,
 * 毎月第2・第4水曜日, 2026年12月9日（水）. A rule these words cannot say is shown as written.
 */
export function describeRule(r: { days?: readonly string[]; rrule?: string; start?: string; end?: string; open?: string; close?: string }): string {
  const hours = r.open && r.close ? ` ${r.open}〜${r.close}` : '';
  let when: string;
  if (r.days && r.start && r.start === r.end) when = dateJa(r.start, true);
  else if (r.days) when = `毎週${daysJa(r.days.filter((x): x is Weekday => x in WEEKDAY_JA))}`;
  else if (r.rrule) when = describeRrule(r.rrule, r.start);
  else when = '';
  const single = !!r.start && r.start === r.end;
  const period = !r.days || single ? '' : r.start ? `（${dateJa(r.start, true)}から${r.end ? `${dateJa(r.end, true)}まで` : ''}）` : r.end ? `（${dateJa(r.end, true)}まで）` : '';
  return `${when}${period}${hours}`;
}

/** FREQ=MONTHLY;BYDAY=+2WE,+4WE → 毎月第2・第4水曜日. */
export function describeRrule(rule: string, start?: string): string {
  const parts = Object.fromEntries(
    rule
      .replace(/^RRULE:/i, '')
      .split(';')
      .map((p) => p.split('=') as [string, string])
      .map(([k, v]) => [k.toUpperCase(), (v ?? '').toUpperCase()]),
  );
  const interval = Number(parts.INTERVAL ?? 1);
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'WKST']);
  if (Object.keys(parts).some((k) => !known.has(k))) return rule;
  const byday = (parts.BYDAY ?? '').split(',').filter(Boolean).map((x: string) => /^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$/.exec(x));
  if (byday.some((m: RegExpExecArray | null) => !m)) return rule;
  const from = start ? `（${dateJa(start, true)}の週から）` : '';
  if (parts.FREQ === 'DAILY' && !parts.BYDAY && !parts.BYMONTHDAY) return interval === 1 ? '毎日' : `${interval}日ごと${from}`;
  if (parts.FREQ === 'WEEKLY' && !parts.BYMONTHDAY && byday.every((m: RegExpExecArray | null) => !m![1])) {
    const days = byday.map((m: RegExpExecArray | null) => FROM_RRULE_DAY[m![2]!]!);
    const ds = days.length ? daysJa(WEEKDAYS.filter((w) => days.includes(w))) : '';
    return interval === 1 ? `毎週${ds}` : interval === 2 ? `隔週${ds}${from}` : `${interval}週ごとの${ds}${from}`;
  }
  if (parts.FREQ === 'MONTHLY' && interval === 1 && !parts.BYDAY && parts.BYMONTHDAY) {
    return `毎月${joinJa(parts.BYMONTHDAY.split(',').map((d: string) => (d === '-1' ? '末日' : `${Number(d)}日`)))}`;
  }
  if (parts.FREQ === 'MONTHLY' && interval === 1 && !parts.BYMONTHDAY && byday.length && byday.every((m: RegExpExecArray | null) => m![1])) {
    // Weekdays that share the same weeks are said together: 第2・第4水・金曜日.
    const weeks = new Map<Weekday, number[]>();
    for (const m of byday) {
      const w = FROM_RRULE_DAY[m![2]!]!;
      weeks.set(w, [...(weeks.get(w) ?? []), Number(m![1])]);
    }
    const byWeeks = new Map<string, Weekday[]>();
    for (const w of WEEKDAYS) {
      const ns = weeks.get(w);
      if (!ns) continue;
      const k = joinJa([...new Set(ns)].sort(nthOrder).map(nthJa));
      byWeeks.set(k, [...(byWeeks.get(k) ?? []), w]);
    }
    return `毎月${[...byWeeks].map(([k, ds]) => `${k}${daysJa(ds)}`).join('、')}`;
  }
  return rule;
}

export function emptyWeek(open = '09:00', close = '17:00'): Record<Weekday, DayHours> {
  return Object.fromEntries(WEEKDAYS.map((w) => [w, { on: false, open, close }])) as Record<Weekday, DayHours>;
}
