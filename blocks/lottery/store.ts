// Lottery use cases over lottery_instances / lottery_entries. Every write runs in
// one BEGIN IMMEDIATE transaction, so applications, withdrawals and the draw are
// serialised: an entry is either in the draw's list or refused as too late.
import { randomBytes } from 'node:crypto';
import type { CompiledService } from '../service/block';
import { writeAudit, type Actor, type Tx } from '../../engine/audit';
import { tenantTimezone, type PublishedTenant } from '../../engine/config/tenant';
import type { Clock } from '../../engine/core/clock';
import { EngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { sqlAll, sqlGet, sqlRun, transaction, type Db } from '../../engine/db';
import { accessKeyMatches, generateAccessKey, hashAccessKey } from '../../engine/booking/access-key';
import { bookingById, insertBooking, insertBookingUnits, takeUnits } from '../../engine/booking/counters';
import { identityOf } from '../../engine/booking/identity';
import { createAdmission, runEarlySteps } from '../../engine/booking/admission';
import { nextReceiptNo } from '../../engine/booking/receipt';
import { ADMITTED, EXPIRED, OFFERED, type BookingStatus } from '../../engine/booking/status';
import { recordHistory, transition } from '../../engine/booking/transition';
import { emitBookingEvent, type NotifyDeps } from '../../engine/notify/booking-events';
import { ruleHolds } from '../../engine/rules';
import { countersChanged } from '../../engine/booking/availability-cache';
import { instantIso, localIso, parseInstant } from '../../engine/schedule/time';
import type { Slot } from '../../engine/schedule/types';
import { lotteriesAround, lotteryById, lotteryForDate, type CompiledLottery, type CompiledLotteryBlock } from './cycles';
import { entriesDigest, runDraw, sha256, type DrawEntry, type DrawSlot, type PublishedResult } from './draw';
import './messages';
import { emitEntryEvent } from './notify';

export type Deps = { db: Db; clock: Clock } & NotifyDeps;
// An entry's own states (lottery_entries.status), apart from the booking a win becomes.
/** An entry's own states (not booking statuses: an entry becomes a booking only when it wins). */
export const ENTRY = { applied: 'applied', won: 'won', lost: 'lost', withdrawn: 'withdrawn' } as const;
/** Which lottery a row belongs to: the block and the cycle ('' for fixed dates). */
type Key = Pick<CompiledLottery, 'blockId' | 'cycle'>;

interface InstanceRow {
  seed: string;
  seedHash: string;
  status: 'open' | 'drawn';
  drawnAt: number | null;
  resultJson: string | null;
}

export interface EntryRow {
  id: number;
  entryNo: number;
  choicesJson: string;
  answersJson: string;
  memberId: string | null;
  personKey: string;
  accessKeyHash: string | null;
  tier: number;
  status: 'applied' | 'won' | 'lost' | 'withdrawn';
  wonChoice: number | null;
  bookingId: number | null;
  createdAt: number;
}

const blocksOf = (published: PublishedTenant) => published.tenant.list('lottery');

/** The concrete lotteries around `now` (a monthly block gives one per cycle). */
export function lotteriesOf(published: PublishedTenant, now: number): CompiledLottery[] {
  return blocksOf(published).flatMap((b) => lotteriesAround(b, now));
}

export function findLottery(published: PublishedTenant, id: string): CompiledLottery {
  const l = lotteryById(blocksOf(published), id);
  if (!l) throw new EngineError('lottery.not_found', { lottery: id });
  return l;
}

const selectInstance = 'SELECT seed, seed_hash AS "seedHash", status, drawn_at AS "drawnAt", result_json AS "resultJson" FROM lottery_instances WHERE tenant_slug = ? AND lottery_id = ? AND cycle = ?';

export function readInstance(db: Db | Tx, tenant: string, l: Key): Promise<InstanceRow | undefined> {
  return sqlGet<InstanceRow>(db, selectInstance, [tenant, l.blockId, l.cycle]);
}

/** The committed seed: fixed at first use (window open, a listing, a draw) and never changed after. */
export async function ensureInstance(db: Db | Tx, tenant: string, l: Key, now: number): Promise<InstanceRow> {
  const seed = randomBytes(32).toString('hex');
  await sqlRun(db, 'INSERT INTO lottery_instances (tenant_slug, lottery_id, cycle, seed, seed_hash, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
    tenant, l.blockId, l.cycle, seed, sha256(seed), 'open', now,
  ]);
  return (await readInstance(db, tenant, l))!;
}

