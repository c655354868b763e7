// What the invoices and reports read: the holders (records of the holder type), the register's
// cards (issued_cards) and the month's usage records, with the card → holder mapping.
import { and, asc, eq } from 'drizzle-orm';
import type { PublishedTenant } from '../../engine/config/tenant';
import type { Tx } from '../../engine/audit';
import type { Db } from '../../engine/db';
import { issuedCards, records, usageRecords } from '../../engine/db/schema';
import { holderOf, type CompiledBilling } from './block';

export type CardRow = typeof issuedCards.$inferSelect;
export type UsageRecordRow = typeof usageRecords.$inferSelect;

export interface Holder {
  key: string;
  name: string;
  fields: Record<string, string>;
}

export interface BillingData {
  holders: Map<string, Holder>;
  cards: CardRow[];
  /** Card number → its rows (a renewal keeps the number), oldest first. */
  byNumber: Map<string, CardRow[]>;
  usage: UsageRecordRow[];
}

export async function loadBillingData(db: Db | Tx, published: PublishedTenant, b: CompiledBilling, month: string): Promise<BillingData> {
  const tenant = published.tenant.slug;
  const { type, nameField } = holderOf(published, b);
  const holders = new Map<string, Holder>();
  for (const r of await db.select({ key: records.key, fieldsJson: records.fieldsJson }).from(records).where(and(eq(records.tenantSlug, tenant), eq(records.type, type)))) {
    const fields = JSON.parse(r.fieldsJson) as Record<string, string>;
    holders.set(r.key, { key: r.key, name: fields[nameField] ?? r.key, fields });
  }
  const cards = await db
    .select()
    .from(issuedCards)
    .where(and(eq(issuedCards.tenantSlug, tenant), eq(issuedCards.register, b.cards)))
    .orderBy(asc(issuedCards.issuedOn), asc(issuedCards.createdAt));
  const byNumber = new Map<string, CardRow[]>();
  for (const c of cards) byNumber.set(c.cardNo, [...(byNumber.get(c.cardNo) ?? []), c]);
  const usage = await db
    .select()
    .from(usageRecords)
    .where(and(eq(usageRecords.tenantSlug, tenant), eq(usageRecords.billing, b.id), eq(usageRecords.month, month)))
    .orderBy(asc(usageRecords.cardNo), asc(usageRecords.entryAt), asc(usageRecords.id));
  return { holders, cards, byNumber, usage };
}

/** The holder a card number is billed to (its latest row's). */
export function holderOfCard(data: BillingData, cardNo: string): string | undefined {
  const rows = data.byNumber.get(cardNo);
  return rows?.[rows.length - 1].holderKey;
}

/** The row of a card number valid on a day (issued on or before it, valid through it); else the latest issued before it. */
export function cardOn(data: BillingData, cardNo: string, day: string): CardRow | undefined {
  const rows = data.byNumber.get(cardNo) ?? [];
  return rows.filter((r) => r.issuedOn <= day && day <= r.validUntil).pop() ?? rows.filter((r) => r.issuedOn <= day).pop() ?? rows[0];
}

/** 'HH:MM' when the exit is on the entry day, else 'MM/DD HH:MM'. */
export function exitTimeText(entryAt: string, exitAt: string): string {
  return exitAt.slice(0, 10) === entryAt.slice(0, 10) ? exitAt.slice(11, 16) : `${exitAt.slice(5, 7)}/${exitAt.slice(8, 10)} ${exitAt.slice(11, 16)}`;
}
