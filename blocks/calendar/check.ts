// Semantic checks of a calendar block beyond its schema; every issue is located.
import type { CheckContext } from '../../engine/core/block';
import { isValidMonthDay } from '../../engine/schedule/dates';
import { isNationalHoliday } from '../../engine/schedule/holidays';
import { checkRecurrence } from '../../engine/schedule/recurrence';
import { minutesOf } from '../../engine/schedule/time';
import { parseDateTime } from '../../engine/schedule/window';
import { RRULE_REASONS } from './messages';
import type { CalendarBlock, OpeningRule } from './types';

const DAY = 1440;
const intersects = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined) => !a || !b || a.some((x) => b.includes(x));

export function checkCalendar(b: CalendarBlock, ctx: CheckContext): void {
  const ids = new Set<string>();
  b.resources.forEach((r, i) => {
    if (ids.has(r.id)) ctx.issue(`/resources/${i}/id`, 'calendar.duplicate_resource', { id: r.id });
    ids.add(r.id);
  });
  const composite = new Set(b.resources.filter((r) => r.consumes).map((r) => r.id));
  b.resources.forEach((r, i) => {
    r.consumes?.forEach((u, j) => {
      if (!ids.has(u)) ctx.issue(`/resources/${i}/consumes/${j}`, 'calendar.unknown_resource', { id: u });
      else if (composite.has(u)) ctx.issue(`/resources/${i}/consumes/${j}`, 'calendar.nested_composite', { id: u });
    });
    if (r.consumes && r.capacity !== undefined) ctx.issue(`/resources/${i}/capacity`, 'calendar.composite_not_allowed', { id: r.id });
  });

  /** Resource lists: ids must exist; hours and capacity belong to units, closures may name composites. */
  const checkIds = (list: readonly string[] | undefined, at: string, unitsOnly: boolean) =>
    list?.forEach((id, j) => {
      if (!ids.has(id)) ctx.issue(`${at}/${j}`, 'calendar.unknown_resource', { id });
      else if (unitsOnly && composite.has(id)) ctx.issue(`${at}/${j}`, 'calendar.composite_not_allowed', { id });
    });
  const checkHours = (open: string, close: string, at: string) => {
    if (minutesOf(open) >= minutesOf(close)) ctx.issue(at, 'calendar.bad_hours', { open, close });
  };
  const checkRange = (from: string | undefined, to: string | undefined, at: string) => {
    if (from !== undefined && to !== undefined && to < from) ctx.issue(at, 'calendar.bad_date_range', { from, to });
  };
  const checkRrule = (rule: string, hasStart: boolean, at: string) => {
    const p = checkRecurrence(rule, hasStart);
    if (p?.problem === 'needs-start') ctx.issue(at, 'calendar.rrule_needs_start', { rule });
    else if (p) {
      const r = RRULE_REASONS[p.problem];
      const detail = p.detail ? `: ${p.detail}` : '';
      ctx.issue(at, 'calendar.bad_rrule', { rule, reasonJa: r.ja + detail, reasonEn: r.en + detail });
    }
  };

  b.weekly.forEach((w, i) => {
    checkHours(w.open, w.close, `/weekly/${i}/close`);
    checkIds(w.resources, `/weekly/${i}/resources`, true);
    if ((w.days === undefined) === (w.rrule === undefined)) ctx.issue(`/weekly/${i}`, 'calendar.days_or_rrule');
    if (w.rrule !== undefined) checkRrule(w.rrule, w.start !== undefined, `/weekly/${i}/rrule`);
    checkRange(w.start, w.end, `/weekly/${i}/end`);
  });

  b.exclusions?.forEach((e, i) => {
    checkHours(e.from, e.to, `/exclusions/${i}/to`);
    checkIds(e.resources, `/exclusions/${i}/resources`, true);
    if (minutesOf(e.from) < minutesOf(e.to) && !b.weekly.some((w) => excludes(e, w))) {
      ctx.issue(`/exclusions/${i}`, 'calendar.exclusion_outside_hours', { from: e.from, to: e.to });
    }
  });

  b.capacityRules?.forEach((c, i) => {
    if (c.from !== undefined && c.to !== undefined) checkHours(c.from, c.to, `/capacityRules/${i}/to`);
    checkIds(c.resources, `/capacityRules/${i}/resources`, true);
  });

  const h = b.holidays;
  checkIds(h?.resources, '/holidays/resources', false);
  h?.openOn?.forEach((d, i) => {
    if (!isNationalHoliday(d) && !h.extra?.some((x) => x.date === d)) ctx.issue(`/holidays/openOn/${i}`, 'calendar.not_a_holiday', { date: d });
  });

  const c = b.closures;
  c?.dates?.forEach((d, i) => {
    checkRange(d.date, d.to, `/closures/dates/${i}/to`);
    checkIds(d.resources, `/closures/dates/${i}/resources`, false);
  });
  c?.yearly?.forEach((y, i) => {
    if (!isValidMonthDay(y.from)) ctx.issue(`/closures/yearly/${i}/from`, 'calendar.bad_month_day', { value: y.from });
    if (!isValidMonthDay(y.to)) ctx.issue(`/closures/yearly/${i}/to`, 'calendar.bad_month_day', { value: y.to });
    checkIds(y.resources, `/closures/yearly/${i}/resources`, false);
  });
  c?.weekdays?.forEach((w, i) => checkIds(w.resources, `/closures/weekdays/${i}/resources`, false));
  c?.rrules?.forEach((r, i) => {
    checkRrule(r.rrule, r.start !== undefined, `/closures/rrules/${i}/rrule`);
    checkIds(r.resources, `/closures/rrules/${i}/resources`, false);
  });

  const seen = new Set<string>();
  b.exceptions?.forEach((x, i) => {
    const at = `/exceptions/${i}`;
    const sets = x.hours !== undefined || x.capacity !== undefined;
    if (x.closed && sets) ctx.issue(`${at}/closed`, 'calendar.exception_conflict');
    else if (!x.closed && !sets) ctx.issue(at, 'calendar.empty_exception');
    checkIds(x.resources, `${at}/resources`, sets);
    x.hours?.forEach((hr, j) => checkHours(hr.open, hr.close, `${at}/hours/${j}/close`));
    for (const r of x.resources ?? ['*']) {
      if (seen.has(`${x.date}|${r}`)) ctx.issue(at, 'calendar.duplicate_exception', { date: x.date, resource: r });
      seen.add(`${x.date}|${r}`);
    }
  });

  checkWindow(b, ctx);
}

