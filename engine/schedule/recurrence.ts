// RFC 5545 recurrence rules on local dates. Expanded in "floating" wall time:
// dates are built with Date.UTC and read back with UTC getters, never through
// rrule's tzid path (10–80× slower, DESIGN §3). Occurrences are computed per
// calendar year with dtstart clamped to that year, and cached.
import * as rruleNs from 'rrule';
import type { Options } from 'rrule';

// rrule ships a UMD main and an ESM "module": Node's ESM loader sees only a default export.
const { RRule } = ((rruleNs as unknown as { default?: typeof rruleNs }).default ?? rruleNs) as typeof rruleNs;

/** Why a rule was refused; `needs-start` means it is valid but only with a start date. */
export type RecurrenceProblem = 'syntax' | 'frequency' | 'time-of-day' | 'dtstart' | 'needs-start';

export interface Recurrence {
  occursOn(date: string): boolean;
  /** Occurrences in [from, to] (local dates, inclusive), in order. */
  between(from: string, to: string): string[];
}

const DAILY = 3; // rrule's Frequency: YEARLY 0, MONTHLY 1, WEEKLY 2, DAILY 3, then HOURLY…
const floating = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};
const dateOf = (d: Date) => d.toISOString().slice(0, 10);

function parse(text: string): { options?: Partial<Options>; problem?: RecurrenceProblem; detail?: string } {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (/DTSTART|TZID|[\r\n]/i.test(body)) return { problem: 'dtstart' };
  let options: Partial<Options>;
  try {
    options = RRule.parseString(body);
  } catch (e) {
    return { problem: 'syntax', detail: e instanceof Error ? e.message : String(e) };
  }
  if (options.freq === undefined || options.freq === null || options.freq > DAILY) return { problem: 'frequency' };
  if (options.byhour != null || options.byminute != null || options.bysecond != null) return { problem: 'time-of-day' };
  const wd = options.byweekday;
  if (Array.isArray(wd) && wd.some((w) => w === null || w === undefined)) return { problem: 'syntax', detail: 'unknown weekday in BYDAY' };
  try {
    new RRule({ ...options, dtstart: floating('2001-01-01') }).all((_, i) => i < 2);
  } catch (e) {
    return { problem: 'syntax', detail: e instanceof Error ? e.message : String(e) };
  }
  return { options };
}

/**
 * A rule is phase-free when its occurrences do not depend on dtstart: interval 1,
 * no COUNT, and a BY* part that stops rrule from copying the weekday/day from dtstart.
 * Only phase-free rules may be clamped to the query window without a start date.
 */
function phaseFree(o: Partial<Options>): boolean {
  if ((o.interval ?? 1) !== 1 || o.count != null) return false;
  if (o.freq === DAILY) return true;
  return o.byweekday != null || o.bymonthday != null || o.byyearday != null || o.byweekno != null || o.byeaster != null;
}

/** Checks a rule string; `hasStart` tells whether a start date anchors it. */
export function checkRecurrence(text: string, hasStart: boolean): { problem: RecurrenceProblem; detail?: string } | undefined {
  const p = parse(text);
  if (p.problem) return { problem: p.problem, detail: p.detail };
  if (!hasStart && !phaseFree(p.options!)) return { problem: 'needs-start' };
  return undefined;
}

/** Compiles a checked rule. `start` (YYYY-MM-DD) anchors it; nothing occurs before it. */
export function createRecurrence(text: string, start?: string): Recurrence {
  const p = parse(text);
  if (p.problem) throw new Error(`invalid recurrence rule "${text}": ${p.problem}${p.detail ? ` (${p.detail})` : ''}`);
  const options = p.options!;
  const free = phaseFree(options);
  if (!free && !start) throw new Error(`recurrence rule "${text}" needs a start date`);
  const years = new Map<number, Set<string>>();

  const yearSet = (year: number): Set<string> => {
    let set = years.get(year);
    if (set) return set;
    set = new Set();
    const jan1 = `${String(year).padStart(4, '0')}-01-01`;
    const dec31 = `${String(year).padStart(4, '0')}-12-31`;
    if (year >= 1900 && year <= 2200 && (!start || start <= dec31)) {
      if (free) {
        const from = start && start > jan1 ? start : jan1;
        const until = options.until && options.until < floating(dec31) ? options.until : floating(dec31);
        for (const d of new RRule({ ...options, dtstart: floating(from), until }).all()) set.add(dateOf(d));
      } else {
        const rule = new RRule({ ...options, dtstart: floating(start!) });
        for (const d of rule.between(floating(jan1), floating(dec31), true)) set.add(dateOf(d));
      }
    }
    years.set(year, set);
    return set;
  };

  return {
    occursOn: (date) => yearSet(Number(date.slice(0, 4))).has(date),
    between(from, to) {
      const out: string[] = [];
      for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
        for (const d of [...yearSet(y)].sort()) if (d >= from && d <= to) out.push(d);
      }
      return out;
    },
  };
}