export function lotteryStatus(l: CompiledLottery, inst: InstanceRow | undefined, now: number): 'upcoming' | 'open' | 'closed' | 'drawn' {
  if (inst?.status === 'drawn') return 'drawn';
  if (now < l.opensMs) return 'upcoming';
  return now < l.closesMs ? 'open' : 'closed';
}

export async function listLotteries(deps: Deps, published: PublishedTenant) {
  const now = deps.clock.now().getTime();
  const tenant = published.tenant.slug;
  const out = [];
  for (const l of lotteriesOf(published, now)) {
    // The hash is published as soon as the window opens (commit before reveal).
    const inst = now >= l.opensMs ? await ensureInstance(deps.db, tenant, l, now) : await readInstance(deps.db, tenant, l);
    out.push({
      id: l.id,
      title: l.title,
      service: l.service,
      slots: { from: l.slotsFrom, to: l.slotsTo },
      applicationWindow: { opens: l.opens, closes: l.closes },
      drawAt: l.drawAt,
      maxChoices: l.maxChoices,
      seedHash: inst?.seedHash ?? null,
      status: lotteryStatus(l, inst, now),
    });
  }
  return out;
}

function serviceOf(published: PublishedTenant, l: CompiledLottery): CompiledService {
  const s = published.tenant.get('service', l.service);
  if (!s) throw new EngineError('service.not_found', { service: l.service });
  return s;
}

/** The slot of a choice, if it is one of the lottery's slots. */
export function lotterySlot(l: CompiledLottery, service: CompiledService, resource: unknown, start: unknown): Slot | undefined {
  if (typeof resource !== 'string' || typeof start !== 'string') return undefined;
  const ms = parseInstant(start);
  if (ms === undefined) return undefined;
  const slot = service.calendar.findSlot(resource, ms);
  return slot && slot.date >= l.slotsFrom && slot.date <= l.slotsTo ? slot : undefined;
}

/** The ranked choices as the draw takes them, or the issues at /choices/N (the pages check them before the form). */
export function checkChoices(l: CompiledLottery, service: CompiledService, raw: unknown): { resource: string; start: string }[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/choices', 'lottery.no_choices')] });
  if (raw.length > l.maxChoices) throw new EngineError('input.invalid', {}, { issues: [makeIssue(`/choices/${l.maxChoices}`, 'lottery.too_many_choices', { max: l.maxChoices })] });
  const issues = [];
  const choices: { resource: string; start: string }[] = [];
  const seen = new Set<string>();
  for (const [i, c] of (raw as unknown[]).entries()) {
    const o = (c && typeof c === 'object' ? c : {}) as { resource?: unknown; start?: unknown };
    const slot = lotterySlot(l, service, o.resource, o.start);
    if (!slot) {
      issues.push(makeIssue(`/choices/${i}`, 'lottery.slot_outside'));
      continue;
    }
    const key = `${slot.resource}|${slot.startMs}`;
    if (seen.has(key)) issues.push(makeIssue(`/choices/${i}`, 'lottery.duplicate_choice'));
    seen.add(key);
    choices.push({ resource: slot.resource, start: slot.start });
  }
  if (issues.length) throw new EngineError('input.invalid', {}, { issues });
  return choices;
}

export interface ApplyInput {
  published: PublishedTenant;
  lotteryId: string;
  choices: unknown;
  answers: unknown;
  memberId?: string;
  member?: Record<string, unknown>;
  actor: Actor;
  channel: 'web' | 'staff' | 'api';
}

/**
 * What other kinds refuse for a slot regardless of the answers (their `early` admission steps, e.g. a
 * permit the slot needs) applies to a choice as to a booking; the refusal is located at the choice.
 */
