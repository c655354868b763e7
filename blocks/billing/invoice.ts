// Monthly invoices per customer (holder), by the rules of etc-common.md:
//   tolls       = the month's usage records on any card number of the holder;
//   issue fees  = issue_fee of the holder's cards issued in the month;
//   annual fees = annualFee per card lineage with a card valid on the month's last day whose
//                 first issue month is this month or a whole number of years before it.
// Issuing stores each invoice (the breakdown in detail_json) once; afterwards the stored
// invoices are what every view shows, never a recomputation.
import { lastDayOfMonth, monthsBetween } from '../../engine/schedule/dates';
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { writeAudit, type Actor, type Tx } from '../../engine/audit';
import type { PublishedTenant } from '../../engine/config/tenant';
import { EngineError } from '../../engine/core/errors';
import { transaction, type Db } from '../../engine/db';
import { invoices } from '../../engine/db/schema';
import type { CompiledBilling } from './block';
import { exitTimeText, holderOfCard, loadBillingData, type CardRow } from './data';

export interface InvoiceLine {
  /** Entry day (利用日), 'YYYY-MM-DD'. */
  date: string;
  entryPoint: string;
  exitPoint: string;
  subject: string;
  /** 'HH:MM', or 'MM/DD HH:MM' when the exit is on another day. */
  exitTime: string;
  amount: number;
}

export interface InvoiceCard {
  cardNo: string;
  subject: string;
  issueFee: number;
  annualFee: number;
  tolls: number;
  lines: InvoiceLine[];
}

export interface Invoice {
  customer: string;
  customerName: string;
  tolls: number;
  issueFees: number;
  annualFees: number;
  total: number;
  cards: InvoiceCard[];
}

/** The first card of a row's lineage (renewals and re-issues chain through previous_id). */
function lineageRoot(byId: Map<string, CardRow>, row: CardRow): string {
  let cur = row;
  const seen = new Set<string>();
  while (cur.previousId && byId.has(cur.previousId) && !seen.has(cur.id)) {
    seen.add(cur.id);
    cur = byId.get(cur.previousId)!;
  }
  return cur.id;
}

export async function computeInvoices(db: Db | Tx, published: PublishedTenant, b: CompiledBilling, month: string): Promise<Invoice[]> {
  const data = await loadBillingData(db, published, b, month);
  const last = lastDayOfMonth(month);
  const perHolder = new Map<string, Map<string, InvoiceCard>>();
  const cardOf = (holder: string, cardNo: string, subject: string) => {
    let cards = perHolder.get(holder);
    if (!cards) perHolder.set(holder, (cards = new Map()));
    let c = cards.get(cardNo);
    if (!c) cards.set(cardNo, (c = { cardNo, subject, issueFee: 0, annualFee: 0, tolls: 0, lines: [] }));
    return c;
  };
  const latestSubject = (cardNo: string) => {
    const rows = data.byNumber.get(cardNo) ?? [];
    return rows.filter((r) => r.issuedOn <= last).pop()?.subject ?? rows[0]?.subject ?? '';
  };

  for (const u of data.usage) {
    const holder = holderOfCard(data, u.cardNo);
    if (!holder) continue;
    const c = cardOf(holder, u.cardNo, latestSubject(u.cardNo));
    c.tolls += u.amount;
    // data.usage is in card and entry order, so each card's lines are too.
    c.lines.push({ date: u.entryAt.slice(0, 10), entryPoint: u.entryPoint, exitPoint: u.exitPoint, subject: u.subject, exitTime: exitTimeText(u.entryAt, u.exitAt), amount: u.amount });
  }
  for (const row of data.cards) {
    if (row.issuedOn.slice(0, 7) !== month) continue;
    cardOf(row.holderKey, row.cardNo, row.subject).issueFee += row.issueFee;
  }
  // Annual fee: one per lineage, on the number of its card valid at the month's end.
  const byId = new Map(data.cards.map((r) => [r.id, r]));
  const validAtEnd = new Map<string, CardRow>();
  for (const row of data.cards) {
    if (!(row.issuedOn <= last && last <= row.validUntil)) continue;
    const root = lineageRoot(byId, row);
    const prev = validAtEnd.get(root);
    if (!prev || prev.issuedOn <= row.issuedOn) validAtEnd.set(root, row);
  }
  for (const row of validAtEnd.values()) {
    const n = monthsBetween(row.firstIssuedOn.slice(0, 7), month);
    if (n < 0 || n % 12 !== 0 || b.annualFee === 0) continue;
    cardOf(row.holderKey, row.cardNo, row.subject).annualFee += b.annualFee;
  }

  const out: Invoice[] = [];
  for (const [holder, cardsMap] of perHolder) {
    const cards = [...cardsMap.values()].sort((a, z) => (a.cardNo < z.cardNo ? -1 : a.cardNo > z.cardNo ? 1 : 0));
    const tolls = cards.reduce((s, c) => s + c.tolls, 0);
    const issueFees = cards.reduce((s, c) => s + c.issueFee, 0);
    const annualFees = cards.reduce((s, c) => s + c.annualFee, 0);
    const total = tolls + issueFees + annualFees;
    if (total === 0 && !cards.some((c) => c.lines.length)) continue;
    out.push({ customer: holder, customerName: data.holders.get(holder)?.name ?? holder, tolls, issueFees, annualFees, total, cards });
  }
  return out.sort((a, z) => (a.customer < z.customer ? -1 : a.customer > z.customer ? 1 : 0));
}

