// カード台帳の取込: the cards a company already issued, brought in as its current ledger (one
// in-use card per row). Every row is checked (columns, dates, card number, the lease system, the
// contract, the register) before anything is written; any problem returns the whole report.
// No EDI row is written: the cards exist already.
import { isDate, lastDayOfMonth } from '../../engine/schedule/dates';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { writeAudit, type Tx } from '../../engine/audit';
import { committed, transaction } from '../../engine/db';
import { issuedCards, records } from '../../engine/db/schema';
import { importIssue, readCsvTable, type ImportIssue } from '../../engine/export/csv-import';
import { normalizeSubject, type LeaseLookup } from './lookup';
import { CARD, REASON } from './states';
import { holderType, luhnDigit, monthOf, type CardRow, type Ctx } from './store';
import './messages';

type Col = 'cardNo' | 'subject' | 'cardType' | 'expiryMonth' | 'firstIssuedOn' | 'issuedOn' | 'reason';

/** The columns in their documented order (by id, Japanese or English header). */
export function cardImportColumns(x: Pick<Ctx, 'reg'>): { id: Col; label: string; labelEn: string }[] {
  return [
    { id: 'cardNo', label: 'カード番号', labelEn: 'Card no.' },
    { id: 'subject', label: x.reg.subject.label, labelEn: x.reg.subject.labelEn },
    { id: 'cardType', label: 'カード種類', labelEn: 'Card type' },
    { id: 'expiryMonth', label: '有効期限年月', labelEn: 'Expiry month' },
    { id: 'firstIssuedOn', label: '初回カード発行日', labelEn: 'First issued on' },
    { id: 'issuedOn', label: 'カード発行日', labelEn: 'Issued on' },
    { id: 'reason', label: '発行理由', labelEn: 'Reason' },
  ];
}

const YM = /^(\d{4})-?(0[1-9]|1[0-2])$/;
const REASON_WORDS: Record<string, string[]> = { [REASON.new]: ['新規', 'New'], [REASON.renewal]: ['更新', 'Renewal'] };

interface Candidate {
  line: number;
  cardNo: string;
  subject: string;
  cardType: string;
  expiryMonth: string;
  firstIssuedOn: string;
  issuedOn: string;
  reason: string;
  issueFee: number;
  leaseNo: string;
}

export async function importCards(x: Ctx, text: string, lookup: LeaseLookup): Promise<{ imported: number; issues: ImportIssue[] }> {
  const tenant = x.published.tenant.slug;
  const fields = cardImportColumns(x);
  const table = readCsvTable(text, fields, { empty: 'record.import_empty', unknownColumn: 'record.import_unknown_column', duplicateColumn: 'record.import_duplicate_column', badRow: 'record.import_bad_row' });
  const issues: ImportIssue[] = [...table.issues];
  for (const f of fields) if (table.header.length && !table.cols.includes(f)) issues.push(importIssue(1, f.label, 'card.import_missing_column', { column: f.label }, f.id));
  if (issues.length) return { imported: 0, issues };
  issues.push(...table.rowIssues);

  const { prefix, digits } = x.reg.cardNumber;
  const candidates: Candidate[] = [];
  const seenNo = new Map<string, number>();
  const seenSubject = new Map<string, number>();
  // A ledger has many vehicles per lease: ask the lease system once per contract.
  const leases = new Map<string, ReturnType<LeaseLookup['contract']>>();
  const leaseOf = (leaseNo: string) => leases.get(leaseNo) ?? (leases.set(leaseNo, lookup.contract(leaseNo)), leases.get(leaseNo)!);
  for (const { line, cells } of table.rows) {
    const cell = (id: Col) => (cells[table.cols.findIndex((f) => f?.id === id)] ?? '').normalize('NFKC').trim();
    const col = (id: Col) => fields.find((f) => f.id === id)!.label;
    const bad = (id: Col, code: string, params: Record<string, unknown> = {}) => issues.push(importIssue(line, col(id), code, params, id));
    const before = issues.length;
    for (const f of fields) if (!cell(f.id)) bad(f.id, 'card.import_required', { column: f.label, columnEn: f.labelEn });
    if (issues.length > before) continue;

    const cardNo = cell('cardNo');
    if (!/^\d+$/.test(cardNo) || cardNo.length !== digits || !cardNo.startsWith(prefix)) bad('cardNo', 'card.import_bad_card_no', { prefix, digits });
    else if (luhnDigit(cardNo.slice(0, -1)) !== cardNo.slice(-1)) bad('cardNo', 'card.import_bad_check_digit', { cardNo });
    else if (seenNo.has(cardNo)) bad('cardNo', 'card.import_duplicate_card_no', { cardNo, row: seenNo.get(cardNo) });
    else seenNo.set(cardNo, line);

    const typeRaw = cell('cardType');
    const type = x.reg.cardTypes.find((t) => t.value === typeRaw || t.label === typeRaw || t.labelEn === typeRaw);
    if (!type) bad('cardType', 'card.bad_card_type');

    const reasonRaw = cell('reason');
    const fixed = Object.entries(REASON_WORDS).find(([v, words]) => v === reasonRaw || words.includes(reasonRaw))?.[0];
    const reissue = x.reg.reissueReasons.find((r) => r.value === reasonRaw || r.label === reasonRaw || r.labelEn === reasonRaw);
    if (!fixed && !reissue) bad('reason', 'card.import_bad_reason', { value: reasonRaw });

    const ym = YM.exec(cell('expiryMonth'));
    if (!ym) bad('expiryMonth', 'card.bad_month');
    const first = cell('firstIssuedOn');
    const issued = cell('issuedOn');
    if (!isDate(first)) bad('firstIssuedOn', 'card.bad_date');
    if (!isDate(issued)) bad('issuedOn', 'card.bad_date');
    else if (isDate(first) && first > issued) bad('firstIssuedOn', 'card.import_first_after_issue', { issuedOn: issued });
    const expiryMonth = ym ? `${ym[1]}-${ym[2]}` : '';
    if (ym && isDate(issued) && expiryMonth < monthOf(issued)) bad('expiryMonth', 'card.import_expiry_before_issue', { month: expiryMonth, issuedOn: issued });

    const subject = normalizeSubject(cell('subject'));
    if (seenSubject.has(subject)) bad('subject', 'card.import_duplicate_subject', { subject, row: seenSubject.get(subject) });
    else seenSubject.set(subject, line);
    const vehicle = await lookup.vehicle(subject);
    const lease = vehicle ? await leaseOf(vehicle.leaseNo) : null;
    if (!vehicle) bad('subject', 'card.subject_not_found', { subject });
    else if (!lease) bad('subject', 'card.lease_not_found', { leaseNo: vehicle.leaseNo });

    if (issues.length > before || !type || !lease) continue;
    const reason = fixed ?? reissue!.value;
    const issueFee = fixed || reissue!.fee ? x.reg.issueFee : 0;
    candidates.push({ line, cardNo, subject, cardType: type.value, expiryMonth, firstIssuedOn: first, issuedOn: issued, reason, issueFee, leaseNo: lease.leaseNo });
  }

  // What the database says is read in the writing transaction, so no clerk slips a card in between.
  return committed(x.db, () =>
    transaction(x.db, async (tx) => {
      const all = [...issues, ...(await registerIssues(tx, x, candidates, (id) => fields.find((f) => f.id === id)!.label))].sort((a, b) => a.row - b.row);
      if (all.length) return { imported: 0, issues: all };
      const rows = candidates.map(
        (c): CardRow => ({
          id: randomUUID(),
          tenantSlug: tenant,
          register: x.reg.id,
          cardNo: c.cardNo,
          holderKey: c.leaseNo,
          subject: c.subject,
          leaseNo: c.leaseNo,
          cardType: c.cardType,
          expiryMonth: c.expiryMonth,
          state: CARD.inUse,
          firstIssuedOn: c.firstIssuedOn,
          issuedOn: c.issuedOn,
          reason: c.reason,
          issueFee: c.issueFee,
          validUntil: lastDayOfMonth(c.expiryMonth),
          previousId: null,
          endedOn: null,
          renewalNoticeOn: null,
          createdAt: x.at,
          updatedAt: x.at,
        }),
      );
      for (let i = 0; i < rows.length; i += 200) await tx.insert(issuedCards).values(rows.slice(i, i + 200));
      await writeAudit(tx, { tenant, at: x.at, actor: x.actor, action: 'card.cards_imported', target: { type: 'card-register', id: x.reg.id }, details: { count: rows.length } });
      return { imported: rows.length, issues: [] };
    }),
  );
}