async function refuseEarly(deps: Deps, input: ApplyInput, service: CompiledService, slot: Slot, i: number): Promise<void> {
  const request = { channel: input.channel, ...(input.memberId ? { memberId: input.memberId } : {}) };
  try {
    await runEarlySteps(createAdmission({ mode: 'book', deps, published: input.published, service, actor: input.actor, request }), slot);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    throw new EngineError(e.code, e.details, { issues: (e.issues ?? []).map((x) => ({ ...x, path: `/choices/${i}` })) });
  }
}

export async function applyEntry(deps: Deps, input: ApplyInput): Promise<{ entryNo: number; accessKey?: string; status: 'applied' }> {
  const now = deps.clock.now().getTime();
  const l = findLottery(input.published, input.lotteryId);
  const tenant = input.published.tenant.slug;
  const service = serviceOf(input.published, l);
  const staff = input.actor.type === 'staff';
  // Staff enter paper applications (抽選入力) until the draw; residents only inside the window.
  if (now < l.opensMs || (!staff && now >= l.closesMs)) throw new EngineError('lottery.not_open', { opens: l.opens, closes: l.closes });
  const choices = checkChoices(l, service, input.choices);
  for (const [i, c] of choices.entries()) await refuseEarly(deps, input, service, lotterySlot(l, service, c.resource, c.start)!, i);
  const v = service.form.validate(input.answers ?? {}, staff ? 'staff' : 'resident');
  if (!v.ok) throw new EngineError('input.invalid', {}, { issues: v.issues.map((i) => ({ ...i, path: `/answers${i.path}` })) });
  const answers = v.value;
  const id = identityOf(service.form, answers, input.memberId);
  const personKey = id.memberId ? `m:${id.memberId}` : id.emailKey ? `e:${id.emailKey}` : id.phoneKey ? `p:${id.phoneKey}` : undefined;
  if (!personKey) throw new EngineError('input.invalid', {}, { issues: [makeIssue('/answers', 'lottery.no_identity')] });
  const data = { answers, member: input.member ?? {} };
  const t = l.priority.findIndex((p) => ruleHolds(p.when, data));
  const tier = t === -1 ? l.priority.length : t;
  const accessKey = input.memberId ? undefined : generateAccessKey();
  return transaction(deps.db, async (tx) => {
    const inst = await ensureInstance(tx, tenant, l, now);
    if (inst.status === 'drawn') throw new EngineError('lottery.not_open', { opens: l.opens, closes: l.closes });
    const mine = (await sqlGet<{ n: number }>(tx, "SELECT COUNT(*) AS n FROM lottery_entries WHERE tenant_slug = ? AND lottery_id = ? AND cycle = ? AND person_key = ? AND status <> 'withdrawn'", [tenant, l.blockId, l.cycle, personKey]))!;
    if (mine.n >= l.maxEntriesPerPerson) throw new EngineError('lottery.too_many_entries', { max: l.maxEntriesPerPerson });
    const next = (await sqlGet<{ n: number }>(tx, 'SELECT COALESCE(MAX(entry_no), 0) + 1 AS n FROM lottery_entries WHERE tenant_slug = ? AND lottery_id = ? AND cycle = ?', [tenant, l.blockId, l.cycle]))!;
    await sqlRun(
      tx,
      `INSERT INTO lottery_entries (tenant_slug, lottery_id, cycle, entry_no, choices_json, answers_json, member_id, person_key, access_key_hash, tier, status, channel, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied', ?, ?, ?)`,
      [tenant, l.blockId, l.cycle, next.n, JSON.stringify(choices), JSON.stringify(answers), input.memberId ?? null, personKey, accessKey ? hashAccessKey(accessKey) : null, tier, input.channel, now, now],
    );
    await writeAudit(tx, { tenant, at: now, actor: input.actor, action: 'lottery.applied', target: { type: 'lottery-entry', id: `${l.id}/${next.n}` }, details: { choices: choices.length, tier } });
    await emitEntryEvent(tx, deps, input.published, 'lottery.applied', l, { entryNo: next.n, email: id.emailKey, memberId: input.memberId ?? null });
    return { entryNo: next.n, ...(accessKey ? { accessKey } : {}), status: 'applied' as const };
  });
}

export type EntryAuth = { kind: 'access-key'; key: string | undefined } | { kind: 'member'; memberId: string } | { kind: 'staff' };

