// Dates and times as residents read them.
import { epochToLocal, weekdayOf } from '../../../schedule/time';
import type { Lang } from '../../../runtime/i18n';
import { japaneseEraOf } from '../../../../blocks/form/normalize';

const WD_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WD_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026-12-03 → 2026年12月3日（木） / Thu 3 Dec 2026 */
export function dateText(date: string, lang: Lang): string {
  const [y, m, d] = date.split('-').map(Number);
  const wd = weekdayOf(date);
  return lang === 'en' ? `${WD_EN[wd]} ${d} ${MONTHS[m - 1]} ${y}` : `${y}年${m}月${d}日（${WD_JA[wd]}）`;
}

/** Column heading of the grid, two words: "12/3 (木)" / "Thu 3/12" */
export function shortDate(date: string, lang: Lang): string {
  const [, m, d] = date.split('-').map(Number);
  const wd = weekdayOf(date);
  return lang === 'en' ? `${WD_EN[wd]} ${d}/${m}` : `${m}/${d} (${WD_JA[wd]})`;
}

export function slotText(startMs: number, endMs: number, tz: string, lang: Lang): string {
  const s = epochToLocal(startMs, tz);
  const e = epochToLocal(endMs, tz);
  return `${dateText(s.date, lang)} ${s.time}〜${e.date === s.date ? '' : `${dateText(e.date, lang)} `}${e.time}`;
}

export function todayOf(now: Date, tz: string): string {
  return epochToLocal(now.getTime(), tz).date;
}

/** An instant as a date and time: 2026年12月8日（火） 09:00 */
export function instantText(ms: number, tz: string, lang: Lang): string {
  const l = epochToLocal(ms, tz);
  return `${dateText(l.date, lang)} ${l.time}`;
}

/**
 * An instant in 和暦 with the 西暦 year beside it (the site has no era setting yet,
 * so both): 令和9年2月1日（月）9:00（2027年） / Mon 1 Feb 2027 9:00
 */
export function eraInstantText(ms: number, tz: string, lang: Lang): string {
  const l = epochToLocal(ms, tz);
  const time = l.time.replace(/^0(\d)/, '$1');
  const e = lang === 'en' ? undefined : japaneseEraOf(l.date);
  if (!e) return `${dateText(l.date, lang)} ${time}`;
  return `${e.era}${e.year === 1 ? '元' : e.year}年${e.month}月${e.day}日（${WD_JA[weekdayOf(l.date)]}）${time}（${l.date.slice(0, 4)}年）`;
}
