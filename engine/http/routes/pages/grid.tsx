// The availability grid of seed 001: rows = times, columns = dates, one place.
// Cells: ○/△ with 残n (a link or button to book), × 満員, 休館, - (no slot). Every
// cell has words for screen readers (date, time, state), never a symbol alone.
import type { VNode } from 'preact';
import type { SlotAvailability } from '../../../schedule/availability';
import { addDays, weekdayOf } from '../../../schedule/time';
import { pick, type Lang } from '../../../runtime/i18n';
import { dateText, shortDate, type DateStyle } from './format';
import { ui } from './text';

export interface GridProps {
  lang: Lang;
  dates?: DateStyle;
  resourceTitle: string;
  from: string;
  days: number;
  slots: readonly SlotAvailability[];
  /** The bookable cell: a link (booking) or a submit button (choosing a new slot). */
  bookable(s: SlotAvailability, content: VNode): VNode;
  /** Link held slots (抽選受付中) and full slots' other way on (キャンセル待ち) to their pages (the service page; not when changing a booking). */
  kindLinks?: boolean;
}

const localTime = (iso: string) => iso.slice(11, 16);

/** △ when few places are left (a fifth of the capacity, at least one). */
export function isFew(s: SlotAvailability): boolean {
  return s.capacity > 1 && s.remaining <= Math.max(1, Math.floor(s.capacity / 5));
}

/** What the symbols mean (above the grid, in words). */
export function Legend({ lang, picking }: { lang: Lang; picking?: boolean }) {
  const items: [string, 'avail' | 'few' | 'full' | 'closed' | 'none'][] = [
    ['○', 'avail'],
    ['△', 'few'],
    ['×', 'full'],
    ['休館', 'closed'],
    ['-', 'none'],
  ];
  return (
    <>
      <ul class="legend" aria-label={ui(lang, 'legendLabel')}>
        {items.map(([sym, key]) => (
          <li>
            <span class="legend-sym" aria-hidden="true">
              {sym}
            </span>
            {ui(lang, key === 'closed' ? 'closedDay' : key === 'none' ? 'noneLong' : key === 'full' ? 'full' : key)}
          </li>
        ))}
      </ul>
      <p class="legend-note">{ui(lang, picking ? 'legendNotePick' : 'legendNote')}</p>
    </>
  );
}

export function Grid({ lang, dates: style = 'seireki', resourceTitle, from, days, slots, bookable, kindLinks }: GridProps) {
  const dates = Array.from({ length: days }, (_, i) => addDays(from, i));
  const times = [...new Set(slots.map((s) => localTime(s.start)))].sort();
  const at = new Map(slots.map((s) => [`${s.date}|${localTime(s.start)}`, s]));
  const to = dates[dates.length - 1];
  return (
    <div class="grid-wrap">
      <table class="grid">
        <colgroup>
          <col class="col-time" />
          {dates.map(() => (
            <col />
          ))}
        </colgroup>
        <caption>{ui(lang, 'gridCaption', { resource: resourceTitle, from: dateText(from, lang, style), to: dateText(to, lang, style) })}</caption>
        <thead>
          <tr>
            <th scope="col">{ui(lang, 'time')}</th>
            {dates.map((d) => {
              const wd = weekdayOf(d);
              return (
                <th scope="col" class={wd === 0 ? 'sun' : wd === 6 ? 'sat' : undefined}>
                  {shortDate(d, lang)
                    .split(' ')
                    .map((part) => (
                      <span>{part}</span>
                    ))}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {times.map((time) => (
            <tr>
              <th scope="row">{time}</th>
              {dates.map((d) => (
                <td>
                  <Cell lang={lang} s={at.get(`${d}|${time}`)} label={`${dateText(d, lang, style)} ${time} `} bookable={bookable} kindLinks={!!kindLinks} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Cell({ lang, s, label, bookable, kindLinks }: { lang: Lang; s: SlotAvailability | undefined; label: string; bookable: GridProps['bookable']; kindLinks: boolean }) {
  const hidden = (text: string) => <span class="visually-hidden">{label + text}</span>;
  if (s?.hold) {
    // Not first-come (抽選受付中): a link to enter the lottery while it takes entries, else words only.
    const words = pick(lang, s.hold.label.ja, s.hold.label.en);
    const href = kindLinks ? s.hold.href : undefined;
    return href ? (
      <a class="cell cell-hold" href={lang === 'en' ? `${href}${href.includes('?') ? '&' : '?'}lang=en` : href}>
        {hidden('')}
        <span>{words}</span>
      </a>
    ) : (
      <span class="cell cell-hold">
        {hidden('')}
        <span>{words}</span>
      </span>
    );
  }
  if (!s || s.status === 'past' || s.status === 'not-open-yet') {
    return (
      <span class="cell cell-none">
        {hidden(ui(lang, 'none'))}
        <span aria-hidden="true">-</span>
      </span>
    );
  }
  if (s.status === 'closed') {
    return (
      <span class="cell cell-closed">
        {hidden(s.note ? `（${s.note}）` : '')}
        {ui(lang, 'closed')}
      </span>
    );
  }
  if (s.status === 'full') {
    const a = kindLinks ? s.action : undefined;
    if (a) {
      return (
        <a class="cell cell-full cell-action" href={lang === 'en' ? `${a.href}${a.href.includes('?') ? '&' : '?'}lang=en` : a.href}>
          {hidden(`${ui(lang, 'full')} `)}
          <span aria-hidden="true">×</span>
          <span>{pick(lang, a.label.ja, a.label.en)}</span>
        </a>
      );
    }
    return (
      <span class="cell cell-full">
        {hidden('')}
        <span aria-hidden="true">×</span>
        <span>{ui(lang, 'full')}</span>
      </span>
    );
  }
  const few = isFew(s);
  return bookable(
    s,
    <>
      {hidden(`${ui(lang, few ? 'few' : 'avail')} `)}
      <span aria-hidden="true">{few ? '△' : '○'}</span>
      <span>{ui(lang, 'remaining', { n: s.remaining })}</span>
      <span class="visually-hidden">{` ${ui(lang, 'bookThis')}`}</span>
    </>,
  );
}