export async function findEntry(db: Db | Tx, tenant: string, l: Key, entryNo: string | number, auth: EntryAuth): Promise<EntryRow> {
  const no = Number(entryNo);
  const row = Number.isSafeInteger(no)
    ? await sqlGet<EntryRow>(
        db,
        `SELECT id, entry_no AS "entryNo", choices_json AS "choicesJson", answers_json AS "answersJson", member_id AS "memberId", person_key AS "personKey", access_key_hash AS "accessKeyHash",
           tier, status, won_choice AS "wonChoice", booking_id AS "bookingId", created_at AS "createdAt"
         FROM lottery_entries WHERE tenant_slug = ? AND lottery_id = ? AND cycle = ? AND entry_no = ?`,
        [tenant, l.blockId, l.cycle, no],
      )
    : undefined;
  const ok =
    row &&
    (auth.kind === 'staff' || (auth.kind === 'member' ? row.memberId === auth.memberId : accessKeyMatches(auth.key, row.accessKeyHash)));
  if (!ok) throw new EngineError('lottery.entry_not_found');
  return row;
}

export async function entryView(db: Db | Tx, row: EntryRow) {
  const booking = row.bookingId ? await bookingById(db, row.bookingId) : undefined;
  return {
    entryNo: row.entryNo,
    status: row.status,
    tier: row.tier,
    choices: JSON.parse(row.choicesJson) as { resource: string; start: string }[],
    wonChoice: row.wonChoice,
    ...(booking ? { booking: { receiptNo: booking.receiptNo, status: booking.status, confirmBy: booking.deadlineAt ? new Date(booking.deadlineAt).toISOString() : null } } : {}),
  };
}

export async function withdrawEntry(deps: Deps, input: { published: PublishedTenant; lotteryId: string; entryNo: string; auth: EntryAuth; actor: Actor }) {
  const now = deps.clock.now().getTime();
  const l = findLottery(input.published, input.lotteryId);
  const tenant = input.published.tenant.slug;
  const service = serviceOf(input.published, l);
  return transaction(deps.db, async (tx) => {
    const row = await findEntry(tx, tenant, l, input.entryNo, input.auth);
    const staff = input.actor.type === 'staff';
    if (row.status !== ENTRY.applied) throw new EngineError('lottery.entry_not_active', { status: row.status });
    if (!staff && !l.onlineWithdrawal) throw new EngineError('lottery.withdrawal_offline');
    const inst = await readInstance(tx, tenant, l);
    if ((!staff && now >= l.closesMs) || inst?.status === 'drawn') throw new EngineError('lottery.withdrawal_closed');
    await sqlRun(tx, "UPDATE lottery_entries SET status = 'withdrawn', updated_at = ? WHERE id = ?", [now, row.id]);
    await writeAudit(tx, { tenant, at: now, actor: input.actor, action: 'lottery.withdrawn', target: { type: 'lottery-entry', id: `${l.id}/${row.entryNo}` }, details: {} });
    await emitEntryEvent(tx, deps, input.published, 'lottery.withdrawn', l, { entryNo: row.entryNo, email: emailOf(service, row), memberId: row.memberId });
    return entryView(tx, { ...row, status: 'withdrawn' });
  });
}

