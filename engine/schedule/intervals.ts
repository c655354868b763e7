// Half-open minute intervals [start, end) within a local day, and cutting them into slots.

export type Interval = readonly [start: number, end: number];

/** Sorted union of intervals (touching ones merge: 08:30–12:00 + 12:00–17:00 = 08:30–17:00). */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = list.filter(([s, e]) => s < e).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** `from` minus every interval of `cut` (both need not be merged). */
export function subtractIntervals(from: readonly Interval[], cut: readonly Interval[]): Interval[] {
  if (cut.length === 0) return mergeIntervals(from);
  const holes = mergeIntervals(cut);
  const out: Interval[] = [];
  for (const [s0, e] of mergeIntervals(from)) {
    let s = s0;
    for (const [hs, he] of holes) {
      if (he <= s || hs >= e) continue;
      if (hs > s) out.push([s, hs]);
      s = Math.max(s, he);
      if (s >= e) break;
    }
    if (s < e) out.push([s, e]);
  }
  return out;
}

/** Slots of `step` minutes from the start of each interval; a partial tail is dropped. */
export function cutSlots(intervals: readonly Interval[], step: number): Interval[] {
  const out: Interval[] = [];
  for (const [s, e] of intervals) for (let m = s; m + step <= e; m += step) out.push([m, m + step]);
  return out;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a[0] < b[1] && b[0] < a[1];
}
