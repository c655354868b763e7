// Records and their history. Every change — import, transition, undo — runs in one
// transaction with its history rows and an audit row; nothing is ever deleted.
import { jsonText } from '../../engine/db/dialect';
import { randomBytes, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { writeAudit, type Actor, type Tx } from '../../engine/audit';
import { EngineError } from '../../engine/core/errors';
import type { Db } from '../../engine/db';
import { recordHistory, records } from '../../engine/db/schema';
import { ruleHolds } from '../../engine/rules';
import { can, requireRole, type StaffPrincipal } from '../../engine/staff/roles';
import { findTransition, stateLabel, type CompiledWorkflow } from '../workflow/block';
import type { CompiledRecord } from './block';

export type RecordRow = typeof records.$inferSelect;
export type HistoryRow = typeof recordHistory.$inferSelect;

export interface RecordView {
  id: string;
  key: string;
  fields: Record<string, string>;
  state: string;
  stateLabel: string;
  linkCode: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface HistoryView {
  id: number;
  at: string;
  from: string | null;
  fromLabel: string;
  to: string;
  toLabel: string;
  operator: string;
  inputs: Record<string, string>;
  note: string | null;
  reverses: number | null;
  reversedBy: number | null;
}

// No 0/O/1/I/L: read aloud on the phone and typed from a printed notice.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function newLinkCode(): string {
  const bytes = randomBytes(10);
  let s = '';
  for (const b of bytes) s += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return s;
}

/** Personal fields are left out for roles not allowed to see them. */
export function visibleFields(rt: CompiledRecord, staff: Pick<StaffPrincipal, 'role'>): string[] {
  const personal = can(staff, rt.personalRoles);
  return rt.fields.filter((f) => personal || !f.personal).map((f) => f.id);
}

export function recordView(rt: CompiledRecord, wf: CompiledWorkflow, row: RecordRow, shown: readonly string[], lang: 'ja' | 'en'): RecordView {
  const all = JSON.parse(row.fieldsJson) as Record<string, string>;
  const fields: Record<string, string> = {};
  for (const id of shown) if (all[id] !== undefined) fields[id] = all[id];
  return {
    id: row.id,
    key: row.key,
    fields,
    state: row.state,
    stateLabel: stateLabel(wf, row.state, lang),
    linkCode: row.linkCode,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export interface ListQuery {
  state?: string;
  q?: string;
  limit: number;
  offset: number;
}

function listWhere(tenant: string, rt: CompiledRecord, query: Pick<ListQuery, 'state' | 'q'>): SQL {
  const conds: SQL[] = [eq(records.tenantSlug, tenant), eq(records.type, rt.id)];
  if (query.state) conds.push(inArray(records.state, query.state.split(',')));
  if (query.q) {
    const pat = `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    // Only the declared searchable fields (and the key, the link code) are matched.
    const parts: SQL[] = [sql`${records.key} LIKE ${pat} ESCAPE '\\'`, sql`${records.linkCode} LIKE ${pat} ESCAPE '\\'`];
    for (const f of rt.searchable) parts.push(sql`${sql.raw(jsonText('fields_json', f))} LIKE ${pat} ESCAPE '\\'`);
    conds.push(or(...parts)!);
  }
  return and(...conds)!;
}

export async function listRecords(db: Db | Tx, tenant: string, rt: CompiledRecord, query: ListQuery): Promise<{ rows: RecordRow[]; total: number }> {
  const where = listWhere(tenant, rt, query);
  const [counted] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(records).where(where).limit(1);
  const total = counted?.n ?? 0;
  const rows = await db.select().from(records).where(where).orderBy(asc(records.key)).limit(query.limit).offset(query.offset);
  return { rows, total };
}

export async function* iterateRecords(db: Db, tenant: string, rt: CompiledRecord, query: Pick<ListQuery, 'state' | 'q'>): AsyncGenerator<RecordRow> {
  const where = listWhere(tenant, rt, query);
  let after = '';
  for (;;) {
    const rows = await db.select().from(records).where(and(where, sql`${records.key} > ${after}`)).orderBy(asc(records.key)).limit(500);
    if (!rows.length) return;
    yield* rows;
    after = rows[rows.length - 1].key;
  }
}

export async function findRecord(db: Db | Tx, tenant: string, rt: CompiledRecord, id: string): Promise<RecordRow> {
  const [row] = await db.select().from(records).where(and(eq(records.tenantSlug, tenant), eq(records.type, rt.id), eq(records.id, id))).limit(1);
  if (!row) throw new EngineError('record.not_found', { id });
  return row;
}

export async function historyOf(db: Db | Tx, recordIds: readonly string[]): Promise<HistoryRow[]> {
  if (!recordIds.length) return [];
  return db.select().from(recordHistory).where(inArray(recordHistory.recordId, [...recordIds])).orderBy(asc(recordHistory.id));
}

export function historyView(wf: CompiledWorkflow, rows: readonly HistoryRow[], lang: 'ja' | 'en'): HistoryView[] {
  const reversedBy = new Map(rows.filter((r) => r.reversesId !== null).map((r) => [r.reversesId!, r.id]));
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    from: r.fromState,
    fromLabel: stateLabel(wf, r.fromState, lang),
    to: r.toState,
    toLabel: stateLabel(wf, r.toState, lang),
    operator: r.operator,
    inputs: JSON.parse(r.inputsJson) as Record<string, string>,
    note: r.note,
    reverses: r.reversesId,
    reversedBy: reversedBy.get(r.id) ?? null,
  }));
}

/** Inserts validated records in their initial state, each with its creating history entry. */
export async function insertRecords(tx: Tx, o: { tenant: string; rt: CompiledRecord; wf: CompiledWorkflow; rows: { key: string; fields: Record<string, string> }[]; actor: Actor; at: number }): Promise<number> {
  for (const r of o.rows) {
    const id = randomUUID();
    await tx
      .insert(records)
      .values({ id, tenantSlug: o.tenant, type: o.rt.id, key: r.key, fieldsJson: JSON.stringify(r.fields), state: o.wf.initial, linkCode: o.rt.linkCode ? newLinkCode() : null, createdAt: o.at, updatedAt: o.at });
    await tx.insert(recordHistory).values({ tenantSlug: o.tenant, recordId: id, at: o.at, fromState: null, toState: o.wf.initial, operator: o.actor.id ?? o.actor.type, note: 'import' });
  }
  await writeAudit(tx, { tenant: o.tenant, at: o.at, actor: o.actor, action: 'record.imported', target: { type: 'record-type', id: o.rt.id }, details: { count: o.rows.length } });
  return o.rows.length;
}

export interface TransitionInput {
  to: string;
  inputs?: Record<string, unknown>;
  note?: string;
}

/** Checks and applies one transition inside the caller's transaction. */
export async function applyTransition(tx: Tx, o: { tenant: string; rt: CompiledRecord; wf: CompiledWorkflow; row: RecordRow; staff: StaffPrincipal; actor: Actor; at: number; input: TransitionInput }): Promise<HistoryRow> {
  const { wf, row, input } = o;
  const t = findTransition(wf, row.state, input.to);
  if (!t) {
    throw new EngineError('record.bad_transition', { from: stateLabel(wf, row.state), to: stateLabel(wf, input.to), fromEn: stateLabel(wf, row.state, 'en'), toEn: stateLabel(wf, input.to, 'en'), key: row.key });
  }
  if (t.roles) requireRole(o.staff, t.roles);
  const inputs: Record<string, string> = {};
  for (const def of t.inputs ?? []) {
    const raw = input.inputs?.[def.id];
    const v = raw === undefined || raw === null ? '' : String(raw).trim();
    if (!v) {
      if (def.required) throw new EngineError('record.input_required', { label: def.label, labelEn: def.labelEn ?? def.label, input: def.id });
      continue;
    }
    if (def.options && !def.options.includes(v)) throw new EngineError('record.input_invalid', { label: def.label, labelEn: def.labelEn ?? def.label, input: def.id });
    inputs[def.id] = v;
  }
  if (t.guard !== undefined && !ruleHolds(t.guard, { fields: JSON.parse(row.fieldsJson), inputs, state: row.state })) {
    throw new EngineError('record.guard_failed', { label: t.label, labelEn: t.labelEn ?? t.label, key: row.key });
  }
  await tx.update(records).set({ state: input.to, updatedAt: o.at }).where(eq(records.id, row.id));
  const [entry] = await tx
    .insert(recordHistory)
    .values({ tenantSlug: o.tenant, recordId: row.id, at: o.at, fromState: row.state, toState: input.to, operator: o.actor.id ?? o.actor.type, inputsJson: JSON.stringify(inputs), note: input.note ?? null })
    .returning();
  await writeAudit(tx, { tenant: o.tenant, at: o.at, actor: o.actor, action: 'record.transitioned', target: { type: 'record', id: row.id }, details: { type: o.rt.id, from: row.state, to: input.to, entry: entry.id } });
  return entry;
}

/** Undo (取消): a reversing entry back to the entry's from-state; the entry stays. */
export async function undoEntry(tx: Tx, o: { tenant: string; rt: CompiledRecord; wf: CompiledWorkflow; entryId: number; actor: Actor; at: number; note?: string }): Promise<HistoryRow> {
  const [entry] = await tx.select().from(recordHistory).where(and(eq(recordHistory.tenantSlug, o.tenant), eq(recordHistory.id, o.entryId))).limit(1);
  if (!entry) throw new EngineError('record.entry_not_found', { entry: o.entryId });
  const row = await findRecord(tx, o.tenant, o.rt, entry.recordId);
  const [reversal] = await tx.select({ id: recordHistory.id }).from(recordHistory).where(eq(recordHistory.reversesId, entry.id)).limit(1);
  if (reversal) throw new EngineError('record.already_undone', { entry: entry.id });
  if (entry.fromState === null) throw new EngineError('record.not_undoable', { reason: '取り込みの記録です', reasonEn: 'it is the import' });
  if (entry.reversesId !== null) throw new EngineError('record.not_undoable', { reason: '取消の記録です', reasonEn: 'it is an undo' });
  const all = await historyOf(tx, [row.id]);
  const reversed = new Set(all.map((h) => h.reversesId).filter((x) => x !== null));
  const last = all.filter((h) => h.reversesId === null && !reversed.has(h.id)).at(-1);
  // Only the latest standing move can be undone: an older one would skip the moves made since.
  if (!last || last.id !== entry.id || row.state !== entry.toState) throw new EngineError('record.not_undoable', { reason: 'その後の進捗があります', reasonEn: 'later entries exist' });
  await tx.update(records).set({ state: entry.fromState, updatedAt: o.at }).where(eq(records.id, row.id));
  const [rev] = await tx
    .insert(recordHistory)
    .values({ tenantSlug: o.tenant, recordId: row.id, at: o.at, fromState: entry.toState, toState: entry.fromState, operator: o.actor.id ?? o.actor.type, note: o.note ?? null, reversesId: entry.id })
    .returning();
  await writeAudit(tx, { tenant: o.tenant, at: o.at, actor: o.actor, action: 'record.undone', target: { type: 'record', id: row.id }, details: { type: o.rt.id, entry: entry.id, reversal: rev.id } });
  return rev;
}