/** Runs the draw once; a second call (or the job) returns the stored result. */
export async function drawLottery(deps: Deps, input: { published: PublishedTenant; lotteryId: string; actor: Actor }): Promise<PublishedResult> {
  const now = deps.clock.now().getTime();
  const l = findLottery(input.published, input.lotteryId);
  const tenant = input.published.tenant.slug;
  const service = serviceOf(input.published, l);
  return transaction(deps.db, async (tx) => {
    const inst = await ensureInstance(tx, tenant, l, now);
    if (inst.status === 'drawn') return JSON.parse(inst.resultJson!) as PublishedResult;
    if (now < l.closesMs) throw new EngineError('lottery.draw_too_early', { closes: l.closes });
    const rows = await sqlAll<EntryRow>(
      tx,
      `SELECT id, entry_no AS "entryNo", choices_json AS "choicesJson", answers_json AS "answersJson", member_id AS "memberId", person_key AS "personKey", access_key_hash AS "accessKeyHash", tier, status
       FROM lottery_entries WHERE tenant_slug = ? AND lottery_id = ? AND cycle = ? AND status = '${ENTRY.applied}' ORDER BY entry_no`,
      [tenant, l.blockId, l.cycle],
    );
    // Opaque person labels in order of first entry: they let anyone check maxWinsPerPerson, and say nobody's name.
    const persons = new Map<string, string>();
    for (const r of rows) if (!persons.has(r.personKey)) persons.set(r.personKey, `P${persons.size + 1}`);
    const entries: DrawEntry[] = rows.map((r) => ({ entryNo: r.entryNo, tier: r.tier, person: persons.get(r.personKey)!, choices: JSON.parse(r.choicesJson) }));
    // The places each chosen slot has left now (staff bookings made meanwhile count).
    const slotMap = new Map<string, { slot: Slot; draw: DrawSlot }>();
    for (const e of entries)
      for (const c of e.choices) {
        const slot = lotterySlot(l, service, c.resource, c.start);
        if (!slot || slotMap.has(`${slot.resource}|${slot.startMs}`)) continue;
        const units = [];
        for (const u of slot.units) {
          const used = (await sqlGet<{ used: number }>(tx, 'SELECT used FROM slot_counters WHERE tenant_slug = ? AND calendar_id = ? AND unit = ? AND slot_start = ?', [tenant, service.calendar.id, u.unit, slot.startMs]))?.used ?? 0;
          units.push({ unit: u.unit, available: Math.max(0, u.capacity - used) });
        }
        slotMap.set(`${slot.resource}|${slot.startMs}`, { slot, draw: { resource: slot.resource, start: slot.start, units } });
      }
    const slots = [...slotMap.values()].map((s) => s.draw).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.resource < b.resource ? -1 : 1));
    const outcomes = runDraw({ seed: inst.seed, entries, slots, maxWinsPerPerson: l.maxWinsPerPerson });
    const byNo = new Map(rows.map((r) => [r.entryNo, r]));
    const deadlineAt = l.confirmWithinHours > 0 ? now + l.confirmWithinHours * 3_600_000 : null;
    const status: BookingStatus = deadlineAt === null ? ADMITTED : OFFERED;
    for (const o of outcomes) {
      const r = byNo.get(o.entryNo)!;
      if (o.outcome !== ENTRY.won) {
        await sqlRun(tx, 'UPDATE lottery_entries SET status = ?, updated_at = ? WHERE id = ?', [ENTRY.lost, now, r.id]);
        await emitEntryEvent(tx, deps, input.published, 'lottery.lost', l, { entryNo: r.entryNo, email: emailOf(service, r), memberId: r.memberId });
        continue;
      }
      const c = entries.find((e) => e.entryNo === o.entryNo)!.choices[o.wonChoice!]!;
      const slot = slotMap.get(`${c.resource}|${parseInstant(c.start)}`)!.slot;
      const bookingId = await recordWin(tx, deps, input.published, service, slot, r, { status, deadlineAt, now, actor: input.actor });
      await sqlRun(tx, "UPDATE lottery_entries SET status = 'won', won_choice = ?, booking_id = ?, updated_at = ? WHERE id = ?", [o.wonChoice, bookingId, now, r.id]);
    }
    const result: PublishedResult = {
      format: 'muni-lottery/1',
      tenant,
      lottery: l.id,
      cycle: l.cycle,
      seedHash: inst.seedHash,
      seed: inst.seed,
      maxWinsPerPerson: l.maxWinsPerPerson,
      entriesDigest: entriesDigest(entries),
      drawnAt: new Date(now).toISOString(),
      slots,
      entries: entries.map((e) => {
        const o = outcomes.find((x) => x.entryNo === e.entryNo)!;
        return { ...e, rank: o.rank, outcome: o.outcome, wonChoice: o.wonChoice };
      }),
    };
    await sqlRun(tx, "UPDATE lottery_instances SET status = 'drawn', drawn_at = ?, result_json = ? WHERE tenant_slug = ? AND lottery_id = ? AND cycle = ?", [now, JSON.stringify(result), tenant, l.blockId, l.cycle]);
    // The grids' cache keys on counter writes: a draw with no winner writes none, yet its slots open.
    countersChanged();
    await writeAudit(tx, { tenant, at: now, actor: input.actor, action: 'lottery.drawn', target: { type: 'lottery', id: l.id }, details: { entries: entries.length, won: outcomes.filter((o) => o.outcome === 'won').length, seedHash: inst.seedHash } });
    return result;
  });
}