/** Whether an exclusion can cut into the hours of an opening rule (same days, resources and time). */
function excludes(e: NonNullable<CalendarBlock['exclusions']>[number], w: OpeningRule): boolean {
  const daysMeet = w.days === undefined || intersects(e.days, w.days); // rrule dates may fall on any weekday
  return daysMeet && intersects(e.resources, w.resources) && minutesOf(e.from) < minutesOf(w.close) && minutesOf(w.open) < minutesOf(e.to);
}

function checkWindow(b: CalendarBlock, ctx: CheckContext): void {
  const w = b.bookingWindow;
  if (!w) return;
  const at = '/bookingWindow';
  if (w.opensAt !== undefined && w.opensDaysBefore === undefined) ctx.issue(`${at}/opensAt`, 'calendar.option_requires', { option: 'opensAt', requires: 'opensDaysBefore' });
  if (w.closesAt !== undefined && w.closesDaysBefore === undefined) ctx.issue(`${at}/closesAt`, 'calendar.option_requires', { option: 'closesAt', requires: 'closesDaysBefore' });
  // The zone does not matter for comparing two instants of the same tenant.
  const from = w.acceptFrom !== undefined ? parseDateTime(w.acceptFrom, 'Asia/Tokyo') : undefined;
  const until = w.acceptUntil !== undefined ? parseDateTime(w.acceptUntil, 'Asia/Tokyo') : undefined;
  if (w.acceptFrom !== undefined && from === undefined) ctx.issue(`${at}/acceptFrom`, 'calendar.bad_datetime', { value: w.acceptFrom });
  if (w.acceptUntil !== undefined && until === undefined) ctx.issue(`${at}/acceptUntil`, 'calendar.bad_datetime', { value: w.acceptUntil });
  if (from !== undefined && until !== undefined && until <= from) ctx.issue(`${at}/acceptUntil`, 'calendar.bad_period', { from: w.acceptFrom, until: w.acceptUntil });
  if (w.opensDaysBefore !== undefined) {
    // Minutes relative to midnight of the slot's date; a slot starts before 24:00 at the latest.
    const opens = -w.opensDaysBefore * DAY + minutesOf(w.opensAt ?? '00:00');
    const closesByDay = w.closesDaysBefore !== undefined ? -w.closesDaysBefore * DAY + minutesOf(w.closesAt ?? '24:00') : Infinity;
    const closesByHours = DAY - (w.closesHoursBefore ?? 0) * 60;
    if (opens >= Math.min(closesByDay, closesByHours)) ctx.issue(at, 'calendar.bad_window');
  }
}
