// Local wall time ↔ instants. Tenants live in Asia/Tokyo (no DST), but the
// offset is looked up per date through Intl so another zone would still work.
const offsetCache = new Map<string, number>();
// Building an Intl.DateTimeFormat costs far more than formatting with one: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC for the zone on a local date (YYYY-MM-DD). */
export function zoneOffsetMinutes(timeZone: string, date: string): number {
  const key = `${timeZone}|${date}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    const noonUtc = new Date(`${date}T12:00:00Z`);
    let fmt = formatters.get(timeZone);
    if (!fmt) formatters.set(timeZone, (fmt = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })));
    const parts = fmt.formatToParts(noonUtc);
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
    off = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
    if (offsetCache.size > 10000) offsetCache.clear();
    offsetCache.set(key, off);
  }
  return off;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Epoch ms of a local date + HH:MM in the zone. */
export function localToEpoch(date: string, time: string, timeZone: string): number {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  return Date.UTC(y, mo - 1, d, h, mi) - zoneOffsetMinutes(timeZone, date) * 60_000;
}

/** ISO 8601 with the zone's offset: 2026-12-01T09:00:00+09:00. */
export function localIso(date: string, time: string, timeZone: string): string {
  return `${date}T${time}:00${formatOffset(zoneOffsetMinutes(timeZone, date))}`;
}

// Local times per zone and minute: exports and lists format the same few slot
// times (and nearby created/updated times) over and over.
const localCache = new Map<string, Map<number, { date: string; time: string }>>();

/** Local date and time of an instant in the zone. */
export function epochToLocal(ms: number, timeZone: string): { date: string; time: string } {
  const minute = Math.floor(ms / 60_000);
  let perZone = localCache.get(timeZone);
  if (!perZone) localCache.set(timeZone, (perZone = new Map()));
  let hit = perZone.get(minute);
  if (!hit) {
    if (perZone.size >= 50_000) perZone.clear();
    perZone.set(minute, (hit = Object.freeze(computeLocal(minute * 60_000, timeZone))));
  }
  return hit;
}

function computeLocal(ms: number, timeZone: string): { date: string; time: string } {
  // Offset of the UTC date is right for fixed-offset zones; re-check once for others.
  const guess = new Date(ms).toISOString().slice(0, 10);
  let off = zoneOffsetMinutes(timeZone, guess);
  let local = new Date(ms + off * 60_000);
  const date = local.toISOString().slice(0, 10);
  if (date !== guess) {
    off = zoneOffsetMinutes(timeZone, date);
    local = new Date(ms + off * 60_000);
  }
  const iso = local.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

export function timeOf(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Calendar arithmetic on local dates (no zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Parses an ISO 8601 instant with an explicit offset or Z; undefined if malformed. */
export function parseInstant(s: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** ISO 8601 of an instant in the zone's local time with its offset: 2026-12-01T09:00:00+09:00. */
export function instantIso(ms: number, timeZone: string): string {
  const { date } = epochToLocal(ms, timeZone);
  const off = zoneOffsetMinutes(timeZone, date);
  return `${new Date(ms + off * 60_000).toISOString().slice(0, 19)}${formatOffset(off)}`;
}