const emailOf = (service: CompiledService, r: Pick<EntryRow, 'answersJson' | 'memberId'>) =>
  identityOf(service.form, JSON.parse(r.answersJson) as Record<string, unknown>, r.memberId ?? undefined).emailKey;

async function recordWin(
  tx: Tx,
  deps: Deps,
  published: PublishedTenant,
  service: CompiledService,
  slot: Slot,
  r: EntryRow,
  o: { status: BookingStatus; deadlineAt: number | null; now: number; actor: Actor },
): Promise<number> {
  const tenant = published.tenant.slug;
  const answers = JSON.parse(r.answersJson) as Record<string, unknown>;
  const id = identityOf(service.form, answers, r.memberId ?? undefined);
  const receiptNo = await nextReceiptNo(tx, tenant);
  const bookingId = await insertBooking(tx, {
    tenantSlug: tenant,
    receiptNo,
    serviceId: service.id,
    calendarId: service.calendar.id,
    resourceId: slot.resource,
    slotStart: slot.startMs,
    slotEnd: slot.endMs,
    slotDate: slot.date,
    slotStartLocal: slot.startLocal,
    status: o.status,
    holdsCapacity: true,
    deadlineAt: o.deadlineAt,
    seats: 1,
    answersJson: r.answersJson,
    phoneKey: id.phoneKey ?? null,
    emailKey: id.emailKey ?? null,
    nameKey: id.nameKey ?? null,
    memberId: r.memberId,
    // The entry's access key opens its booking too.
    accessKeyHash: r.accessKeyHash,
    channel: 'web',
    versionId: published.versionId,
    createdAt: o.now,
    updatedAt: o.now,
  });
  await insertBookingUnits(tx, bookingId, slot.units, 1);
  await takeUnits(tx, { tenant, calendar: service.calendar.id, slotStart: slot.startMs }, slot.units, 1);
  await recordHistory(tx, { bookingId, tenant, at: o.now, from: null, to: o.status, actor: o.actor });
  await writeAudit(tx, { tenant, at: o.now, actor: o.actor, action: `booking.${o.status}`, target: { type: 'booking', id: receiptNo }, details: { lottery: true, entry: r.entryNo } });
  await emitBookingEvent(tx, deps, published, 'lottery.won', bookingId, { admitted: o.status === ADMITTED });
  return bookingId;
}

export async function getResult(deps: Deps, published: PublishedTenant, lotteryId: string): Promise<PublishedResult> {
  const l = findLottery(published, lotteryId);
  const inst = await readInstance(deps.db, published.tenant.slug, l);
  if (inst?.status !== 'drawn') throw new EngineError('lottery.not_drawn');
  return JSON.parse(inst.resultJson!) as PublishedResult;
}

/** 当選確定: the offered booking becomes confirmed before its deadline. */
export async function confirmWin(deps: Deps, input: { published: PublishedTenant; lotteryId: string; entryNo: string; auth: EntryAuth; actor: Actor }) {
  const now = deps.clock.now().getTime();
  const l = findLottery(input.published, input.lotteryId);
  const tenant = input.published.tenant.slug;
  return transaction(deps.db, async (tx) => {
    const row = await findEntry(tx, tenant, l, input.entryNo, input.auth);
    const b = row.bookingId ? await bookingById(tx, row.bookingId) : undefined;
    if (row.status !== 'won' || !b) throw new EngineError('lottery.entry_not_active', { status: row.status });
    if (b.status === ADMITTED) return entryView(tx, row);
    if (b.status !== OFFERED) throw new EngineError('lottery.entry_not_active', { status: b.status });
    if (b.deadlineAt !== null && now >= b.deadlineAt) throw new EngineError('lottery.confirm_closed');
    await transition(tx, { booking: b, to: ADMITTED, actor: input.actor, at: now, deadlineAt: null, details: { lottery: l.id, entry: row.entryNo } });
    await emitBookingEvent(tx, deps, input.published, 'booking.confirmed', b.id);
    return entryView(tx, row);
  });
}

