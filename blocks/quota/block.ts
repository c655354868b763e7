// `quota`: per-person limits. A person is a member (by member id) or, for
// anonymous bookings, a normalised phone number (and email where given).
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { registerMessages } from '../../engine/core/messages';
import labels from './labels.json';
import schema from './schema.json';

export interface QuotaBlock extends RawBlock {
  kind: 'quota';
  title: string;
  titleEn?: string;
  scope?: 'service' | 'tenant';
  maxActive?: number;
  perPeriod?: { period: 'day' | 'week' | 'month' | 'year'; max: number };
  maxPartySize?: number;
}

export interface CompiledQuota {
  id: string;
  title: string;
  titleEn: string;
  scope: 'service' | 'tenant';
  maxActive?: number;
  perPeriod?: { period: 'day' | 'week' | 'month' | 'year'; max: number };
  maxPartySize?: number;
}

registerMessages({
  'quota.empty': { status: 422, ja: '上限が1つも設定されていません（maxActive・perPeriod・maxPartySize のいずれかを指定してください）。', en: 'The quota sets no limit (use maxActive, perPeriod or maxPartySize).' },
});

export const quotaBlock = defineBlock<QuotaBlock, CompiledQuota>({
  kind: 'quota',
  version: 1,
  schema,
  labels,
  cardinality: 'many',
  migrations: [],
  title: { ja: '申込制限', en: 'Quota' },
  check(b, ctx) {
    if (b.maxActive === undefined && b.perPeriod === undefined && b.maxPartySize === undefined) ctx.issue('', 'quota.empty');
  },
  compile: (b) => ({
    id: b.id,
    title: b.title,
    titleEn: b.titleEn ?? b.title,
    scope: b.scope ?? 'service',
    ...(b.maxActive !== undefined ? { maxActive: b.maxActive } : {}),
    ...(b.perPeriod ? { perPeriod: b.perPeriod } : {}),
    ...(b.maxPartySize !== undefined ? { maxPartySize: b.maxPartySize } : {}),
  }),
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    quota: CompiledQuota;
  }
}
