// The draw as a pure function of the seed and the published entries and places,
// so anyone can re-run it from the published result (npm run lottery:verify).
// Order: tier ascending (0 = first), then HMAC-SHA256(seed, entry number) as hex
// ascending, then entry number. In that order each entry gets its first ranked
// choice whose units all have a place left, unless its person already won
// maxWinsPerPerson times. One entry wins at most one choice; a composite resource
// (全面 = A面 + B面) needs a place on each of its units.
import { createHash, createHmac } from 'node:crypto';

export interface DrawChoice {
  resource: string;
  start: string;
}

export interface DrawEntry {
  entryNo: number;
  tier: number;
  /** An opaque label per person (P1, P2…): links a person's entries without saying who. */
  person: string;
  choices: DrawChoice[];
}

export interface DrawSlot {
  resource: string;
  start: string;
  /** The units the place takes, with the places left on each when the draw ran. */
  units: { unit: string; available: number }[];
}

export interface DrawOutcome {
  entryNo: number;
  /** hex HMAC-SHA256(seed, String(entryNo)) */
  rank: string;
  outcome: 'won' | 'lost';
  /** Index into choices (0 = 第1希望), or null. */
  wonChoice: number | null;
}

export interface PublishedResult {
  format: 'muni-lottery/1';
  tenant: string;
  lottery: string;
  cycle: string;
  seedHash: string;
  seed: string;
  maxWinsPerPerson: number;
  /** SHA-256 of the canonical entry list; published when the window closes. */
  entriesDigest: string;
  drawnAt: string;
  slots: DrawSlot[];
  entries: (DrawEntry & Omit<DrawOutcome, 'entryNo'>)[];
}

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
export const rankOf = (seed: string, entryNo: number): string => createHmac('sha256', Buffer.from(seed, 'hex')).update(String(entryNo), 'utf8').digest('hex');
export const startKey = (start: string): string => String(Date.parse(start));
const slotKey = (resource: string, start: string) => `${resource}|${startKey(start)}`;

/** The canonical form of the entries the draw uses (order by entry number). */
export function entriesDigest(entries: readonly DrawEntry[]): string {
  const canon = [...entries]
    .sort((a, b) => a.entryNo - b.entryNo)
    .map((e) => [e.entryNo, e.tier, e.person, e.choices.map((c) => [c.resource, startKey(c.start)])]);
  return sha256(JSON.stringify(canon));
}

export function drawOrder(seed: string, entries: readonly DrawEntry[]): (DrawEntry & { rank: string })[] {
  return entries
    .map((e) => ({ ...e, rank: rankOf(seed, e.entryNo) }))
    .sort((a, b) => a.tier - b.tier || (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0) || a.entryNo - b.entryNo);
}

export function runDraw(input: { seed: string; entries: readonly DrawEntry[]; slots: readonly DrawSlot[]; maxWinsPerPerson: number }): DrawOutcome[] {
  const slots = new Map(input.slots.map((s) => [slotKey(s.resource, s.start), s]));
  // Units are shared across resources at the same start (A面 is part of 全面).
  const left = new Map<string, number>();
  for (const s of input.slots) for (const u of s.units) left.set(`${startKey(s.start)}|${u.unit}`, u.available);
  const wins = new Map<string, number>();
  const out: DrawOutcome[] = [];
  for (const e of drawOrder(input.seed, input.entries)) {
    let won: number | null = null;
    if ((wins.get(e.person) ?? 0) < input.maxWinsPerPerson) {
      for (let i = 0; i < e.choices.length && won === null; i++) {
        const c = e.choices[i]!;
        const s = slots.get(slotKey(c.resource, c.start));
        if (!s) continue;
        const keys = s.units.map((u) => `${startKey(s.start)}|${u.unit}`);
        if (keys.every((k) => (left.get(k) ?? 0) >= 1)) {
          for (const k of keys) left.set(k, left.get(k)! - 1);
          won = i;
        }
      }
    }
    if (won !== null) wins.set(e.person, (wins.get(e.person) ?? 0) + 1);
    out.push({ entryNo: e.entryNo, rank: e.rank, outcome: won === null ? 'lost' : 'won', wonChoice: won });
  }
  return out;
}

/** Re-runs a published result; returns the problems found (empty = it matches). */
export function verifyResult(r: PublishedResult): string[] {
  const problems: string[] = [];
  if (typeof r.seed !== 'string' || !/^[0-9a-f]{64}$/.test(r.seed)) problems.push('seed: not 64 hex digits');
  else if (sha256(r.seed) !== r.seedHash) problems.push(`seed: SHA-256(seed) is ${sha256(r.seed)}, not the published seedHash ${r.seedHash}`);
  if (entriesDigest(r.entries) !== r.entriesDigest) problems.push(`entries: their digest is ${entriesDigest(r.entries)}, not the published entriesDigest ${r.entriesDigest} (an entry was added, removed or altered)`);
  if (problems.some((p) => p.startsWith('seed: not'))) return problems;
  const recomputed = new Map(runDraw({ seed: r.seed, entries: r.entries, slots: r.slots, maxWinsPerPerson: r.maxWinsPerPerson }).map((o) => [o.entryNo, o]));
  for (const e of r.entries) {
    const o = recomputed.get(e.entryNo)!;
    if (o.rank !== e.rank) problems.push(`entry ${e.entryNo}: rank is ${o.rank}, published ${e.rank}`);
    if (o.outcome !== e.outcome || o.wonChoice !== e.wonChoice) {
      problems.push(`entry ${e.entryNo}: outcome is ${o.outcome}${o.wonChoice === null ? '' : ` (choice ${o.wonChoice + 1})`}, published ${e.outcome}${e.wonChoice === null || e.wonChoice === undefined ? '' : ` (choice ${e.wonChoice + 1})`}`);
    }
  }
  return problems;
}