/** The rows' conflicts with what is stored: contract registered and active, subject without an in-use card, number unused. */
async function registerIssues(tx: Tx, x: Ctx, rows: Candidate[], col: (id: Col) => string): Promise<ImportIssue[]> {
  const tenant = x.published.tenant.slug;
  const { rt, wf } = holderType(x.published, x.reg);
  const out: ImportIssue[] = [];
  const contracts = new Map<string, string>();
  const inUse = new Map<string, string>();
  const numbers = new Set<string>();
  const chunks = <T>(a: T[]) => Array.from({ length: Math.ceil(a.length / 500) }, (_, i) => a.slice(i * 500, i * 500 + 500));
  const base = and(eq(issuedCards.tenantSlug, tenant), eq(issuedCards.register, x.reg.id));
  for (const keys of chunks([...new Set(rows.map((r) => r.leaseNo))])) {
    for (const r of await tx.select({ key: records.key, state: records.state }).from(records).where(and(eq(records.tenantSlug, tenant), eq(records.type, rt.id), inArray(records.key, keys)))) contracts.set(r.key, r.state);
  }
  for (const subjects of chunks(rows.map((r) => r.subject))) {
    for (const r of await tx.select({ subject: issuedCards.subject, cardNo: issuedCards.cardNo }).from(issuedCards).where(and(base, eq(issuedCards.state, CARD.inUse), inArray(issuedCards.subject, subjects)))) inUse.set(r.subject, r.cardNo);
  }
  for (const nos of chunks(rows.map((r) => r.cardNo))) {
    for (const r of await tx.select({ cardNo: issuedCards.cardNo }).from(issuedCards).where(and(base, inArray(issuedCards.cardNo, nos)))) numbers.add(r.cardNo);
  }
  for (const r of rows) {
    // Contracts are registered in the workflow's first state (契約中); any other state has ended.
    if (contracts.get(r.leaseNo) !== wf.initial) out.push(importIssue(r.line, col('subject'), 'card.no_contract', { leaseNo: r.leaseNo }, 'subject'));
    const current = inUse.get(r.subject);
    if (current) out.push(importIssue(r.line, col('subject'), 'card.subject_in_use', { subject: r.subject, cardNo: current }, 'subject'));
    if (numbers.has(r.cardNo)) out.push(importIssue(r.line, col('cardNo'), 'card.import_card_no_exists', { cardNo: r.cardNo }, 'cardNo'));
  }
  return out;
}