/** Releases wins not confirmed by their deadline (the place opens to first-come booking). */
export async function releaseExpiredWins(deps: Deps, published: PublishedTenant): Promise<number> {
  const now = deps.clock.now().getTime();
  const tenant = published.tenant.slug;
  if (blocksOf(published).length === 0) return 0;
  return transaction(deps.db, async (tx) => {
    const due = await sqlAll<{ id: number }>(
      tx,
      `SELECT b.id AS id FROM lottery_entries e JOIN bookings b ON b.id = e.booking_id
       WHERE e.tenant_slug = ? AND b.status = ? AND b.deadline_at IS NOT NULL AND b.deadline_at <= ?`,
      [tenant, OFFERED, now],
    );
    for (const { id } of due) {
      const b = (await bookingById(tx, id))!;
      await transition(tx, { booking: b, to: EXPIRED, actor: { type: 'system' }, at: now, reason: 'lottery confirmation deadline', action: 'lottery.released' });
      await emitBookingEvent(tx, deps, published, 'lottery.released', id);
    }
    return due.length;
  });
}

/** Lotteries due to be drawn automatically (drawAt passed, not drawn). */
export async function dueDraws(db: Db, published: PublishedTenant, now: number): Promise<CompiledLottery[]> {
  const due: CompiledLottery[] = [];
  for (const l of lotteriesOf(published, now)) if (now >= l.drawAtMs && (await readInstance(db, published.tenant.slug, l))?.status !== 'drawn') due.push(l);
  return due;
}

/** The lottery (not yet drawn) whose slots include this one, for refusing first-come bookings. */
export async function blockingLottery(db: Db, published: PublishedTenant, serviceId: string, slotDate: string): Promise<CompiledLottery | undefined> {
  for (const b of blocksOf(published)) {
    if (b.service !== serviceId) continue;
    const l = lotteryForDate(b, slotDate);
    if (l && (await readInstance(db, published.tenant.slug, l))?.status !== 'drawn') return l;
  }
  return undefined;
}


/** The staff list of a lottery's entries (抽選申込一覧), with the answers staff may see. */
export async function listEntries(db: Db, published: PublishedTenant, lotteryId: string) {
  const l = findLottery(published, lotteryId);
  const rows = await sqlAll<
    Pick<EntryRow, 'entryNo' | 'status' | 'tier' | 'choicesJson' | 'wonChoice' | 'answersJson' | 'memberId' | 'createdAt'> & {
      channel: string;
      receiptNo: string | null;
      bookingStatus: BookingStatus | null;
    }
  >(
    db,
    `SELECT e.entry_no AS "entryNo", e.status, e.tier, e.choices_json AS "choicesJson", e.won_choice AS "wonChoice", e.channel, e.created_at AS "createdAt",
       e.answers_json AS "answersJson", e.member_id AS "memberId", b.receipt_no AS "receiptNo", b.status AS "bookingStatus"
     FROM lottery_entries e LEFT JOIN bookings b ON b.id = e.booking_id
     WHERE e.tenant_slug = ? AND e.lottery_id = ? AND e.cycle = ? ORDER BY e.entry_no`,
    [published.tenant.slug, l.blockId, l.cycle],
  );
  return rows.map(({ choicesJson, answersJson, createdAt, ...r }) => ({
    ...r,
    // A win waiting for 当選確定 (the console's 当選確定 on behalf).
    confirmable: r.status === ENTRY.won && r.bookingStatus === OFFERED,
    tier: l.priority[r.tier]?.id ?? null,
    choices: JSON.parse(choicesJson) as { resource: string; start: string }[],
    answers: JSON.parse(answersJson) as Record<string, unknown>,
    // In the tenant's zone with its offset: the console shows the local time as written.
    createdAt: instantIso(createdAt, tenantTimezone(published)),
  }));
}

/** 24 hours before the confirmation deadline, once per win (a notice already queued is not queued again). */
export const REMIND_BEFORE_MS = 24 * 3_600_000;