export interface StoredInvoice extends Invoice {
  id: string;
  issuedAt: number;
  issuedBy: string;
}

export async function storedInvoices(db: Db | Tx, tenant: string, billing: string, month: string): Promise<StoredInvoice[]> {
  const rows = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantSlug, tenant), eq(invoices.billing, billing), eq(invoices.month, month)))
    .orderBy(asc(invoices.customer));
  return rows.map((r) => ({ id: r.id, customer: r.customer, customerName: r.customerName, tolls: r.usage, issueFees: r.issueFees, annualFees: r.annualFees, total: r.total, cards: JSON.parse(r.detailJson) as InvoiceCard[], issuedAt: r.issuedAt, issuedBy: r.issuedBy }));
}

/** The month's invoices: the stored ones once issued, else the preview computed now. */
export async function monthInvoices(db: Db, published: PublishedTenant, b: CompiledBilling, month: string): Promise<{ issued: boolean; invoices: (Invoice | StoredInvoice)[] }> {
  const stored = await storedInvoices(db, published.tenant.slug, b.id, month);
  return stored.length ? { issued: true, invoices: stored } : { issued: false, invoices: await computeInvoices(db, published, b, month) };
}

/** Issues the month: stores every invoice with an audit row in one transaction; an issued month is returned as stored. */
export function issueInvoices(db: Db, o: { published: PublishedTenant; billing: CompiledBilling; month: string; at: number; actor: Actor }): Promise<{ created: boolean; invoices: StoredInvoice[] }> {
  const tenant = o.published.tenant.slug;
  return transaction(db, async (tx) => {
    const existing = await storedInvoices(tx, tenant, o.billing.id, o.month);
    if (existing.length) return { created: false, invoices: existing };
    const computed = await computeInvoices(tx, o.published, o.billing, o.month);
    // Nothing stored would leave the month open anyway: say so rather than log an empty issue.
    if (!computed.length) throw new EngineError('billing.nothing_to_issue', { month: o.month });
    const by = o.actor.id ?? o.actor.type;
    for (const inv of computed) {
      await tx
        .insert(invoices)
        .values({ id: randomUUID(), tenantSlug: tenant, billing: o.billing.id, month: o.month, customer: inv.customer, customerName: inv.customerName, usage: inv.tolls, issueFees: inv.issueFees, annualFees: inv.annualFees, total: inv.total, detailJson: JSON.stringify(inv.cards), issuedAt: o.at, issuedBy: by });
    }
    await writeAudit(tx, { tenant, at: o.at, actor: o.actor, action: 'billing.invoices_issued', target: { type: 'billing', id: o.billing.id }, details: { month: o.month, invoices: computed.length, total: computed.reduce((s, i) => s + i.total, 0) } });
    return { created: true, invoices: await storedInvoices(tx, tenant, o.billing.id, o.month) };
  });
}
