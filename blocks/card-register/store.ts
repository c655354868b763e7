// Use cases of the card register. Each runs in one immediate transaction with its EDI
// outbox row and audit row; the outside lookup (async) is asked before the transaction.
// Dates are the tenant's calendar dates; `date` is the processing date of the operation.
import { addMonths, isDate, lastDayOfMonth } from '../../engine/schedule/dates';
import { addDays } from '../../engine/schedule/time';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { writeAudit, type Actor, type Tx } from '../../engine/audit';
import { tenantTimezone, type PublishedTenant } from '../../engine/config/tenant';
import { EngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { committed, transaction, type Db } from '../../engine/db';
import { ediOutbox, issuedCards, records } from '../../engine/db/schema';
import { epochToLocal } from '../../engine/schedule/time';
import type { CompiledRecord } from '../record/block';
import { normalizeField } from '../record/import';
import { insertRecords } from '../record/store';
import { parseImport } from '../record/import';
import type { ImportIssue } from '../../engine/export/csv-import';
import type { CompiledWorkflow } from '../workflow/block';
import type { CompiledCardRegister } from './block';
import { ediPayload } from './edi';
import { nameKey, normalizeSubject, type LeaseLookup } from './lookup';
import { CARD, cardStateLabel, REASON } from './states';

export type CardRow = typeof issuedCards.$inferSelect;

// ── dates ──
export const monthOf = (date: string) => date.slice(0, 7);
export const tenantDate = (published: PublishedTenant, now: number) => epochToLocal(now, tenantTimezone(published)).date;

/** The body's `date` (422 at /date when malformed), else today in the tenant's zone. */
export function processingDate(raw: unknown, published: PublishedTenant, now: number): string {
  if (raw === undefined || raw === null || raw === '') return tenantDate(published, now);
  if (!isDate(raw)) throw invalid('/date', 'card.bad_date');
  return raw;
}

const invalid = (path: string, code: string, params: Record<string, unknown> = {}) => new EngineError(code, params, { issues: [makeIssue(path, code, params)] });

// ── card numbers ──
/** Luhn check digit of a digit string (the digit to append). */
export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The next number of the register: in the caller's (immediate) transaction, so no two writers get the same. */
async function nextCardNo(tx: Tx, tenant: string, reg: CompiledCardRegister): Promise<string> {
  const { prefix, digits } = reg.cardNumber;
  const seqLen = digits - prefix.length - 1;
  const [max] = await tx
    .select({ no: sql<string | null>`max(${issuedCards.cardNo})` })
    .from(issuedCards)
    .where(and(eq(issuedCards.tenantSlug, tenant), eq(issuedCards.register, reg.id), like(issuedCards.cardNo, `${prefix}%`), sql`length(${issuedCards.cardNo}) = ${digits}`))
    .limit(1);
  const top = max?.no;
  const seq = top ? Number(top.slice(prefix.length, -1)) + 1 : 1;
  if (String(seq).length > seqLen) throw new EngineError('card.numbers_exhausted');
  const body = `${prefix}${String(seq).padStart(seqLen, '0')}`;
  return `${body}${luhnDigit(body)}`;
}

// ── the register and its holder type ──
export function findRegister(published: PublishedTenant, id: string): CompiledCardRegister {
  const reg = published.tenant.get('card-register', id);
  if (!reg) throw new EngineError('card.register_not_found', { register: id });
  return reg;
}

export function holderType(published: PublishedTenant, reg: CompiledCardRegister): { rt: CompiledRecord; wf: CompiledWorkflow } {
  const rt = published.tenant.get('record', reg.holder);
  const wf = published.tenant.list('workflow').find((w) => w.record === reg.holder);
  if (!rt) throw new EngineError('card.holder_not_record', { holder: reg.holder });
  if (!wf) throw new EngineError('card.holder_no_workflow', { holder: reg.holder });
  return { rt, wf };
}

export interface Ctx {
  db: Db;
  published: PublishedTenant;
  reg: CompiledCardRegister;
  actor: Actor;
  /** Epoch ms of the request (created/updated stamps, audit). */
  at: number;
}

const tenantOf = (x: Ctx) => x.published.tenant.slug;

// ── contracts ──
const DAYS_OFF = /^[月火水木金土日]*$/;

/** Validates contract fields against the holder type; issues located at /fields/<id>. */
export function validateContractFields(rt: CompiledRecord, input: Record<string, unknown>, base = '/fields'): { fields: Record<string, string>; issues: ReturnType<typeof makeIssue>[] } {
  const issues: ReturnType<typeof makeIssue>[] = [];
  const fields: Record<string, string> = {};
  for (const k of Object.keys(input)) if (!rt.fields.some((f) => f.id === k)) issues.push(makeIssue(`${base}/${k}`, 'card.unknown_field', { field: k }));
  for (const f of rt.fields) {
    const raw = input[f.id];
    const text = raw === undefined || raw === null ? '' : typeof raw === 'string' || typeof raw === 'number' ? String(raw) : null;
    const p = { label: f.label, labelEn: f.labelEn ?? f.label };
    if (text === null) {
      issues.push(makeIssue(`${base}/${f.id}`, 'card.field_invalid', p));
      continue;
    }
    if (text.trim() === '') {
      if (f.required || f.id === rt.key) issues.push(makeIssue(`${base}/${f.id}`, 'card.field_required', p));
      continue;
    }
    const n = normalizeField(f, text);
    if ('value' in n) fields[f.id] = n.value;
    else issues.push(makeIssue(`${base}/${f.id}`, n.code, n.params ?? {}));
  }
  return { fields, issues };
}

/** Days off must be 曜日 characters only (separators dropped); the issue, located, or undefined. */
export function normalizeDaysOff(reg: CompiledCardRegister, fields: Record<string, string>, base: string) {
  const id = reg.daysOffField;
  const v = id ? fields[id] : undefined;
  if (id && v !== undefined) {
    const compact = v.normalize('NFKC').replace(/[\s、,・]/g, '');
    if (!DAYS_OFF.test(compact)) return makeIssue(`${base}/${id}`, 'card.bad_days_off');
    fields[id] = compact;
  }
  return undefined;
}

/** Checks one contract's fields against the lease system; the problems, located. */
export async function leaseIssues(reg: CompiledCardRegister, rt: CompiledRecord, fields: Record<string, string>, lookup: LeaseLookup, base: string) {
  const leaseNo = fields[rt.key];
  if (leaseNo === undefined) return [];
  const lease = await lookup.contract(leaseNo);
  if (!lease) return [makeIssue(`${base}/${rt.key}`, 'card.lease_not_found', { leaseNo })];
  const name = fields[reg.holderName];
  if (name !== undefined && nameKey(name) !== nameKey(lease.customerName)) return [makeIssue(`${base}/${reg.holderName}`, 'card.lease_name_mismatch', { expected: lease.customerName })];
  return [];
}

async function keyExists(db: Db | Tx, tenant: string, rt: CompiledRecord, key: string): Promise<boolean> {
  const [row] = await db.select({ id: records.id }).from(records).where(and(eq(records.tenantSlug, tenant), eq(records.type, rt.id), eq(records.key, key))).limit(1);
  return !!row;
}

/** 契約管理: one contract, checked against the lease system, stored in the workflow's initial state. */
export async function registerContract(x: Ctx, input: Record<string, unknown>, lookup: LeaseLookup): Promise<{ key: string; lease: { leaseNo: string; customerName: string; start: string; end: string } }> {
  const { rt, wf } = holderType(x.published, x.reg);
  const { fields, issues } = validateContractFields(rt, input);
  const d = normalizeDaysOff(x.reg, fields, '/fields');
  if (d) issues.push(d);
  if (issues.length) throw new EngineError(issues[0].code, {}, { issues });
  const found = await leaseIssues(x.reg, rt, fields, lookup, '/fields');
  if (found.length) throw new EngineError(found[0].code, { leaseNo: fields[rt.key] }, { issues: found });
  const lease = (await lookup.contract(fields[rt.key]))!;
  const key = fields[rt.key];
  await committed(x.db, () =>
    transaction(x.db, async (tx) => {
      if (await keyExists(tx, tenantOf(x), rt, key)) throw invalid(`/fields/${rt.key}`, 'card.contract_exists', { leaseNo: key });
      await insertRecords(tx, { tenant: tenantOf(x), rt, wf, rows: [{ key, fields }], actor: x.actor, at: x.at });
      await writeAudit(tx, { tenant: tenantOf(x), at: x.at, actor: x.actor, action: 'card.contract_registered', target: { type: 'record', id: key }, details: { register: x.reg.id, type: rt.id } });
    }),
  );
  return { key, lease };
}

// ── cards ──
async function inUseOf(db: Db | Tx, tenant: string, reg: string, where: SQL): Promise<CardRow | undefined> {
  const [row] = await db.select().from(issuedCards).where(and(eq(issuedCards.tenantSlug, tenant), eq(issuedCards.register, reg), eq(issuedCards.state, CARD.inUse), where)).limit(1);
  return row;
}

async function activeHolder(tx: Tx, x: Ctx, leaseNo: string) {
  const { rt, wf } = holderType(x.published, x.reg);
  const [row] = await tx.select().from(records).where(and(eq(records.tenantSlug, tenantOf(x)), eq(records.type, rt.id), eq(records.key, leaseNo))).limit(1);
  // Contracts are registered in the workflow's first state (契約中); any other state has ended.
  if (!row || row.state !== wf.initial) throw new EngineError('card.no_contract', { leaseNo });
  return { row, fields: JSON.parse(row.fieldsJson) as Record<string, string> };
}

/** The partial unique index of in-use cards refused a row: SQLite names its columns, PostgreSQL the index; the driver's error may wrap it (cause). */
function isInUseConflict(e: unknown): boolean {
  for (let cur = e, depth = 0; cur instanceof Error && depth < 5; cur = cur.cause, depth++) {
    if (/UNIQUE constraint failed: issued_cards\.tenant_slug, issued_cards\.register, issued_cards\.subject|"issued_cards_in_use"/.test(cur.message)) return true;
  }
  return false;
}

async function insertCard(tx: Tx, x: Ctx, row: Omit<CardRow, 'id' | 'tenantSlug' | 'register' | 'createdAt' | 'updatedAt' | 'endedOn' | 'renewalNoticeOn'>, holderFields: Record<string, string>, kind: 'new' | 'renewal' | 'reissue'): Promise<CardRow> {
  let card: CardRow;
  try {
    // In a savepoint: after the refusal the transaction goes on (PostgreSQL aborts a transaction on a failed statement otherwise).
    card = await transaction(tx, async (sp) => {
      const [r] = await sp
        .insert(issuedCards)
        .values({ ...row, id: randomUUID(), tenantSlug: tenantOf(x), register: x.reg.id, endedOn: null, renewalNoticeOn: null, createdAt: x.at, updatedAt: x.at })
        .returning();
      return r;
    });
  } catch (e) {
    // Two clerks issuing for the same vehicle at once: the partial unique index refuses the second.
    if (isInUseConflict(e)) throw new EngineError('card.subject_in_use', { subject: row.subject, cardNo: (await inUseOf(tx, tenantOf(x), x.reg.id, eq(issuedCards.subject, row.subject)))?.cardNo ?? '' });
    throw e;
  }
  await tx
    .insert(ediOutbox)
    .values({ tenantSlug: tenantOf(x), channel: `card-register/${x.reg.id}`, ref: card.id, payload: JSON.stringify(ediPayload(x.reg, card, holderFields, kind)), status: 'pending', attempts: 0, nextAt: x.at, createdAt: x.at });
  return card;
}

/** A card is replaced on or after the day it was issued (a replayed year keeps its order). */
function notBefore(card: CardRow, date: string) {
  if (date < card.issuedOn) throw invalid('/date', 'card.date_before_issue', { issuedOn: card.issuedOn });
}

/** Ends the in-use row replaced on `date`: valid to the day before at the latest. */
async function endCard(tx: Tx, x: Ctx, card: CardRow, to: typeof CARD.renewed | typeof CARD.invalid, date: string): Promise<void> {
  const before = addDays(date, -1);
  await tx
    .update(issuedCards)
    .set({ state: to, endedOn: date, validUntil: card.validUntil < before ? card.validUntil : before, updatedAt: x.at })
    .where(eq(issuedCards.id, card.id));
}

export async function issueCard(x: Ctx, o: { subject: unknown; cardType: unknown; date: string }, lookup: LeaseLookup): Promise<CardRow> {
  const subject = typeof o.subject === 'string' ? normalizeSubject(o.subject) : '';
  if (!subject) throw invalid('/subject', 'card.subject_required');
  if (typeof o.cardType !== 'string' || !x.reg.cardTypes.some((t) => t.value === o.cardType)) throw invalid('/cardType', 'card.bad_card_type');
  const cardType = o.cardType;
  const vehicle = await lookup.vehicle(subject);
  if (!vehicle) throw invalid('/subject', 'card.subject_not_found', { subject });
  const lease = await lookup.contract(vehicle.leaseNo);
  if (!lease) throw invalid('/subject', 'card.lease_not_found', { leaseNo: vehicle.leaseNo });
  if (lease.end < o.date) throw invalid('/date', 'card.lease_ended', { end: lease.end });
  const expiryMonth = monthOf(lease.end);
  return committed(x.db, () =>
    transaction(x.db, async (tx) => {
      const holder = await activeHolder(tx, x, lease.leaseNo);
      const current = await inUseOf(tx, tenantOf(x), x.reg.id, eq(issuedCards.subject, subject));
      if (current) throw new EngineError('card.subject_in_use', { subject, cardNo: current.cardNo });
      const card = await insertCard(
        tx,
        x,
        { cardNo: await nextCardNo(tx, tenantOf(x), x.reg), holderKey: holder.row.key, subject, leaseNo: lease.leaseNo, cardType, expiryMonth, state: CARD.inUse, firstIssuedOn: o.date, issuedOn: o.date, reason: REASON.new, issueFee: x.reg.issueFee, validUntil: lastDayOfMonth(expiryMonth), previousId: null },
        holder.fields,
        'new',
      );
      await writeAudit(tx, { tenant: tenantOf(x), at: x.at, actor: x.actor, action: 'card.issued', target: { type: 'card', id: card.cardNo }, details: { register: x.reg.id, holder: card.holderKey, date: o.date, expiry: expiryMonth } });
      return card;
    }),
  );
}

async function currentCard(db: Db | Tx, x: Ctx, cardNo: string): Promise<CardRow> {
  const card = await inUseOf(db, tenantOf(x), x.reg.id, eq(issuedCards.cardNo, cardNo));
  if (card) return card;
  const [any] = await db.select({ id: issuedCards.id }).from(issuedCards).where(and(eq(issuedCards.tenantSlug, tenantOf(x)), eq(issuedCards.register, x.reg.id), eq(issuedCards.cardNo, cardNo))).limit(1);
  throw new EngineError(any ? 'card.not_in_use' : 'card.not_found', { cardNo });
}

/** 更新: same number, the expiry month of the (extended) lease; the old row ends the day before. */
export async function renewCard(x: Ctx, o: { cardNo: string; date: string }, lookup: LeaseLookup): Promise<CardRow> {
  const seen = await currentCard(x.db, x, o.cardNo);
  const lease = seen.leaseNo ? await lookup.contract(seen.leaseNo) : null;
  if (!lease) throw new EngineError('card.lease_not_found', { leaseNo: seen.leaseNo ?? '' });
  const expiryMonth = monthOf(lease.end);
  if (expiryMonth <= seen.expiryMonth) throw new EngineError('card.lease_not_extended', { month: expiryMonth, expiry: seen.expiryMonth });
  return committed(x.db, () =>
    transaction(x.db, async (tx) => {
      const old = await currentCard(tx, x, o.cardNo);
      notBefore(old, o.date);
      // Read again in the transaction: another clerk may have renewed it meanwhile.
      if (expiryMonth <= old.expiryMonth) throw new EngineError('card.lease_not_extended', { month: expiryMonth, expiry: old.expiryMonth });
      const holder = await activeHolder(tx, x, old.holderKey);
      await endCard(tx, x, old, CARD.renewed, o.date);
      const card = await insertCard(
        tx,
        x,
        { cardNo: old.cardNo, holderKey: old.holderKey, subject: old.subject, leaseNo: old.leaseNo, cardType: old.cardType, expiryMonth, state: CARD.inUse, firstIssuedOn: old.firstIssuedOn, issuedOn: o.date, reason: REASON.renewal, issueFee: x.reg.issueFee, validUntil: lastDayOfMonth(expiryMonth), previousId: old.id },
        holder.fields,
        'renewal',
      );
      await writeAudit(tx, { tenant: tenantOf(x), at: x.at, actor: x.actor, action: 'card.renewed', target: { type: 'card', id: card.cardNo }, details: { register: x.reg.id, date: o.date, from: old.expiryMonth, to: expiryMonth } });
      return card;
    }),
  );
}

/** 再発行: a new number for the rest of the old card's term; the old card becomes 無効. */
export async function reissueCard(x: Ctx, o: { cardNo: string; reason: unknown; cardType?: unknown; date: string }): Promise<CardRow> {
  const reason = x.reg.reissueReasons.find((r) => r.value === o.reason);
  if (!reason) throw invalid('/reason', 'card.bad_reason');
  if (o.cardType !== undefined && o.cardType !== null && o.cardType !== '' && (typeof o.cardType !== 'string' || !x.reg.cardTypes.some((t) => t.value === o.cardType))) throw invalid('/cardType', 'card.bad_card_type');
  return transaction(x.db, async (tx) => {
    const old = await currentCard(tx, x, o.cardNo);
    notBefore(old, o.date);
    const holder = await activeHolder(tx, x, old.holderKey);
    await endCard(tx, x, old, CARD.invalid, o.date);
    const card = await insertCard(
      tx,
      x,
      {
        cardNo: await nextCardNo(tx, tenantOf(x), x.reg),
        holderKey: old.holderKey,
        subject: old.subject,
        leaseNo: old.leaseNo,
        cardType: typeof o.cardType === 'string' && o.cardType ? o.cardType : old.cardType,
        expiryMonth: old.expiryMonth,
        state: CARD.inUse,
        firstIssuedOn: old.firstIssuedOn,
        issuedOn: o.date,
        reason: reason.value,
        issueFee: reason.fee ? x.reg.issueFee : 0,
        validUntil: lastDayOfMonth(old.expiryMonth),
        previousId: old.id,
      },
      holder.fields,
      'reissue',
    );
    await writeAudit(tx, { tenant: tenantOf(x), at: x.at, actor: x.actor, action: 'card.reissued', target: { type: 'card', id: card.cardNo }, details: { register: x.reg.id, date: o.date, previous: old.cardNo, reason: reason.value } });
    return card;
  });
}

/**
 * 月末解約: every in-use card past its last valid day, or expiring this month when `date` is the
 * month's last day, becomes 解約 in one transaction. Idempotent: a second run finds none.
 */
export function runMonthEnd(db: Db, published: PublishedTenant, reg: CompiledCardRegister, date: string, actor: Actor = { type: 'system' }, at = Date.now()): Promise<number> {
  const tenant = published.tenant.slug;
  const lastDay = lastDayOfMonth(monthOf(date)) === date;
  return transaction(db, async (tx) => {
    const due = or(lt(issuedCards.validUntil, date), lastDay ? eq(issuedCards.expiryMonth, monthOf(date)) : sql`1 = 0`)!;
    const rows = await tx
      .update(issuedCards)
      .set({ state: CARD.cancelled, endedOn: date, updatedAt: at })
      .where(and(eq(issuedCards.tenantSlug, tenant), eq(issuedCards.register, reg.id), eq(issuedCards.state, CARD.inUse), due))
      .returning({ cardNo: issuedCards.cardNo });
    if (rows.length) await writeAudit(tx, { tenant, at, actor, action: 'card.month_end', target: { type: 'card-register', id: reg.id }, details: { date, cancelled: rows.length, cards: rows.slice(0, 200).map((r) => r.cardNo) } });
    return rows.length;
  });
}

// ── reading ──
export interface CardView {
  id: string;
  cardNo: string;
  holderKey: string;
  holderName: string;
  subject: string;
  leaseNo: string | null;
  cardType: string;
  cardTypeLabel: string;
  expiryMonth: string;
  state: string;
  stateLabel: string;
  firstIssuedOn: string;
  issuedOn: string;
  reason: string;
  reasonLabel: string;
  issueFee: number;
  validUntil: string;
  endedOn: string | null;
  renewalNoticeOn: string | null;
  previousId: string | null;
}

const REASON_WORDS = { [REASON.new]: { ja: '新規', en: 'New' }, [REASON.renewal]: { ja: '更新', en: 'Renewal' } } as Record<string, { ja: string; en: string }>;

export function reasonLabel(reg: CompiledCardRegister, reason: string, lang: 'ja' | 'en'): string {
  const r = reg.reissueReasons.find((x) => x.value === reason);
  if (r) return lang === 'en' ? r.labelEn : r.label;
  return REASON_WORDS[reason]?.[lang] ?? reason;
}

async function holdersOf(db: Db | Tx, tenant: string, reg: CompiledCardRegister, keys: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  const uniq = [...new Set(keys)];
  for (let i = 0; i < uniq.length; i += 500) {
    for (const r of await db.select({ key: records.key, f: records.fieldsJson }).from(records).where(and(eq(records.tenantSlug, tenant), eq(records.type, reg.holder), inArray(records.key, uniq.slice(i, i + 500))))) {
      out.set(r.key, JSON.parse(r.f) as Record<string, string>);
    }
  }
  return out;
}

/** `holders`: the rows' holder fields when the caller has read them already (the renewal letters). */
export async function cardViews(db: Db | Tx, tenant: string, reg: CompiledCardRegister, rows: CardRow[], lang: 'ja' | 'en', known?: Map<string, Record<string, string>>): Promise<CardView[]> {
  const holders = known ?? (await holdersOf(db, tenant, reg, rows.map((r) => r.holderKey)));
  return rows.map((r) => {
    const t = reg.cardTypes.find((c) => c.value === r.cardType);
    return {
      id: r.id,
      cardNo: r.cardNo,
      holderKey: r.holderKey,
      holderName: holders.get(r.holderKey)?.[reg.holderName] ?? '',
      subject: r.subject,
      leaseNo: r.leaseNo,
      cardType: r.cardType,
      cardTypeLabel: t ? (lang === 'en' ? t.labelEn : t.label) : r.cardType,
      expiryMonth: r.expiryMonth,
      state: r.state,
      stateLabel: cardStateLabel(r.state, lang),
      firstIssuedOn: r.firstIssuedOn,
      issuedOn: r.issuedOn,
      reason: r.reason,
      reasonLabel: reasonLabel(reg, r.reason, lang),
      issueFee: r.issueFee,
      validUntil: r.validUntil,
      endedOn: r.endedOn,
      renewalNoticeOn: r.renewalNoticeOn,
      previousId: r.previousId,
    };
  });
}

export function listCards(db: Db, tenant: string, reg: CompiledCardRegister, q: { state?: string; holder?: string; q?: string; limit?: number }): Promise<CardRow[]> {
  const conds: SQL[] = [eq(issuedCards.tenantSlug, tenant), eq(issuedCards.register, reg.id)];
  if (q.state) conds.push(inArray(issuedCards.state, q.state.split(',')));
  if (q.holder) conds.push(eq(issuedCards.holderKey, q.holder));
  if (q.q) {
    const pat = `%${normalizeSubject(q.q).replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(or(sql`${issuedCards.cardNo} LIKE ${pat} ESCAPE '\\'`, sql`${issuedCards.subject} LIKE ${pat} ESCAPE '\\'`, sql`${issuedCards.holderKey} LIKE ${pat} ESCAPE '\\'`)!);
  }
  return db
    .select()
    .from(issuedCards)
    .where(and(...conds))
    .orderBy(asc(issuedCards.holderKey), asc(issuedCards.subject), asc(issuedCards.issuedOn), asc(issuedCards.createdAt))
    .limit(q.limit ?? 1000);
}

/** All rows of a number, the card it replaced (a re-issue's previous number) and the card that replaced it. */
export async function cardLineage(db: Db, tenant: string, reg: CompiledCardRegister, cardNo: string): Promise<{ rows: CardRow[]; previous: CardRow | null; next: CardRow | null }> {
  const base = and(eq(issuedCards.tenantSlug, tenant), eq(issuedCards.register, reg.id));
  const rows = await db.select().from(issuedCards).where(and(base, eq(issuedCards.cardNo, cardNo))).orderBy(asc(issuedCards.issuedOn), asc(issuedCards.createdAt));
  if (!rows.length) throw new EngineError('card.not_found', { cardNo });
  const ids = rows.map((r) => r.id);
  const prevId = rows[0].previousId;
  const previous = prevId ? ((await db.select().from(issuedCards).where(eq(issuedCards.id, prevId)).limit(1))[0] ?? null) : null;
  const next = (await db.select().from(issuedCards).where(and(base, inArray(issuedCards.previousId, ids), sql`${issuedCards.cardNo} <> ${cardNo}`)).limit(1))[0] ?? null;
  return { rows, previous: previous && previous.cardNo !== cardNo ? previous : null, next };
}

/** 有効期限更新の案内書 made in `month`: in-use cards expiring renewalNoticeMonths later. */
export function renewalNoticeCards(db: Db | Tx, tenant: string, reg: CompiledCardRegister, month: string): Promise<CardRow[]> {
  return db
    .select()
    .from(issuedCards)
    .where(and(eq(issuedCards.tenantSlug, tenant), eq(issuedCards.register, reg.id), eq(issuedCards.state, CARD.inUse), eq(issuedCards.expiryMonth, addMonths(month, reg.renewalNoticeMonths))))
    .orderBy(asc(issuedCards.holderKey), asc(issuedCards.subject));
}

/** Marks the first printing of the notices; the later printings keep the first date. */
export function markNoticesPrinted(x: Ctx, month: string, date: string): Promise<CardRow[]> {
  return transaction(x.db, async (tx) => {
    const rows = await renewalNoticeCards(tx, tenantOf(x), x.reg, month);
    const fresh = rows.filter((r) => r.renewalNoticeOn === null).map((r) => r.id);
    if (fresh.length) await tx.update(issuedCards).set({ renewalNoticeOn: date, updatedAt: x.at }).where(inArray(issuedCards.id, fresh));
    await writeAudit(tx, { tenant: tenantOf(x), at: x.at, actor: x.actor, action: 'card.notices_printed', target: { type: 'card-register', id: x.reg.id }, details: { month, cards: rows.length, first: fresh.length } });
    return rows.map((r) => (fresh.includes(r.id) ? { ...r, renewalNoticeOn: date } : r));
  });
}

/** Contracts from a CSV (the holder type's columns): every row checked by the record rules, the
 *  days-off rule and the lease system; any problem returns the report and nothing is written. */
export async function importContracts(x: Ctx, text: string, lookup: LeaseLookup): Promise<{ imported: number; issues: ImportIssue[] }> {
  const tenant = tenantOf(x);
  const { rt, wf } = holderType(x.published, x.reg);
  const parsed = await parseImport(rt, text, async (keys) => {
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      for (const r of await x.db.select({ key: records.key }).from(records).where(and(eq(records.tenantSlug, tenant), eq(records.type, rt.id), inArray(records.key, keys.slice(i, i + 500))))) found.add(r.key);
    }
    return found;
  });
  const issues: ImportIssue[] = [...parsed.issues];
  if (!issues.length) {
    // Every row is also checked against the lease system and the days-off rule (row i is CSV line i + 2).
    const label = (id: string) => rt.fields.find((f) => f.id === id)?.label ?? id;
    for (const [i, row] of parsed.rows.entries()) {
      const line = i + 2;
      // parseImport checked the types and required fields; what is left is this kind's own rules.
      const found = [normalizeDaysOff(x.reg, row.fields, ''), ...(await leaseIssues(x.reg, rt, row.fields, lookup, ''))].filter((i) => i !== undefined);
      for (const iss of found) {
        const id = iss.path.slice(1);
        issues.push({ row: line, column: label(id), field: id, code: iss.code, message: iss.message, messageEn: iss.messageEn ?? iss.message });
      }
    }
  }
  if (issues.length) return { imported: 0, issues };
  const imported = await committed(x.db, () =>
    transaction(x.db, async (tx) => {
      const n = await insertRecords(tx, { tenant, rt, wf, rows: parsed.rows, actor: x.actor, at: x.at });
      await writeAudit(tx, { tenant, at: x.at, actor: x.actor, action: 'card.contracts_imported', target: { type: 'card-register', id: x.reg.id }, details: { count: n } });
      return n;
    }),
  );
  return { imported, issues: [] };
}

export { holdersOf };
