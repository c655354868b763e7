// `billing` (利用料金の請求, issue 19): usage records (toll records) imported from the road
// operators' EDI file each month, and the monthly invoices per customer (the holder of the
// cards of a card register): tolls, card issue fees and annual fees. Two reports for the
// customers: uses on their days off, and uses by another vehicle than the card's.
// Reads the card register's table `issued_cards` directly (the data contract in engine/db/schema.ts).
import type { PublishedTenant } from '../../engine/config/tenant';
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { EngineError } from '../../engine/core/errors';
import { billingRoutes } from './routes';
import { billingCommands } from './commands';
import schema from './schema.json';
import './messages';

export interface BillingBlock extends RawBlock {
  kind: 'billing';
  title: string;
  titleEn?: string;
  cards: string;
  holder?: string;
  annualFee: number;
  usage?: { label?: string; labelEn?: string; pointLabel?: string };
  businessDays?: { daysOff?: string; holidaysOff?: string };
}

export interface CompiledBilling {
  id: string;
  title: string;
  titleEn: string;
  /** The card-register block's id (issued_cards.register). */
  cards: string;
  /** The holder record type when the block names it; else the register's (see holderOf). */
  holder: string | null;
  annualFee: number;
  usage: { label: string; labelEn: string; pointLabel: string };
  businessDays: { daysOff: string | null; holidaysOff: string | null };
}


/** The record type of the customers (the card holders) and the field holding their name. */
export function holderOf(published: PublishedTenant, b: CompiledBilling): { type: string; nameField: string } {
  const reg = published.tenant.get('card-register', b.cards);
  const type = b.holder ?? reg?.holder;
  if (!type || !published.tenant.get('record', type)) throw new EngineError('billing.no_holder', { billing: b.id });
  return { type, nameField: reg?.holderName ?? 'name' };
}

export function findBilling(published: PublishedTenant, id: string | undefined): CompiledBilling {
  const all = published.tenant.list('billing');
  if (id === undefined || id === '') {
    if (all.length === 1) return all[0];
    throw new EngineError('billing.not_found', { billing: '' });
  }
  const b = published.tenant.get('billing', id);
  if (!b) throw new EngineError('billing.not_found', { billing: id });
  return b;
}

export const billingBlock = defineBlock<BillingBlock, CompiledBilling>({
  kind: 'billing',
  version: 1,
  schema,
  cardinality: 'many',
  migrations: [],
  title: { ja: '利用料金の請求', en: 'Usage billing' },
  refs: (b) => [{ kind: 'card-register', id: b.cards, path: '/cards' }],
  check(b, ctx) {
    const reg = ctx.find('card-register', b.cards) as { holder?: string } | undefined;
    const holder = b.holder ?? reg?.holder;
    if (b.holder && !ctx.find('record', b.holder)) ctx.issue('/holder', 'billing.unknown_holder', { id: b.holder });
    const rt = holder ? (ctx.find('record', holder) as { fields?: { id: string }[] } | undefined) : undefined;
    if (rt) {
      for (const k of ['daysOff', 'holidaysOff'] as const) {
        const f = b.businessDays?.[k];
        if (f && !rt.fields?.some((x) => x.id === f)) ctx.issue(`/businessDays/${k}`, 'billing.unknown_field', { field: f, type: holder });
      }
    }
  },
  compile: (b) => ({
    id: b.id,
    title: b.title,
    titleEn: b.titleEn ?? b.title,
    cards: b.cards,
    holder: b.holder ?? null,
    annualFee: b.annualFee,
    usage: { label: b.usage?.label ?? '通行料金', labelEn: b.usage?.labelEn ?? b.usage?.label ?? 'Tolls', pointLabel: b.usage?.pointLabel ?? 'IC' },
    businessDays: { daysOff: b.businessDays?.daysOff ?? null, holidaysOff: b.businessDays?.holidaysOff ?? null },
  }),
  behaviour: { routes: billingRoutes, commands: billingCommands },
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    billing: CompiledBilling;
  }
}