export async function remindUnconfirmedWins(deps: Deps, published: PublishedTenant): Promise<number> {
  const now = deps.clock.now().getTime();
  const tenant = published.tenant.slug;
  if (blocksOf(published).length === 0) return 0;
  return transaction(deps.db, async (tx) => {
    const due = await sqlAll<{ id: number }>(
      tx,
      `SELECT b.id AS id FROM lottery_entries e JOIN bookings b ON b.id = e.booking_id
       WHERE e.tenant_slug = ? AND b.status = ? AND b.deadline_at IS NOT NULL AND b.deadline_at > ? AND b.deadline_at - ? <= ?
         AND NOT EXISTS (SELECT 1 FROM notification_outbox o WHERE o.booking_id = b.id AND o.event = 'lottery.confirm_reminder')`,
      [tenant, OFFERED, now, REMIND_BEFORE_MS, now],
    );
    let sent = 0;
    for (const { id } of due) sent += (await emitBookingEvent(tx, deps, published, 'lottery.confirm_reminder', id)).length;
    return sent;
  });
}

/** A member's entries in one lottery (newest first), for the lottery's page. */
export function memberEntries(db: Db, tenant: string, l: Key, memberId: string): Promise<{ entryNo: number; status: EntryRow['status'] }[]> {
  return sqlAll<{ entryNo: number; status: EntryRow['status'] }>(db, 'SELECT entry_no AS "entryNo", status FROM lottery_entries WHERE tenant_slug = ? AND lottery_id = ? AND cycle = ? AND member_id = ? ORDER BY entry_no DESC', [tenant, l.blockId, l.cycle, memberId]);
}

/** The console's list: every lottery around now with its state, seed hash and entry counts by state. */
export async function staffLotteries(deps: Deps, published: PublishedTenant) {
  const tenant = published.tenant.slug;
  const out = [];
  for (const l of await listLotteries(deps, published)) {
    const c = findLottery(published, l.id);
    const counts = { applied: 0, won: 0, lost: 0, withdrawn: 0 } as Record<EntryRow['status'], number>;
    for (const r of await sqlAll<{ status: EntryRow['status']; n: number }>(deps.db, 'SELECT status, COUNT(*) AS n FROM lottery_entries WHERE tenant_slug = ? AND lottery_id = ? AND cycle = ? GROUP BY status', [tenant, c.blockId, c.cycle])) counts[r.status] = r.n;
    const service = published.tenant.get('service', c.service);
    const tz = service?.calendar.timezone ?? 'Asia/Tokyo';
    out.push({
      ...l,
      counts,
      onlineWithdrawal: c.onlineWithdrawal,
      // The zone's offset for the console's date-and-time inputs of paper entries (抽選入力).
      utcOffset: localIso(c.slotsFrom, '00:00', tz).slice(-6),
      resources: (service?.calendar.resources ?? []).map((r) => ({ id: r.id, title: r.title, titleEn: r.titleEn })),
    });
  }
  return out;
}

/** An entry's state in words (the resident pages, 申し込み一覧). */
export const ENTRY_STATE_WORDS: Record<EntryRow['status'], { ja: string; en: string }> = {
  applied: { ja: '申込中（抽選前）', en: 'Entered (before the draw)' },
  won: { ja: '当選', en: 'Won' },
  lost: { ja: '落選', en: 'Not drawn' },
  withdrawn: { ja: '取下げ済み', en: 'Withdrawn' },
};

/** A member's entries in every lottery (newest first), for 申し込み一覧. */
export async function memberEntryLinks(db: Db, published: PublishedTenant, memberId: string) {
  const rows = await sqlAll<{
    blockId: string;
    cycle: string;
    entryNo: number;
    status: EntryRow['status'];
  }>(db, 'SELECT lottery_id AS "blockId", cycle, entry_no AS "entryNo", status FROM lottery_entries WHERE tenant_slug = ? AND member_id = ? ORDER BY created_at DESC LIMIT 50', [published.tenant.slug, memberId]);
  return rows.flatMap((r) => {
    const l = lotteryById(blocksOf(published), r.cycle ? `${r.blockId}-${r.cycle}` : r.blockId);
    if (!l) return [];
    return [{ label: { ja: `${l.title} 抽選申込番号 ${r.entryNo}`, en: `${l.title}, entry ${r.entryNo}` }, state: ENTRY_STATE_WORDS[r.status], href: `/lottery/${encodeURIComponent(l.id)}/entry?no=${r.entryNo}` }];
  });
}
