// Dates and times as residents read them.
import { epochToLocal, weekdayOf } from '../../../schedule/time';
import type { Lang } from '../../../runtime/i18n';
import { japaneseEraOf } from '../../../../blocks/form/normalize';

const WD_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WD_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** How the site writes years in Japanese (site block `dateStyle`): 西暦, 和暦, or 和暦 with 西暦 beside it. */
export type DateStyle = 'seireki' | 'wareki' | 'both';

/** 2026-12-03 → 2026年12月3日（木） / 令和8年12月3日（木） / 令和8年12月3日（木）（2026年） / Thu 3 Dec 2026 */
export function dateText(date: string, lang: Lang, style: DateStyle = 'seireki'): string {
  const [y, m, d] = date.split('-').map(Number);
  const wd = weekdayOf(date);
  if (lang === 'en') return `${WD_EN[wd]} ${d} ${MONTHS[m - 1]} ${y}`;
  const e = style === 'seireki' ? undefined : japaneseEraOf(date);
  if (!e) return `${y}年${m}月${d}日（${WD_JA[wd]}）`;
  const era = `${e.era}${e.year === 1 ? '元' : e.year}年${m}月${d}日（${WD_JA[wd]}）`;
  return style === 'both' ? `${era}（${y}年）` : era;
}

/** Column heading of the grid, two words: "12/3 (木)" / "Thu 3/12" */
export function shortDate(date: string, lang: Lang): string {
  const [, m, d] = date.split('-').map(Number);
  const wd = weekdayOf(date);
  return lang === 'en' ? `${WD_EN[wd]} ${d}/${m}` : `${m}/${d} (${WD_JA[wd]})`;
}

export function slotText(startMs: number, endMs: number, tz: string, lang: Lang, style: DateStyle = 'seireki'): string {
  const s = epochToLocal(startMs, tz);
  const e = epochToLocal(endMs, tz);
  return `${dateText(s.date, lang, style)} ${s.time}〜${e.date === s.date ? '' : `${dateText(e.date, lang, style)} `}${e.time}`;
}

export function todayOf(now: Date, tz: string): string {
  return epochToLocal(now.getTime(), tz).date;
}

/** An instant as a date and time: 2026年12月8日（火） 09:00 */
export function instantText(ms: number, tz: string, lang: Lang, style: DateStyle = 'seireki'): string {
  const l = epochToLocal(ms, tz);
  return `${dateText(l.date, lang, style)} ${l.time}`;
}

/**
 * When booking opens, in 和暦 with the 西暦 year beside it whatever the site's style (a date
 * months ahead is misread most easily): 令和9年2月1日（月）9:00（2027年） / Mon 1 Feb 2027 9:00
 */
export function eraInstantText(ms: number, tz: string, lang: Lang): string {
  const l = epochToLocal(ms, tz);
  const time = l.time.replace(/^0(\d)/, '$1');
  return lang === 'en' ? `${dateText(l.date, lang)} ${time}` : `${dateText(l.date, lang, 'wareki')}${time}（${l.date.slice(0, 4)}年）`;
}

/** An amount of yen as residents read it: 1,250円, or 1,250 yen. */
export const yenText = (n: number, lang: Lang): string => (lang === 'en' ? `${n.toLocaleString('en')} yen` : `${n.toLocaleString('ja-JP')}円`);
